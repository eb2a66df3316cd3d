package armschema_test

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/amlc-dev/amlc/internal/armschema"
	"github.com/amlc-dev/amlc/internal/armschema/armtest"
)

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestSampleIsValid(t *testing.T) {
	v := armtest.Validator(t)
	if err := v.Check(readFile(t, "testdata/sample.json")); err != nil {
		t.Fatal(err)
	}
}

// The validator catches what it claims to, in a template it accepts.
func TestMutationsAreCaught(t *testing.T) {
	armtest.CheckMutations(t, armtest.Validator(t), readFile(t, "testdata/sample.json"))
}

// The work-around for the Compute definition is still needed: without it a
// valid AmlCompute fails. When Microsoft fixes the schema, this test fails
// and the work-around can go.
func TestComputeFixIsNeeded(t *testing.T) {
	v := armtest.Validator(t)
	const compute = armschema.MLSSchema + "#/definitions/Compute"
	if !slices.Contains(v.Patched(), compute) {
		t.Errorf("%s was not patched; patched: %q", compute, v.Patched())
	}
	unfixed, err := armschema.NewUnfixed(armtest.SchemaDir(armtest.RepoRoot(t)))
	if err != nil {
		t.Fatal(err)
	}
	err = unfixed.Check(readFile(t, "testdata/sample.json"))
	if err == nil || !strings.Contains(err.Error(), "additional properties 'properties' not allowed") {
		t.Errorf("without the fix, want the known failure; got %v", err)
	}
}

// Known gaps of the published schemas, pinned so that a change is noticed.
func TestKnownSchemaGaps(t *testing.T) {
	v := armtest.Validator(t)
	var doc map[string]any
	if err := json.Unmarshal(readFile(t, "testdata/sample.json"), &doc); err != nil {
		t.Fatal(err)
	}
	res := doc["resources"].([]any)[0].(map[string]any)
	// AmlComputeProperties is open: a misspelt nested name passes.
	res["properties"].(map[string]any)["properties"].(map[string]any)["vmSizeTypo"] = "x"
	// Any expression satisfies any type.
	res["properties"].(map[string]any)["properties"].(map[string]any)["scaleSettings"].(map[string]any)["maxNodeCount"] = "[parameters('max')]"
	data, _ := json.Marshal(doc)
	if err := v.Check(data); err != nil {
		t.Errorf("the schema became stricter (update the package documentation): %v", err)
	}
}

func TestOnlyEmittedResourceTypes(t *testing.T) {
	v := armtest.Validator(t)
	tpl := `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "st", "location": "westeurope", "properties": {}}]
}`
	if err := v.Check([]byte(tpl)); err == nil {
		t.Error("a resource type amlc does not emit passed the stand-in resource list")
	}
}

func TestLanguageVersion2IsRejected(t *testing.T) {
	v := armtest.Validator(t)
	var doc map[string]any
	if err := json.Unmarshal(readFile(t, "testdata/sample.json"), &doc); err != nil {
		t.Fatal(err)
	}
	doc["languageVersion"] = "2.0"
	data, _ := json.Marshal(doc)
	if err := v.Check(data); err == nil || !strings.Contains(err.Error(), "languageVersion") {
		t.Errorf("want languageVersion rejected (amlc must emit classic templates), got %v", err)
	}
}

// The sample Bicep file type-checks against Bicep's table of its API
// version, and a read-only property written in it is caught.
func TestSampleBicepTypes(t *testing.T) {
	bt := armtest.BicepTypes(t, "2026-05-01")
	armtest.RequireOracle(t)
	bicep := readFile(t, "testdata/sample.bicep")
	if ps := armtest.CheckBicepTypes(t, bt, "sample.bicep", bicep); len(ps) > 0 {
		t.Errorf("sample.bicep: %q", ps)
	}
	bad := bytes.Replace(bicep, []byte("computeType: 'AmlCompute'"), []byte("computeType: 'AmlCompute'\n    provisioningState: 'Succeeded'"), 1)
	ps := armtest.CheckBicepTypes(t, bt, "sample.bicep", bad)
	if !strings.Contains(strings.Join(ps, "\n"), "provisioningState: the property is read-only") {
		t.Errorf("a read-only property is not caught: %q", ps)
	}
}
