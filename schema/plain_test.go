package schema

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"cuelang.org/go/cue"
	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/amlc-dev/amlc/fixtures"
)

// The plain path must agree with the CUE path wherever it answers: the
// same model, the same findings at the same positions. These tests run both
// on every spec the repository has (fixtures, the CLI scripts' files, the
// fuzz corpus) and on synthetic repositories.

// plainCorpus returns directories of spec files to compare the paths on.
func plainCorpus(t *testing.T) []string {
	t.Helper()
	var dirs []string
	for _, name := range fixtures.Names {
		dir := t.TempDir()
		entries, _ := fixtures.FS.ReadDir(name)
		for _, e := range entries {
			data, _ := fixtures.FS.ReadFile(name + "/" + e.Name())
			writeFile(t, filepath.Join(dir, e.Name()), data)
		}
		dirs = append(dirs, dir)
	}
	scripts, err := filepath.Glob(filepath.Join("..", "cmd", "amlc", "testdata", "script", "*.txtar"))
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no CLI scripts: %v", err)
	}
	for _, s := range scripts {
		ar, err := txtar.ParseFile(s)
		if err != nil {
			t.Fatal(err)
		}
		root := t.TempDir()
		seen := map[string]bool{}
		for _, f := range ar.Files {
			if kindOf(f.Name) == "" {
				continue
			}
			path := filepath.Join(root, filepath.FromSlash(f.Name))
			writeFile(t, path, f.Data)
			if d := filepath.Dir(path); !seen[d] {
				seen[d] = true
				dirs = append(dirs, d)
			}
		}
	}
	corpus, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzVet", "*"))
	for _, c := range corpus {
		data, kind, ok := readFuzzEntry(c)
		if !ok {
			continue
		}
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "spec"+[]string{".cue", ".json", ".yaml"}[kind%3]), data)
		dirs = append(dirs, dir)
	}
	return append(dirs, writeSynthetic(t, 200, 10))
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// readFuzzEntry reads a corpus file of FuzzVet ([]byte, uint8).
func readFuzzEntry(path string) ([]byte, uint8, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, false
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "[]byte(") || !strings.HasPrefix(lines[2], "byte(") {
		return nil, 0, false
	}
	b, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"))
	if err != nil {
		return nil, 0, false
	}
	var kind uint8
	if s := strings.TrimSuffix(strings.TrimPrefix(lines[2], "byte("), ")"); len(s) > 0 {
		kind = uint8(s[len(s)-1]) // the last digit is enough to pick an extension
	}
	return []byte(b), kind, true
}

// comparePaths vets paths both ways and reports whether the plain path
// answered; where it did, everything must agree.
func comparePaths(t *testing.T, paths []string, opts Options) bool {
	t.Helper()
	pkgs, _, ds := loadInputs(paths, opts)
	if ds.HasErrors() {
		return false
	}
	c, err := compileSchema()
	if err != nil {
		t.Fatal(err)
	}
	_, at, ok := vetPlain(c, pkgs)
	if !ok {
		return false
	}
	opts.KeepPositions = true
	fast := Vet(paths, opts)
	opts.CUEOnly = true
	slow := Vet(paths, opts)
	if d := cmp.Diff(slow.Spec, fast.Spec); d != "" {
		t.Errorf("%v: models differ (-cue +plain):\n%s", paths, d)
	}
	if d := cmp.Diff(slow.Diags, fast.Diags); d != "" {
		t.Errorf("%v: findings differ (-cue +plain):\n%s", paths, d)
	}
	// Every written path, and a missing field under each, is placed alike.
	var walk func(n *pnode, labels []string)
	walk = func(n *pnode, labels []string) {
		for _, l := range [][]string{labels, append(slices.Clone(labels), "amlc-missing")} {
			if want, got := slow.Pos(l...), fast.Pos(l...); want != got {
				t.Errorf("%v: position of %v: cue %v, plain %v", paths, l, want, got)
			}
		}
		for _, f := range n.fields {
			walk(f.value, append(slices.Clone(labels), f.name))
		}
	}
	walk(at.root, nil)
	return true
}

func TestPlainAgreesWithCUE(t *testing.T) {
	dirs := plainCorpus(t)
	plain := 0
	for _, d := range dirs {
		if comparePaths(t, []string{d}, Options{}) {
			plain++
		}
	}
	t.Logf("%d of %d inputs took the plain path", plain, len(dirs))
	if plain < len(dirs)/3 {
		t.Errorf("only %d of %d inputs took the plain path", plain, len(dirs))
	}
}

// Constructs the plain path leaves to CUE.
func TestPlainDeclines(t *testing.T) {
	base := "workspaces: w: {subscription: \"6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\", resourceGroup: \"rg\", location: \"eastus\"}\n"
	for name, src := range map[string]string{
		"reference":      base + "x: 4\nworkspaces: w: clusters: c: {vmSize: \"Standard_D2_v2\", maxNodes: x}",
		"definition":     base + "#C: {vmSize: \"Standard_D2_v2\"}\nworkspaces: w: clusters: c: #C & {maxNodes: 2}",
		"disjunction":    base + "workspaces: w: clusters: c: {vmSize: \"Standard_D2_v2\", maxNodes: 2 | 3}",
		"comprehension":  base + "workspaces: w: clusters: {for n in [\"a\"] {(n): {vmSize: \"Standard_D2_v2\", maxNodes: 2}}}",
		"optional field": base + "workspaces: w: clusters: c: {vmSize: \"Standard_D2_v2\", maxNodes: 2, description?: \"x\"}",
		"scalar twice":   base + "workspaces: w: clusters: c: {vmSize: \"Standard_D2_v2\", maxNodes: 2}\nworkspaces: w: clusters: c: maxNodes: 2",
		"hex int":        base + "workspaces: w: clusters: c: {vmSize: \"Standard_D2_v2\", maxNodes: 0x2}",
		"unknown field":  base + "workspaces: w: clusters: c: {vmSize: \"Standard_D2_v2\", maxNode: 2}",
		"missing field":  base + "workspaces: w: clusters: c: {vmSize: \"Standard_D2_v2\"}",
		"out of range":   base + "workspaces: w: clusters: c: {vmSize: \"Standard_D2_v2\", maxNodes: 0}",
		"bad enum":       base + "workspaces: w: clusters: c: {vmSize: \"Standard_D2_v2\", maxNodes: 2, priority: \"Spot\"}",
		"wrong kind":     base + "workspaces: w: clusters: c: {vmSize: \"Standard_D2_v2\", maxNodes: \"2\"}",
		"let":            "let s = \"rg\"\n" + strings.Replace(base, `"rg"`, "s", 1),
		"import":         "import \"strings\"\n" + strings.Replace(base, `"rg"`, `strings.ToLower("RG")`, 1),
		"attribute":      base + "workspaces: w: location: \"eastus\" @foo()",
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "spec.cue"), []byte(src))
			if comparePaths(t, []string{dir}, Options{}) {
				t.Errorf("the plain path answered for %s", name)
			}
		})
	}
}

// The shape read from the embedded schema knows every construct in it,
// and a leaf said to allow every value of its kind does.
func TestPlainShape(t *testing.T) {
	c, err := compileSchema()
	if err != nil {
		t.Fatal(err)
	}
	ps, err := deriveShape(c)
	if err != nil {
		t.Fatalf("the plain path cannot read the embedded schema: %v", err)
	}
	probes := []any{"", "x", "Dedicated", "LowPriority", "Linux", "Windows", "Enabled", "120s",
		int64(-1), int64(0), int64(1), int64(100), int64(2147483647), int64(2147483648), true, false, nil}
	var leaves, anyOf, coveredLeaves int
	var walk func(s *shape, path string)
	walk = func(s *shape, path string) {
		switch s.kind {
		case sStruct:
			for _, name := range s.order {
				walk(s.fields[name].shape, path+"."+name)
			}
			if s.pattern != nil {
				walk(s.pattern, path+".*")
			}
		case sList:
			walk(s.elem, path+"[]")
		case sLeaf:
			leaves++
			if s.anyOfK {
				anyOf++
			}
			pc := &plainChecker{ctx: c.ctx, answers: map[leafKey]bool{}}
			// What the leaf allows without asking, CUE allows.
			var covered []any
			if s.nonEmpty {
				covered = append(covered, "a", "Z", " ", "ml-prod", "Standard_D2_v2", "é✓", "\x00", "${x}", strings.Repeat("x", 300))
				coveredLeaves++
			}
			if s.hasInts {
				covered = append(covered, s.intLo, s.intLo+1, (s.intLo+s.intHi)/2, s.intHi-1, s.intHi)
				coveredLeaves++
			}
			for _, p := range covered {
				if s.leaf.Unify(c.ctx.Encode(p)).Validate(cue.Concrete(true)) != nil {
					t.Errorf("%s: the plain path allows %v without asking, CUE rejects it", path, p)
				}
			}
			for _, p := range probes {
				n, _ := plainLitOf(p)
				want := s.leaf.Unify(c.ctx.Encode(p)).Validate() == nil
				if got := pc.leafAllows(n, s); got != want {
					t.Errorf("%s: %v allowed %v, CUE says %v", path, p, got, want)
				}
			}
		}
	}
	walk(ps.top, "")
	if leaves < 20 || anyOf == 0 || anyOf == leaves || coveredLeaves < 5 {
		t.Errorf("%d leaves, %d allow their whole kind, %d have a cover: the schema walk looks wrong", leaves, anyOf, coveredLeaves)
	}
}

// plainLitOf makes the plain value of a Go scalar.
func plainLitOf(x any) (*pnode, bool) {
	switch x := x.(type) {
	case string:
		return &pnode{kind: pString, str: x}, true
	case int64:
		return &pnode{kind: pInt, num: x}, true
	case bool:
		return &pnode{kind: pBool, b: x}, true
	case nil:
		return &pnode{kind: pNull}, true
	}
	return nil, false
}

// Plain inputs the scripts do not have: each must take the plain path and
// agree with CUE.
func TestPlainEdgeCases(t *testing.T) {
	const ws = `workspaces: w: {subscription: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", resourceGroup: "rg", location: "eastus"}` + "\n"
	const cl = `workspaces: w: clusters: c: {vmSize: "standard_d2_v2", maxNodes: 2}` + "\n"
	for name, files := range map[string]map[string]string{
		"empty file last":    {"a.cue": ws + cl, "b.cue": ""},
		"empty file first":   {"a.cue": "", "b.cue": ws + cl},
		"package only":       {"a.cue": "package x\n" + ws + cl, "b.cue": "package x\n"},
		"no package":         {"a.cue": ws, "b.cue": cl},
		"json and yaml":      {"a.cue": ws, "b.json": `{"workspaces": {"w": {"clusters": {"c": {"vmSize": "Standard_D2_v2", "maxNodes": 3, "tags": {"k": "v"}}}}}}`, "c.yaml": "workspaces:\n  w:\n    clusters:\n      d:\n        vmSize: Standard_D2_v2\n        maxNodes: 1\n        minNodes: 0\n        network:\n          nodePublicIp: true\n"},
		"yaml only":          {"a.yaml": "workspaces:\n  w:\n    subscription: 6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\n    resourceGroup: rg\n    location: eastus\n    clusters:\n      c: {vmSize: Standard_D2_v2, maxNodes: 2, localAuth: false}\n"},
		"escapes":            {"a.cue": ws + cl + `workspaces: w: clusters: c: {description: "tab\t\"q\" \u00e9 \\ end", tags: {"x\ny": #"raw \n"#}}` + "\n"},
		"multi-line":         {"a.cue": ws + cl + "workspaces: w: clusters: c: description: \"\"\"\n\tline one\n\tline two\n\t\"\"\"\n"},
		"password ref":       {"a.cue": ws + `workspaces: w: clusters: c: {vmSize: "Standard_D2_v2", maxNodes: 2, ssh: {adminUser: "azureuser", password: secret: "CLUSTER_PW"}}`},
		"password literal":   {"a.cue": ws + `workspaces: w: clusters: c: {vmSize: "Standard_D2_v2", maxNodes: 2, ssh: {adminUser: "azureuser", password: "fuzz-Secret-1"}}`},
		"password number":    {"a.cue": ws + `workspaces: w: clusters: c: {vmSize: "Standard_D2_v2", maxNodes: 2, ssh: {adminUser: "azureuser", password: 12}}`},
		"password list":      {"a.cue": ws + `workspaces: w: clusters: c: {vmSize: "Standard_D2_v2", maxNodes: 2, ssh: {adminUser: "azureuser", password: [1, "a", {b: null}]}}`},
		"identity ids":       {"a.cue": ws + `workspaces: w: clusters: c: {vmSize: "Standard_D2_v2", maxNodes: 2, identity: {type: "UserAssigned", ids: ["/subscriptions/6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1"]}}`},
		"empty list":         {"a.cue": ws + `workspaces: w: clusters: c: {vmSize: "Standard_D2_v2", maxNodes: 2, identity: {type: "UserAssigned", ids: []}}`},
		"empty structs":      {"a.cue": ws + cl + "workspaces: w: clusters: c: tags: {}\nquotas: {}\n"},
		"checks fail":        {"a.cue": ws + `workspaces: w: clusters: "Bad_Name": {vmSize: "Standard_Nope", maxNodes: 200, idleTimeBeforeScaleDown: "soon", location: "moon"}`},
		"quotas":             {"a.cue": ws + cl + `quotas: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d": eastus: {dedicated: {total: 1, families: standardDv2Family: 1}, lowPriority: 0, clusters: 1}`},
		"quota split":        {"a.cue": ws + cl + `quotas: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d": eastus: dedicated: total: 1`, "b.cue": `quotas: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d": eastus: dedicated: families: standardDv2Family: 1`},
		"workspace name":     {"a.cue": ws + cl + `workspaces: w: name: "other-name"`},
		"empty name":         {"a.cue": ws + cl + `workspaces: w: name: ""`},
		"negative zero":      {"a.cue": ws + `workspaces: w: clusters: c: {vmSize: "Standard_D2_v2", maxNodes: 2, minNodes: -0}`},
		"two packages":       {"a.cue": "package a\n" + ws, "sub/b.cue": "package b\n" + cl},
		"null in tags value": {"a.cue": ws + cl},
		"budget":             {"a.cue": ws + cl + "workspaces: w: budget: monthly: 20\n"},
		"budget exceeded":    {"a.cue": ws + cl + "workspaces: w: {budget: monthly: 5, clusters: c: minNodes: 1}\n"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			for f, src := range files {
				writeFile(t, filepath.Join(dir, f), []byte(src))
			}
			paths := []string{dir}
			if _, err := os.Stat(filepath.Join(dir, "sub")); err == nil {
				paths = append(paths, filepath.Join(dir, "sub"))
			}
			if !comparePaths(t, paths, Options{}) {
				t.Errorf("the plain path declined")
			}
		})
	}
}
