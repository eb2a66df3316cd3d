package policy

import (
	"strings"
	"testing"

	"github.com/amlc-dev/amlc/schema"
)

// ruleDef makes a definition with the given if-condition and effect audit.
func ruleDef(t *testing.T, cond string, params string) *Definition {
	t.Helper()
	src := `{"properties": {"displayName": "t", "mode": "All", "parameters": {` + params + `},
		"policyRule": {"if": ` + cond + `, "then": {"effect": "audit"}}}}`
	n, err := parseJSON([]byte(src), "t.json")
	if err != nil {
		t.Fatalf("%v in %s", err, src)
	}
	d, ds := parseDefinition(n, "t.json")
	if len(ds) > 0 {
		t.Fatalf("%v in %s", ds, cond)
	}
	if ds := d.bind(nil, map[string]bool{}); len(ds) > 0 {
		t.Fatal(ds)
	}
	return d
}

// TestConditions evaluates conditions against one cluster, as Azure
// Policy would (definition-structure-policy-rule.md).
func TestConditions(t *testing.T) {
	w := testWorkspace()
	c := testCluster("gpu-train", "Standard_NC6s_v3")
	c.Location = "East US"
	c.Tags = map[string]string{"Cost.Center": "cc-12", "team": "Vision"}
	c.MinNodes = 1
	c.SSH = &schema.SSH{AdminUser: "azureuser", PasswordSecret: "pw", PublicAccess: "Disabled"}
	const a = `"Microsoft.MachineLearningServices/workspaces/computes/`
	for _, tc := range []struct {
		cond, params string
		want         tri
	}{
		{`{"field": "type", "equals": "microsoft.machinelearningservices/WORKSPACES/computes"}`, ``, tTrue},
		{`{"field": ` + a + `vmSize", "like": "standard_nc*_v3"}`, ``, tTrue},
		{`{"field": ` + a + `vmSize", "notLike": "Standard_D*"}`, ``, tTrue},
		{`{"field": ` + a + `vmSize", "contains": "nc6"}`, ``, tTrue},
		{`{"field": ` + a + `vmSize", "notContains": "nc6"}`, ``, tFalse},
		{`{"field": ` + a + `vmPriority", "in": ["lowpriority", "dedicated"]}`, ``, tTrue},
		{`{"field": ` + a + `vmPriority", "notIn": ["LowPriority"]}`, ``, tTrue},
		{`{"field": "location", "equals": "eastus"}`, ``, tTrue},
		{`{"field": "location", "in": ["westeurope", "East US"]}`, ``, tTrue},
		{`{"field": "tags['Cost.Center']", "equals": "CC-12"}`, ``, tTrue},
		{`{"field": "tags.team", "exists": "true"}`, ``, tTrue},
		{`{"field": "tags", "containsKey": "TEAM"}`, ``, tTrue},
		{`{"field": "tags", "notContainsKey": "owner"}`, ``, tTrue},
		{`{"field": "[concat('tags[', parameters('tag'), ']')]", "exists": false}`, `"tag": {"type": "String", "defaultValue": "owner"}`, tTrue},
		{`{"field": ` + a + `scaleSettings.minNodeCount", "greaterOrEquals": 1}`, ``, tTrue},
		{`{"field": ` + a + `scaleSettings.maxNodeCount", "less": 4}`, ``, tFalse},
		{`{"field": ` + a + `scaleSettings.nodeIdleTimeBeforeScaleDown", "equals": "PT2M"}`, ``, tTrue},
		{`{"field": ` + a + `disableLocalAuth", "equals": "TRUE"}`, ``, tTrue},
		// Absent fields: only the negated conditions hold.
		{`{"field": ` + a + `subnet.id", "equals": ""}`, ``, tFalse},
		{`{"field": ` + a + `subnet.id", "notEquals": "x"}`, ``, tTrue},
		{`{"field": ` + a + `subnet.id", "exists": false}`, ``, tTrue},
		{`{"field": ` + a + `subnet.id", "notIn": ["x"]}`, ``, tTrue},
		{`{"value": "[empty(field('Microsoft.MachineLearningServices/workspaces/computes/subnet.id'))]", "equals": true}`, ``, tTrue},
		{`{"value": "[toLower(concat(field('name'), '-', 'X'))]", "equals": "gpu-train-x"}`, ``, tTrue},
		{`{"value": "[toUpper(field('fullName'))]", "equals": "ML-PROD/GPU-TRAIN"}`, ``, tTrue},
		{`{"value": "[length(parameters('sizes'))]", "equals": 2}`, `"sizes": {"type": "Array", "defaultValue": ["a", "b"]}`, tTrue},
		{`{"field": "id", "like": "/subscriptions/*/computes/gpu-train"}`, ``, tTrue},
		{`{"field": "Microsoft.Compute/virtualMachines/sku.name", "exists": true}`, ``, tFalse},
		{`{"field": "identity.type", "exists": true}`, ``, tFalse},
		{`{"not": {"anyOf": [{"field": "kind", "exists": true}, {"field": "name", "equals": "x"}]}}`, ``, tTrue},
		{`{"count": {"value": ["a", "b", "c"], "where": {"value": "[current()]", "notEquals": "b"}}, "equals": 2}`, ``, tTrue},
		{`{"count": {"field": ` + a + `systemServices[*]"}, "equals": 0}`, ``, tTrue},
		{`{"field": ` + a + `systemServices[*].publicIpAddress", "equals": "1.2.3.4"}`, ``, tTrue},
		{`{"allOf": []}`, ``, tTrue},
		{`{"anyOf": []}`, ``, tFalse},
		// Not evaluated: a construct amlc does not implement, reached.
		{`{"field": "name", "match": "gpu-?????"}`, ``, tUnknown},
		{`{"value": "[resourceGroup().name]", "equals": "rg-ml"}`, ``, tUnknown},
		{`{"field": ` + a + `userAccountCredentials.adminUserPassword", "equals": "x"}`, ``, tUnknown},
		// ... but not when the outcome is decided before.
		{`{"allOf": [{"field": "type", "equals": "Microsoft.Compute/virtualMachines"}, {"field": "name", "match": "x"}]}`, ``, tFalse},
		{`{"field": ` + a + `userAccountCredentials.adminUserPassword", "exists": true}`, ``, tTrue},
		// Azure's limit of 100 members enumerated by value counts.
		{`{"count": {"value": "[concat(parameters('l'), parameters('l'))]", "name": "a", "where": {"count": {"value": "[parameters('l')]", "name": "b"}, "equals": 2}}, "equals": 4}`, `"l": {"type": "Array", "defaultValue": [1, 2]}`, tTrue},
		{`{"count": {"value": "[parameters('l')]", "name": "a", "where": {"count": {"value": "[parameters('l')]", "name": "b", "where": {"value": 1, "equals": 1}}, "equals": 11}}, "equals": 11}`, `"l": {"type": "Array", "defaultValue": [1,2,3,4,5,6,7,8,9,10,11]}`, tUnknown},
		// A failed evaluation: a type mismatch.
		{`{"field": ` + a + `vmSize", "greater": 3}`, ``, tUnknown},
		{`{"field": ` + a + `vmSize", "equals": ["a"]}`, ``, tUnknown},
	} {
		d := ruleDef(t, tc.cond, tc.params)
		ev := &evaluator{def: d, params: d.paramValues(), res: resource{w: w, c: c}}
		if got := ev.eval(d.rule); got.t != tc.want {
			t.Errorf("%s: %v (%s), want %v", tc.cond, got.t, got.why, tc.want)
		}
		// Folding the conditions on what every cluster shares gives the
		// same outcome.
		folded, always := ev.fold(d.rule)
		got := always
		if folded != nil {
			got = ev.eval(folded).t
		}
		if got != tc.want {
			t.Errorf("%s folded: %v, want %v", tc.cond, got, tc.want)
		}
	}
}

func TestFieldNames(t *testing.T) {
	for name, ok := range map[string]bool{
		"type": true, "Name": true, "tags['a''b']": true, "tags[x.y]": true, "tags.x": true, "identity.userAssignedIdentities": true,
		"Microsoft.MachineLearningServices/workspaces/computes/VMSIZE": true,
		"Microsoft.Storage/storageAccounts/sku.name":                   true,
		"vmSize": false, "properties.vmSize": false, "tags[]": false,
		"Microsoft.MachineLearningServices/workspaces/computes/nope": false,
	} {
		f, err := parseFieldRef(name)
		if (err == nil) != ok {
			t.Errorf("parseFieldRef(%q) = %v, %v", name, f, err)
		}
	}
	if f, _ := parseFieldRef("tags['a''b']"); f.tag != "a'b" {
		t.Errorf("tag %q", f.tag)
	}
	for name, want := range map[string]string{
		aliasPrefix + "properties.vmSize":                                aliasPrefix + "vmSize",
		aliasPrefix + "properties.properties.scaleSettings.maxNodeCount": aliasPrefix + "scaleSettings.maxNodeCount",
		aliasPrefix + "vmsizes":                                          aliasPrefix + "vmSize",
		aliasPrefix + "subnetid":                                         aliasPrefix + "subnet.id",
	} {
		if got := nearestAlias(name); !strings.EqualFold(got, want) {
			t.Errorf("nearestAlias(%s) = %s, want %s", name, got, want)
		}
	}
}
