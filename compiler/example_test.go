package compiler

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/amlc-dev/amlc/internal/testkit"
)

// exampleFile is Azure's own create example for an AmlCompute cluster,
// relative to the directory that holds the repository.
const exampleFile = "../shared/azure/rest-examples/2025-09-01/Compute/createOrUpdate/BasicAmlCompute.json"

// notEmitted are the example's fields amlc deliberately leaves out: custom
// VM images and isolated networks are not part of the spec language.
var notEmitted = []string{
	"properties.properties.virtualMachineImage",
	"properties.properties.virtualMachineImage.id",
	"properties.properties.isolatedNetwork",
}

// TestCreateExampleShape compares the compiled resources with the request
// body of Azure's create example: every field path present in both has the
// same JSON type at the same nesting, every field of the example (but
// notEmitted) is in each compiled resource, and fields common to an object
// come in the example's order.
func TestCreateExampleShape(t *testing.T) {
	root := testkit.RepoRoot(t)
	data, err := os.ReadFile(filepath.Join(root, exampleFile))
	if errors.Is(err, fs.ErrNotExist) {
		if _, serr := os.Stat(filepath.Join(root, "../shared")); errors.Is(serr, fs.ErrNotExist) {
			t.Skip("../shared is absent")
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	var example struct {
		Parameters struct {
			Parameters json.RawMessage `json:"parameters"`
		} `json:"parameters"`
	}
	if err := json.Unmarshal(data, &example); err != nil {
		t.Fatal(err)
	}
	body, err := decodeJSON(example.Parameters.Parameters)
	if err != nil {
		t.Fatal(err)
	}
	want := shape(body, "", map[string]string{})
	if len(want) < 10 {
		t.Fatalf("the example body has only %d fields: %v", len(want), want)
	}

	resources := 0
	for _, g := range loadGoldens(t) {
		files, err := Compile(g.spec, Options{Format: ARM})
		if err != nil {
			continue
		}
		for _, f := range files {
			tmpl, err := decodeJSON(f.Data)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range tmpl.(*node).members {
				if m.key != "resources" {
					continue
				}
				for _, r := range m.value.([]any) {
					resources++
					got := shape(r, "", map[string]string{})
					for path, typ := range want {
						gt, ok := got[path]
						switch {
						case !ok && !slices.Contains(notEmitted, path):
							t.Errorf("%s: %s: the example's %s is missing", g.path, f.Name, path)
						case ok && gt != typ:
							t.Errorf("%s: %s: %s is a %s, the example's a %s", g.path, f.Name, path, gt, typ)
						}
					}
					checkOrder(t, g.path+": "+f.Name, body, r, "")
				}
			}
		}
	}
	if resources == 0 {
		t.Fatal("no compiled resources to compare")
	}
}

func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return decodeOrdered(dec)
}

// shape maps every field path under v ("a.b.c", arrays as "a[]") to its
// JSON type.
func shape(v any, path string, out map[string]string) map[string]string {
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	switch v := v.(type) {
	case *node:
		if path != "" {
			out[path] = "object"
		}
		for _, m := range v.members {
			shape(m.value, join(m.key), out)
		}
	case []any:
		out[path] = "array"
		for _, e := range v {
			shape(e, path+"[]", out)
		}
	case string:
		out[path] = "string"
	case json.Number:
		out[path] = "number"
	case bool:
		out[path] = "boolean"
	case nil:
		out[path] = "null"
	}
	return out
}

// checkOrder reports objects whose common keys come in another order than
// in the example.
func checkOrder(t *testing.T, where string, example, got any, path string) {
	en, ok1 := example.(*node)
	gn, ok2 := got.(*node)
	if !ok1 || !ok2 {
		return
	}
	var common, exampleOrder []string
	for _, m := range gn.members {
		for _, e := range en.members {
			if e.key == m.key {
				common = append(common, m.key)
				checkOrder(t, where, e.value, m.value, path+"."+m.key)
			}
		}
	}
	for _, e := range en.members {
		if slices.Contains(common, e.key) {
			exampleOrder = append(exampleOrder, e.key)
		}
	}
	if !slices.Equal(common, exampleOrder) {
		t.Errorf("%s: at %q the keys come as %q, the example has %q", where, path, common, exampleOrder)
	}
}
