package compiler

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/amlc-dev/amlc/internal/testkit"
)

// exampleFile is Azure's own create example for an AmlCompute cluster, in
// the repository's testdata/ (see testdata/rest-examples/2025-09-01/SOURCES.md).
const exampleFile = "rest-examples/2025-09-01/Compute/createOrUpdate/BasicAmlCompute.json"

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
	data := testkit.ReadTestdata(t, exampleFile)
	var example struct {
		Parameters struct {
			Parameters json.RawMessage `json:"parameters"`
		} `json:"parameters"`
	}
	if err := json.Unmarshal(data, &example); err != nil {
		t.Fatal(err)
	}
	body, err := decodeTree(example.Parameters.Parameters)
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
			tmpl, err := decodeTree(f.Data)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range tmpl.elems {
				if m.key != "resources" {
					continue
				}
				for _, r := range m.val.elems {
					resources++
					got := shape(r.val, "", map[string]string{})
					for path, typ := range want {
						gt, ok := got[path]
						switch {
						case !ok && !slices.Contains(notEmitted, path):
							t.Errorf("%s: %s: the example's %s is missing", g.path, f.Name, path)
						case ok && gt != typ:
							t.Errorf("%s: %s: %s is a %s, the example's a %s", g.path, f.Name, path, gt, typ)
						}
					}
					checkOrder(t, g.path+": "+f.Name, body, r.val, "")
				}
			}
		}
	}
	if resources == 0 {
		t.Fatal("no compiled resources to compare")
	}
}

// shape maps every field path under v ("a.b.c", arrays as "a[]") to its
// JSON type.
func shape(v value, path string, out map[string]string) map[string]string {
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	switch v.kind {
	case kindObject:
		if path != "" {
			out[path] = "object"
		}
		for _, m := range v.elems {
			shape(m.val, join(m.key), out)
		}
	case kindArray:
		out[path] = "array"
		for _, e := range v.elems {
			shape(e.val, path+"[]", out)
		}
	case kindString:
		out[path] = "string"
	case kindNumber:
		out[path] = "number"
	case kindBool:
		out[path] = "boolean"
	case kindNull:
		out[path] = "null"
	}
	return out
}

// checkOrder reports objects whose common keys come in another order than
// in the example.
func checkOrder(t *testing.T, where string, example, got value, path string) {
	if example.kind != kindObject || got.kind != kindObject {
		return
	}
	var common, exampleOrder []string
	for _, m := range got.elems {
		for _, e := range example.elems {
			if e.key == m.key {
				common = append(common, m.key)
				checkOrder(t, where, e.val, m.val, path+"."+m.key)
			}
		}
	}
	for _, e := range example.elems {
		if slices.Contains(common, e.key) {
			exampleOrder = append(exampleOrder, e.key)
		}
	}
	if !slices.Equal(common, exampleOrder) {
		t.Errorf("%s: at %q the keys come as %q, the example has %q", where, path, common, exampleOrder)
	}
}
