package compiler

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/amlc-dev/amlc/internal/testkit"
)

// FuzzCompile compiles arbitrary models (the JSON form of the golden
// inputs, mutated). Compile must never panic; when it succeeds, compiling
// again gives the same bytes, every ARM template is JSON without a null,
// and every file ends in a newline; and each workspace's template prints
// as encoding/json marshals it, from a tree that is its JSON data.
func FuzzCompile(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	for _, p := range paths {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			f.Fatal(err)
		}
		if spec, ok := testkit.Section(ar, "spec.json"); ok {
			f.Add(spec)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		spec, err := testkit.DecodeSpec(data)
		if err != nil {
			return
		}
		files, err := Compile(spec, Options{})
		if err != nil {
			return
		}
		again, err := Compile(spec, Options{})
		if err != nil || len(again) != len(files) {
			t.Fatalf("second compile differs: %v", err)
		}
		for i, file := range files {
			if file.Name != again[i].Name || !bytes.Equal(file.Data, again[i].Data) {
				t.Fatalf("%s: compiling twice gives different bytes", file.Name)
			}
			if !bytes.HasSuffix(file.Data, []byte("\n")) {
				t.Errorf("%s: no final newline", file.Name)
			}
			if filepath.Ext(file.Name) != ".json" {
				continue
			}
			var v any
			if err := json.Unmarshal(file.Data, &v); err != nil {
				t.Fatalf("%s: not JSON: %v", file.Name, err)
			}
			if hasNull(v) {
				t.Errorf("%s: the template holds a null", file.Name)
			}
		}
		for i := range spec.Workspaces {
			ws := &spec.Workspaces[i]
			var names []string
			for _, c := range ws.Clusters {
				names = append(names, c.Name)
			}
			if tmpl, err := Template(ws, names); err == nil {
				checkTree(t, ws.Key, tmpl)
			}
		}
	})
}

func hasNull(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case map[string]any:
		for _, e := range v {
			if hasNull(e) {
				return true
			}
		}
	case []any:
		for _, e := range v {
			if hasNull(e) {
				return true
			}
		}
	}
	return false
}
