package armtest

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/amlc-dev/amlc/internal/armschema"
)

// A Mutation breaks one compute resource of a valid template in a way the
// schemas must catch.
type Mutation struct {
	Name string
	// Mutate changes the first workspaces/computes resource in place.
	Mutate func(res map[string]any)
	// Want is a fragment of the validator's message.
	Want string
}

func inner(res map[string]any) map[string]any {
	return res["properties"].(map[string]any)["properties"].(map[string]any)
}

func scale(res map[string]any) map[string]any {
	return inner(res)["scaleSettings"].(map[string]any)
}

// Mutations are the errors the validator is known to catch.
var Mutations = []Mutation{
	{"vmPriority Spot", func(r map[string]any) { inner(r)["vmPriority"] = "Spot" }, "value must be one of 'Dedicated', 'LowPriority'"},
	{"maxNodeCount as a string", func(r map[string]any) { scale(r)["maxNodeCount"] = "4" }, "got string, want integer"},
	{"no maxNodeCount", func(r map[string]any) { delete(scale(r), "maxNodeCount") }, "missing property 'maxNodeCount'"},
	{"unknown properties.computeTypo", func(r map[string]any) { r["properties"].(map[string]any)["computeTypo"] = "AmlCompute" }, "additional properties 'computeTypo' not allowed"},
	{"null vmSize", func(r map[string]any) { inner(r)["vmSize"] = nil }, "got null, want string"},
	{"null subnet", func(r map[string]any) { inner(r)["subnet"] = nil }, "got null, want object"},
	// 2026-05-01 puts the compute-name pattern on name, so a child named
	// by a literal "workspace/cluster" fails; bicep build writes
	// [format('{0}/{1}', …)] instead.
	{"literal child name", func(r map[string]any) { r["name"] = "ml-prod/cpu-cluster" }, "does not match pattern"},
	{"another apiVersion", func(r map[string]any) { r["apiVersion"] = "2023-10-01" }, "value must be '2026-05-01'"},
	{"identity type", func(r map[string]any) { r["identity"] = map[string]any{"type": "Managed"} }, "value must be one of 'None', 'SystemAssigned'"},
	{"tag value not a string", func(r map[string]any) { r["tags"] = map[string]any{"n": 1} }, "got number, want string"},
}

// CheckMutations applies every [Mutation] to a copy of a valid template
// (JSON text) and requires both the readable per-compute check and the
// template schema alone to reject it.
func CheckMutations(t *testing.T, v *armschema.Validator, template []byte) {
	t.Helper()
	if err := v.Check(template); err != nil {
		t.Fatalf("the template to mutate is invalid already: %v", err)
	}
	for _, m := range Mutations {
		t.Run(m.Name, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(template, &doc); err != nil {
				t.Fatal(err)
			}
			var res map[string]any
			for _, r := range doc["resources"].([]any) {
				if r := r.(map[string]any); r["type"] == armschema.ComputeType {
					res = r
					break
				}
			}
			if res == nil {
				t.Fatal("the template has no compute resource")
			}
			m.Mutate(res)
			data, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			err = v.Check(data)
			if err == nil {
				t.Fatalf("not caught")
			}
			if !strings.Contains(err.Error(), m.Want) {
				t.Errorf("caught, but the message lacks %q:\n%v", m.Want, err)
			}
			if len(err.Error()) > 2000 {
				t.Errorf("the message is not readable (%d bytes):\n%v", len(err.Error()), err)
			}
			inst, err := armschema.Decode(data)
			if err != nil {
				t.Fatal(err)
			}
			if err := v.Template(inst); err == nil {
				t.Errorf("deploymentTemplate.json alone does not catch it")
			}
		})
	}
}
