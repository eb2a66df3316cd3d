package policy

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/amlc-dev/amlc/schema"
)

// FuzzDefinition: any bytes given as a policy definition load or fail with
// findings at positions in the file, and a definition that loads is
// evaluated against a cluster without a panic.
func FuzzDefinition(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(defsDir, "*.json"))
	builtinFiles, _ := filepath.Glob(filepath.Join("builtin", "*.json"))
	for _, p := range append(files, builtinFiles...) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`[{"policyRule": {"if": {"count": {"value": "[createArray()]"}, "equals": 0}, "then": {"effect": "[field('name')]"}}}]`))
	w := testWorkspace()
	c := testCluster("cpu", "Standard_D2_v2")
	c.Tags = map[string]string{"a": "b"}
	c.Identity = &schema.Identity{Type: schema.UserAssigned, IDs: []string{"/x"}}
	f.Fuzz(func(t *testing.T, data []byte) {
		defs, ds := parseFile(data, "f.json")
		for _, d := range ds {
			if d.Pos.Filename != "f.json" || d.Summary == "" {
				t.Fatalf("finding without a position or summary: %+v", d)
			}
		}
		var ok []*Definition
		for _, d := range defs {
			if len(d.bind(nil, map[string]bool{})) == 0 {
				ok = append(ok, d)
			}
		}
		k := NewChecker(ok, nil)
		k.CheckCluster(w, c)
		k.Diagnostics()
	})
}
