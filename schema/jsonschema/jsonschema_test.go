package jsonschema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/build"
	"cuelang.org/go/cue/cuecontext"
	"cuelang.org/go/cue/errors"
	"cuelang.org/go/cue/parser"
	"cuelang.org/go/cue/token"
	cuejson "cuelang.org/go/encoding/json"
	cueyaml "cuelang.org/go/encoding/yaml"
	jsv "github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/tools/txtar"

	"github.com/amlc-dev/amlc/fixtures"
	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/internal/testkit"
	"github.com/amlc-dev/amlc/internal/yamlguard"
	"github.com/amlc-dev/amlc/schema"
)

// shipped is the JSON Schema in the repository, for editors to point at.
const shipped = "../amlc.schema.json"

// TestShipped keeps schema/amlc.schema.json equal to what Generate makes
// of the embedded schema; AMLC_UPDATE=1 rewrites it.
func TestShipped(t *testing.T) {
	got, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	if testkit.Update() {
		if err := os.WriteFile(shipped, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(shipped)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run AMLC_UPDATE=1 go test ./schema/jsonschema and review the diff", shipped)
	}
}

// compiled is the generated JSON Schema, compiled by an independent
// validator.
func compiled(t *testing.T) *jsv.Schema {
	t.Helper()
	src, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsv.UnmarshalJSON(bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	c := jsv.NewCompiler()
	c.DefaultDraft(jsv.Draft2020)
	c.AssertFormat()
	if err := c.AddResource("amlc.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("amlc.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validate(s *jsv.Schema, doc []byte) error {
	inst, err := jsv.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return s.Validate(inst)
}

// exportFixture is `cue export` of a fixture directory: the user's data as
// JSON, without amlc's defaults.
func exportFixture(t *testing.T, name string) []byte {
	t.Helper()
	entries, err := fixtures.FS.ReadDir(name)
	if err != nil {
		t.Fatal(err)
	}
	inst := build.NewContext().NewInstance(name, nil)
	for _, e := range entries {
		src, err := fixtures.FS.ReadFile(name + "/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if err := addCUE(inst, name+"/"+e.Name(), src); err != nil {
			t.Fatal(err)
		}
	}
	v := cuecontext.New().BuildInstance(inst)
	if err := v.Validate(cue.Concrete(true)); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	data, err := v.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// tame reports whether CUE source can be evaluated here without a bound:
// it parses, and imports nothing, calls nothing and multiplies nothing
// (the scripts hold specs built to exhaust memory or time, which amlc
// evaluates under its bounds).
func tame(src []byte) bool {
	f, err := parser.ParseFile("x.cue", src)
	if err != nil {
		return false
	}
	ok := true
	ast.Walk(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ImportDecl, *ast.ImportSpec, *ast.CallExpr:
			ok = false
		case *ast.BinaryExpr:
			if n.Op != token.AND && n.Op != token.OR && n.Op != token.ADD {
				ok = false
			}
		}
		return ok
	}, nil)
	return ok
}

// addCUE parses a CUE file into an instance.
func addCUE(inst *build.Instance, name string, src []byte) error {
	f, err := parser.ParseFile(name, src)
	if err != nil {
		return err
	}
	return inst.AddSyntax(f)
}

// TestFixtures: every bundled example, exported to JSON, is valid under
// the JSON Schema, and a misspelt field in it is not.
func TestFixtures(t *testing.T) {
	s := compiled(t)
	for _, name := range fixtures.Names {
		t.Run(name, func(t *testing.T) {
			data := exportFixture(t, name)
			if err := validate(s, data); err != nil {
				t.Fatalf("the JSON Schema refuses the fixture: %v", err)
			}
			// Misspell the first field of every cluster: maxNodes → maxnodes.
			bad := bytes.ReplaceAll(data, []byte(`"maxNodes"`), []byte(`"maxnodes"`))
			err := validate(s, bad)
			if err == nil {
				t.Fatal("the JSON Schema accepts maxnodes for maxNodes")
			}
			if !strings.Contains(err.Error(), "maxnodes") {
				t.Errorf("the error does not name the misspelt field: %v", err)
			}
		})
	}
}

// TestAgreesWithCUE checks that the JSON Schema and the CUE schema (#Spec,
// as `cue vet -d '#Spec'` applies it) accept and refuse the same
// documents: every fixture, every JSON and YAML spec of the command-line
// scripts, and variants of each valid one with a field misspelt, left out,
// of the wrong type or out of range.
func TestAgreesWithCUE(t *testing.T) {
	s := compiled(t)
	ctx := cuecontext.New()
	spec := ctx.CompileBytes(schema.Source).LookupPath(cue.ParsePath("#Spec"))
	if spec.Err() != nil {
		t.Fatal(spec.Err())
	}
	cueAccepts := func(doc []byte) error {
		x, err := cuejson.Extract("doc.json", doc)
		if err != nil {
			t.Fatalf("%v: %s", err, doc)
		}
		return spec.Unify(ctx.BuildExpr(x)).Validate(cue.Concrete(true))
	}

	docs := map[string][]byte{}
	for _, name := range fixtures.Names {
		docs["fixtures/"+name] = exportFixture(t, name)
	}
	for name, doc := range scriptSpecs(t) {
		docs[name] = doc
	}
	if len(docs) < 20 {
		t.Fatalf("only %d documents to compare", len(docs))
	}
	names := make([]string, 0, len(docs))
	for n := range docs {
		names = append(names, n)
	}
	sort.Strings(names)
	compared, valid := 0, 0
	for _, name := range names {
		doc := docs[name]
		variants := map[string][]byte{"as written": doc}
		if cueAccepts(doc) == nil {
			valid++
			for k, v := range mutations(t, doc) {
				variants[k] = v
			}
		}
		for what, v := range variants {
			compared++
			cueErr, jsErr := cueAccepts(v), validate(s, v)
			if (cueErr == nil) != (jsErr == nil) {
				t.Errorf("%s, %s: CUE says %v, the JSON Schema says %v\n%s", name, what, cueErr, jsErr, v)
			}
		}
	}
	if valid < 10 {
		t.Errorf("only %d valid documents to vary", valid)
	}
	t.Logf("compared %d documents (%d valid ones varied)", compared, valid)
}

// scriptSpecs reads the JSON and YAML spec files of the command-line
// scripts, as JSON.
func scriptSpecs(t *testing.T) map[string][]byte {
	t.Helper()
	dir := filepath.Join(testkit.RepoRoot(t), "cmd", "amlc", "testdata", "script")
	paths, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := cuecontext.New()
	out := map[string][]byte{}
	keep := func(name string, data []byte) {
		var top map[string]any
		if json.Unmarshal(data, &top) != nil {
			return // not an object: amlc refuses it before any schema
		}
		if _, ok := top["workspaces"]; !ok {
			if _, ok := top["quotas"]; !ok {
				return // not a spec (a catalog, a plan)
			}
		}
		// Re-encoded, a duplicate key (which CUE refuses and JSON Schema
		// cannot see) keeps its last value.
		data, err := json.Marshal(top)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = data
	}
	for _, p := range paths {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		// The CUE files of each directory, exported as cue export would.
		cueDirs := map[string]*build.Instance{}
		for _, f := range ar.Files {
			if filepath.Ext(f.Name) != ".cue" || strings.Contains(f.Name, "cue.mod") {
				continue
			}
			dir := filepath.Dir(f.Name)
			if cueDirs[dir] == nil {
				cueDirs[dir] = build.NewContext().NewInstance(dir, nil)
			}
			if !tame(f.Data) || addCUE(cueDirs[dir], f.Name, f.Data) != nil {
				cueDirs[dir].Err = errors.Promote(fmt.Errorf("%s is left out", f.Name), "")
			}
		}
		for dir, inst := range cueDirs {
			if inst.Err != nil {
				continue
			}
			v := ctx.BuildInstance(inst)
			if v.Validate(cue.Concrete(true)) != nil {
				continue
			}
			if data, err := v.MarshalJSON(); err == nil {
				keep(filepath.Base(p)+"/"+dir, data)
			}
		}
		for _, f := range ar.Files {
			var data []byte
			switch filepath.Ext(f.Name) {
			case ".json":
				if !json.Valid(f.Data) {
					continue
				}
				data = f.Data
			case ".yaml", ".yml":
				if yamlguard.MergeCycle(f.Name, f.Data) != nil {
					continue // a file that shows amlc refusing it
				}
				file, err := cueyaml.Extract(f.Name, f.Data)
				if err != nil {
					continue
				}
				v := ctx.BuildFile(file)
				if data, err = v.MarshalJSON(); err != nil {
					continue
				}
			default:
				continue
			}
			keep(filepath.Base(p)+"/"+f.Name, data)
		}
	}
	return out
}

// mutations returns variants of a valid document: each object member
// misspelt, each member left out, each scalar replaced by a value of
// another type, each number made negative and each string emptied.
func mutations(t *testing.T, doc []byte) map[string][]byte {
	t.Helper()
	var root any
	if err := json.Unmarshal(doc, &root); err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	var walk func(path []string, get func(any) any)
	add := func(what string, f func(any) any) {
		v := f(clone(root))
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out[what] = b
	}
	walk = func(path []string, _ func(any) any) {
		here := lookup(root, path)
		p := strings.Join(path, ".")
		switch x := here.(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				k := k
				add(p+": misspell "+k, func(r any) any {
					m := lookup(r, path).(map[string]any)
					m[strings.ToLower(k)+"x"] = m[k]
					delete(m, k)
					return r
				})
				add(p+": leave out "+k, func(r any) any {
					delete(lookup(r, path).(map[string]any), k)
					return r
				})
				walk(append(slices.Clip(path), k), nil)
			}
		case []any:
			for i := range x {
				walk(append(slices.Clip(path), fmt.Sprint(i)), nil)
			}
			add(p+": an object for the list", func(r any) any { return set(r, path, map[string]any{}) })
		case string:
			add(p+": a number for the string", func(r any) any { return set(r, path, 5) })
			add(p+": an empty string", func(r any) any { return set(r, path, "") })
		case float64:
			add(p+": a string for the number", func(r any) any { return set(r, path, "5") })
			add(p+": a negative number", func(r any) any { return set(r, path, -x-1) })
			add(p+": a fraction", func(r any) any { return set(r, path, x+0.5) })
			add(p+": above int32", func(r any) any { return set(r, path, 2147483648) })
		case bool:
			add(p+": a string for the boolean", func(r any) any { return set(r, path, "true") })
		}
	}
	walk(nil, nil)
	return out
}

func clone(v any) any {
	b, _ := json.Marshal(v)
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

func lookup(v any, path []string) any {
	for _, p := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			var i int
			fmt.Sscan(p, &i)
			v = x[i]
		}
	}
	return v
}

func set(root any, path []string, val any) any {
	if len(path) == 0 {
		return val
	}
	parent := lookup(root, path[:len(path)-1])
	last := path[len(path)-1]
	switch x := parent.(type) {
	case map[string]any:
		x[last] = val
	case []any:
		var i int
		fmt.Sscan(last, &i)
		x[i] = val
	}
	return root
}

// TestUnsupported: a schema construct the generator does not know is an
// error, never a JSON Schema that silently says something else.
func TestUnsupported(t *testing.T) {
	for _, field := range []string{
		`x?: strings.MinRunes(3)`,
		`x?: [int, int]`,
		`x?: {for k in ["a"] {(k): 1}}`,
		`x?: [=~"^a"]: int`,
		`x?: #Missing`,
		`x?: *y | int`,
		`x?: >=y`,
	} {
		src := "package amlc\n#Workspace: {a: string}\n#Top: {\n\tworkspaces?: [string]: {...}\n\t" + field + "\n}\n"
		if _, err := generate([]byte(src)); err == nil {
			t.Errorf("%s: no error", field)
		} else {
			t.Logf("%s: %v", field, err)
		}
	}
	// The same frame with a supported field generates.
	if _, err := generate([]byte("package amlc\n#Workspace: {a: string}\n#Top: {\n\tworkspaces?: [string]: {...}\n\tx?: int & >=0\n}\n")); err != nil {
		t.Errorf("a supported schema: %v", err)
	}
}

// TestEditorsDocListsAmlcOnlyChecks: docs/editors.md says which checks only
// amlc runs; every family of codes that the JSON Schema cannot express
// (all but input/ and the shape checks of schema/) must be in it.
func TestEditorsDocListsAmlcOnlyChecks(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(testkit.RepoRoot(t), "docs", "editors.md"))
	if err != nil {
		t.Fatal(err)
	}
	shape := map[string]bool{"schema/unknown-field": true, "schema/type": true, "schema/enum": true,
		"schema/required": true, "schema/range": true, "schema/invalid": true}
	for _, r := range diag.Rules {
		family, _, _ := strings.Cut(r.Code, "/")
		switch {
		case shape[r.Code], family == "input":
		case family == "schema":
			if !bytes.Contains(doc, []byte("`"+r.Code+"`")) {
				t.Errorf("docs/editors.md does not say that only amlc checks %s", r.Code)
			}
		default:
			if !bytes.Contains(doc, []byte("`"+family+"/`")) {
				t.Errorf("docs/editors.md does not say that only amlc checks %s/ (%s)", family, r.Code)
			}
		}
	}
}
