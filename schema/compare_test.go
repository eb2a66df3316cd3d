package schema

import (
	"slices"
	"strings"
	"testing"

	"cuelang.org/go/cue"
	"github.com/google/go-cmp/cmp"

	"github.com/amlc-dev/amlc/internal/bound"
	"github.com/amlc-dev/amlc/internal/diag"
)

// The ways to the model must agree: the plain path (plain.go) and the
// evaluated path (evaluated.go) with the diagnostic path (CUEOnly) on the
// model, the findings and their positions, wherever they answer; and the
// diagnostic path, which unifies the configuration's data with the schema,
// with the way amlc took before (rawUnify: the configuration as written
// unified with the schema), except where amlc's defaults come after the
// user's on purpose (explainedByDefaults).

// loaded is a spec directory taken as far as the user's value.
type loaded struct {
	c    *compiled
	pkgs *packages
	uv   cue.Value // the user's value
}

// loadForWays takes paths through the steps of Vet before the ways part; false
// when the files do not get that far.
func loadForWays(t *testing.T, paths []string, opts Options) (*loaded, bool) {
	t.Helper()
	pkgs, _, ds := loadInputs(paths, opts)
	if ds.HasErrors() || risky(pkgs) {
		// A repetition may ask for more memory than the machine has:
		// Vet evaluates it in another process (Options.Guard).
		return nil, false
	}
	c, err := compileSchema()
	if err != nil {
		t.Fatal(err)
	}
	l := &loaded{c: c, pkgs: pkgs}
	var evs []*evaluated
	if err := bound.Run(opts.limits(), func() { evs = evaluateAll(c, pkgs) }); err != nil {
		return nil, false // past the bounds: Vet reports that alike every way
	}
	uv, bds := buildUser(c.ctx, evs)
	if bds.HasErrors() {
		return nil, false
	}
	l.uv = uv
	return l, true
}

// compareWays vets paths every way, checks that they agree, and returns the
// way Vet takes by default ("plain", "evaluated", "diagnostic" or "" when
// the files do not load).
func compareWays(t *testing.T, paths []string) string {
	strict := !slices.ContainsFunc(paths, func(p string) bool { return strings.Contains(p, fuzzDirMark) })
	return compareWaysAt(t, paths, strict, Options{})
}

// compareWaysAt is compareWays (which is strict except on the inputs of
// the fuzz corpus); strict compares the findings of the diagnostic path
// with those of the configuration unified as written in every detail.
// That holds for the specs the tests pin (fixtures, scripts). On arbitrary
// inputs (fuzzing), what CUE reports about an invalid configuration
// unified as written is not always reproducible from its data (a scalar
// embedded in a struct literal has no position of its own; a reference
// that cannot be resolved is an incomplete value to the data; a struct
// that is also a string is reported as one or the other), so there the
// two must agree on whether the configuration has errors at all, and on
// everything where it has none.
func compareWaysAt(t *testing.T, paths []string, strict bool, opts Options) string {
	t.Helper()
	l, ok := loadForWays(t, paths, opts)
	if !ok {
		return ""
	}
	opts.KeepPositions = true
	fast := Vet(paths, opts)
	opts.CUEOnly = true
	slow := Vet(paths, opts)
	if d := cmp.Diff(slow.Spec, fast.Spec); d != "" {
		t.Errorf("%v: models differ (-diagnostic +%s):\n%s", paths, fast.way, d)
	}
	if d := cmp.Diff(slow.Diags, fast.Diags); d != "" {
		t.Errorf("%v: findings differ (-diagnostic +%s):\n%s", paths, fast.way, d)
	}
	if fast.way == "plain" {
		// Every written path, and a missing field under each, is placed
		// alike.
		_, at, _ := vetPlain(l.c, l.pkgs, nil)
		var walk func(n *pnode, labels []string)
		walk = func(n *pnode, labels []string) {
			for _, lb := range [][]string{labels, append(slices.Clone(labels), "amlc-missing")} {
				if want, got := slow.Pos(lb...), fast.Pos(lb...); want != got {
					t.Errorf("%v: position of %v: cue %v, plain %v", paths, lb, want, got)
				}
			}
			for _, f := range n.fields {
				walk(f.value, append(slices.Clone(labels), f.name))
			}
		}
		walk(at.root, nil)
	}
	if fast.way == "evaluated" {
		// Every value of the configuration, and a missing field under
		// each, is placed as the unified configuration places it.
		if root, ok := evalTree(l.uv); ok {
			walkPaths(root, nil, func(labels []string) {
				if want, got := slow.Pos(labels...), fast.Pos(labels...); want != got {
					t.Errorf("%v: position of %v: cue %v, evaluated %v", paths, labels, want, got)
				}
			})
		}
	}
	opts.rawUnify = true
	raw := Vet(paths, opts)
	if !strict && raw.Diags.HasErrors() != slow.Diags.HasErrors() {
		t.Errorf("%v: unified as written, errors: %v; diagnostic path, errors: %v:\n%v\n%v", paths,
			raw.Diags.HasErrors(), slow.Diags.HasErrors(), raw.Diags, slow.Diags)
	}
	if !strict && raw.Diags.HasErrors() {
		return fast.way
	}
	if why := explainedByDefaults(l, raw, slow); why == "" {
		// With errors, the model is what each could decode around them:
		// the findings are compared (and those of the checks on it).
		if d := cmp.Diff(raw.Spec, slow.Spec); d != "" && !raw.Diags.HasErrors() {
			t.Errorf("%v: models differ (-unified as written +diagnostic):\n%s", paths, d)
		}
		if d := cmp.Diff(raw.Diags, slow.Diags); d != "" {
			t.Errorf("%v: findings differ (-unified as written +diagnostic):\n%s", paths, d)
		}
	}
	return fast.way
}

// explainedByDefaults says why the configuration as written and its data
// may be judged differently by the schema, or "": because amlc's defaults
// come after the user's. Unified as written, a field of the schema's was
// not allowed (a closed definition of the user's that does not declare
// amlc's defaulted fields), or a field whose value has a default of the
// user's was judged with amlc's default (not concrete, when the two
// differ; or amlc's, where the user's is not valid), and the data path
// judged that field otherwise.
func explainedByDefaults(l *loaded, raw, data *Result) string {
	if !l.uv.Exists() {
		return ""
	}
	errorsAt := func(r *Result) map[string]bool {
		m := map[string]bool{}
		for _, d := range r.Diags {
			if d.Severity == diag.Error {
				m[d.Path] = true
			}
		}
		return m
	}
	rawErr, dataErr := errorsAt(raw), errorsAt(data)
	userDefault := func(path string) bool {
		_, ok := l.uv.LookupPath(cuePath(parsePath(path))).Default()
		return ok
	}
	for _, d := range raw.Diags {
		if d.Severity != diag.Error || dataErr[d.Path] {
			continue
		}
		if _, known := l.c.schemaAt(parsePath(d.Path)); known && d.Code == "schema/unknown-field" {
			return "a closed definition without amlc's fields"
		}
		if userDefault(d.Path) {
			return "a default of the user's that differs from amlc's"
		}
	}
	for _, d := range data.Diags {
		if d.Severity == diag.Error && !rawErr[d.Path] && userDefault(d.Path) {
			return "a default of the user's that is not valid"
		}
	}
	return ""
}

// parsePath splits a finding's path into selectors as CUE errors give them.
func parsePath(p string) []string {
	var out []string
	for _, sel := range cue.ParsePath(p).Selectors() {
		out = append(out, sel.String())
	}
	return out
}

// Every fixture, every CLI script's files, the fuzz corpus and a synthetic
// repository: the ways agree.
func TestWaysAgree(t *testing.T) {
	ways := map[string]int{}
	dirs := plainCorpus(t)
	for _, d := range dirs {
		ways[compareWays(t, []string{d})]++
	}
	t.Logf("%d inputs: %v", len(dirs), ways)
	if ways["evaluated"] == 0 || ways["diagnostic"] == 0 {
		t.Errorf("the corpus does not exercise every way: %v", ways)
	}
}

// CUE that is not plain data, valid: each takes the evaluated path and
// agrees with the others.
func TestEvaluatedEdgeCases(t *testing.T) {
	const ws = `workspaces: "ml-w": {subscription: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", resourceGroup: "rg", location: "eastus"}` + "\n"
	for name, src := range map[string]string{
		"reference":          ws + "_n: 4\nworkspaces: \"ml-w\": clusters: \"cpu-c\": {vmSize: \"Standard_D2_v2\", maxNodes: _n}",
		"definition":         ws + "#C: {vmSize: \"Standard_D2_v2\", minNodes: *0 | int, ...}\nworkspaces: \"ml-w\": clusters: \"cpu-c\": #C & {maxNodes: 2}",
		"same defaults":      ws + "#C: {vmSize: string, maxNodes: *3 | int, priority: *\"Dedicated\" | \"LowPriority\", osType: *\"Linux\" | \"Windows\", localAuth: *false | bool}\nworkspaces: \"ml-w\": clusters: \"cpu-c\": #C & {vmSize: \"Standard_D2_v2\"}",
		"platform default":   ws + "#C: {vmSize: string, maxNodes: int, idleTimeBeforeScaleDown: *\"30m\" | string}\nworkspaces: \"ml-w\": clusters: {\"cpu-a\": #C & {vmSize: \"Standard_D2_v2\", maxNodes: 2}, \"cpu-b\": #C & {vmSize: \"Standard_D2_v2\", maxNodes: 2, idleTimeBeforeScaleDown: \"5m\"}}",
		"closed definition":  ws + "#C: close({vmSize: \"Standard_D2_v2\", maxNodes: 4})\nworkspaces: \"ml-w\": clusters: \"cpu-c\": #C",
		"comprehension":      ws + "workspaces: \"ml-w\": clusters: {for i, n in [\"a\", \"b\"] {\"cpu-\\(n)\": {vmSize: \"Standard_D2_v2\", maxNodes: i + 1, tags: index: \"\\(i)\"}}}",
		"list comprehension": ws + "workspaces: \"ml-w\": clusters: \"cpu-c\": {vmSize: \"Standard_D2_v2\", maxNodes: 2, identity: {type: \"UserAssigned\", ids: [for n in [\"a\", \"b\"] {\"/subscriptions/6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/\\(n)\"}]}}",
		"hidden and let":     "let rg = \"rg\"\n_sub: \"6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\"\nworkspaces: \"ml-w\": {subscription: _sub, resourceGroup: rg, location: \"eastus\", clusters: \"cpu-c\": {vmSize: \"Standard_D2_v2\", maxNodes: 2}}",
		"stdlib":             "import \"strings\"\n" + ws + "workspaces: \"ml-w\": clusters: \"cpu-c\": {vmSize: strings.ToUpper(\"standard_d2_v2\"), maxNodes: 2, tags: t: strings.Join([\"a\", \"b\"], \"-\")}",
		"password ref":       ws + "_pw: secret: \"PW\"\nworkspaces: \"ml-w\": clusters: \"cpu-c\": {vmSize: \"Standard_D2_v2\", maxNodes: 2, ssh: {adminUser: \"azureuser\", password: _pw}}",
		"quotas":             ws + "workspaces: \"ml-w\": clusters: \"cpu-c\": {vmSize: \"Standard_D2_v2\", maxNodes: 2}\nquotas: {for s in [\"6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\"] {(s): eastus: {dedicated: total: 10 * 10, lowPriority: 0}}}",
		"checks fail":        ws + "_big: 200\nworkspaces: \"ml-w\": clusters: \"Bad_Name\": {vmSize: \"Standard_Nope\", maxNodes: _big, idleTimeBeforeScaleDown: \"soon\"}",
		"user default":       ws + "workspaces: \"ml-w\": clusters: \"cpu-c\": {vmSize: \"Standard_D2_v2\", maxNodes: 2, description: *\"x\" | string}",
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir+"/spec.cue", []byte(src))
			if way := compareWays(t, []string{dir}); way != "evaluated" {
				t.Errorf("took the %q way", way)
			}
		})
	}
}

// CUE with something wrong: the evaluated path declines, and the ways
// agree on the findings.
func TestEvaluatedDeclines(t *testing.T) {
	const ws = `workspaces: "ml-w": {subscription: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", resourceGroup: "rg", location: "eastus"}` + "\n"
	for name, src := range map[string]string{
		"not concrete":                  ws + "workspaces: \"ml-w\": clusters: \"cpu-c\": {vmSize: \"Standard_D2_v2\", maxNodes: int}",
		"open, no default":              ws + "workspaces: \"ml-w\": clusters: \"cpu-c\": {vmSize: \"Standard_D2_v2\", maxNodes: 2, idleTimeBeforeScaleDown: =~\"m$\"}",
		"default out of enum":           ws + "#C: {priority: *\"Spot\" | string, ...}\nworkspaces: \"ml-w\": clusters: \"cpu-c\": #C & {vmSize: \"Standard_D2_v2\", maxNodes: 2}",
		"required unset":                ws + "#C: {vmSize!: string, maxNodes: 2}\nworkspaces: \"ml-w\": clusters: \"cpu-c\": #C",
		"float":                         ws + "workspaces: \"ml-w\": clusters: \"cpu-c\": {vmSize: \"Standard_D2_v2\", maxNodes: 2.5}",
		"bytes":                         ws + "workspaces: \"ml-w\": clusters: \"cpu-c\": {vmSize: 'Standard_D2_v2', maxNodes: 2}",
		"unknown field":                 ws + "_x: 3\nworkspaces: \"ml-w\": clusters: \"cpu-c\": {vmSize: \"Standard_D2_v2\", maxNode: _x}",
		"struct disjunction":            ws + "#A: {vmSize: \"Standard_D2_v2\", maxNodes: 2}\n#B: {vmSize: \"Standard_D3_v2\", maxNodes: 2}\nworkspaces: \"ml-w\": clusters: \"cpu-c\": #A | #B",
		"conflict":                      ws + "_n: 2\nworkspaces: \"ml-w\": clusters: \"cpu-c\": {vmSize: \"Standard_D2_v2\", maxNodes: _n}\nworkspaces: \"ml-w\": clusters: \"cpu-c\": maxNodes: 3",
		"platform default and an error": ws + "#C: {vmSize: string, maxNodes: int, idleTimeBeforeScaleDown: *\"30m\" | string}\nworkspaces: \"ml-w\": clusters: {\"cpu-a\": #C & {vmSize: \"Standard_D2_v2\", maxNodes: 0}, \"cpu-b\": #C & {vmSize: \"Standard_D2_v2\", maxNodes: 2}}",
		"closed and an error":           ws + "#C: {vmSize: \"Standard_D2_v2\", maxNodes: 4}\nworkspaces: \"ml-w\": clusters: {\"cpu-c\": #C, \"cpu-d\": {vmSize: \"Standard_D2_v2\", maxNodes: 2, priority: \"Spot\"}}",
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir+"/spec.cue", []byte(src))
			if way := compareWays(t, []string{dir}); way != "diagnostic" {
				t.Errorf("took the %q way", way)
			}
		})
	}
}

// evaluateAll evaluates the units of pkgs without a cache.
func evaluateAll(c *compiled, pkgs *packages) []*evaluated {
	_, evs := (*Cache)(nil).evaluateUnits(c.ctx, pkgs, nil)
	return evs
}

// walkPaths calls f with the labels of every value of a tree, and of a
// missing field under each.
func walkPaths(n *pnode, labels []string, f func([]string)) {
	f(labels)
	f(append(slices.Clone(labels), "amlc-missing"))
	for _, fd := range n.fields {
		walkPaths(fd.value, append(slices.Clone(labels), fd.name), f)
	}
}
