package schema

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/amlc-dev/amlc/fixtures"
	"github.com/amlc-dev/amlc/internal/bound"
	"github.com/amlc-dev/amlc/internal/diag"
)

// FuzzVet loads arbitrary bytes as a CUE, JSON or YAML spec. It must never
// panic, every error must point at a position or name what it is about, a
// password given as a literal never appears in a finding, and where the
// plain path answers, it agrees with CUE (plain_test.go).
func FuzzVet(f *testing.F) {
	for _, name := range fixtures.Names {
		entries, _ := fixtures.FS.ReadDir(name)
		for _, e := range entries {
			data, _ := fixtures.FS.ReadFile(name + "/" + e.Name())
			f.Add(data, uint8(0))
		}
	}
	f.Add([]byte(`{"workspaces": {"w": {"clusters": {"c": {"maxNodes": 1e400}}}}}`), uint8(1))
	f.Add([]byte("workspaces:\n  w:\n    clusters: [1, 2]\n"), uint8(2))
	f.Add([]byte(`workspaces: w: clusters: c: ssh: password: "fuzz-Secret-1"`), uint8(0))
	// The shapes of loading (docs/loading.md): byte-order marks, build
	// attributes and tags, amlc's own outputs named as specs, files that
	// are not objects, comprehensions over ranges, repetitions.
	ws := `"subscription": "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "resourceGroup": "rg", "location": "eastus"`
	f.Add([]byte("\ufeff{\"workspaces\": {\"w\": {"+ws+"}}}"), uint8(1))
	f.Add([]byte("\ufeffworkspaces:\n  w:\n    location: eastus\n"), uint8(2))
	f.Add([]byte("\ufeffpackage x\n\nworkspaces: w: location: \"eastus\"\n"), uint8(0))
	f.Add([]byte("@if(prod)\n\npackage x\n\nworkspaces: w: location: \"eastus\"\n"), uint8(0))
	f.Add([]byte("package x\n\nworkspaces: w: location: *\"eastus\" | string @tag(loc)\n"), uint8(0))
	f.Add([]byte(`{"formatVersion": "1", "generator": "amlc", "changes": []}`), uint8(1))
	f.Add([]byte(`{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "metadata": {"_generator": {"name": "amlc"}}, "resources": []}`), uint8(1))
	f.Add([]byte("- 1\n- 2\n"), uint8(2))
	f.Add([]byte("import \"list\"\n\nworkspaces: w: {"+ws+", clusters: {for i in list.Range(0, 3, 1) {\"c-\\(i)\": {vmSize: \"Standard_D2_v2\", maxNodes: i + 1}}}}\n"), uint8(0))
	f.Add([]byte("import \"strings\"\n\nworkspaces: w: resourceGroup: strings.Repeat(\"rg\", 2)\n"), uint8(0))
	f.Add([]byte("workspaces:\n  w:\n    clusters:\n      a: &a {vmSize: x, maxNodes: 2}\n      b:\n        <<: *a\n        'maxNodes': 3\n"), uint8(2))
	f.Add([]byte(`{"$schema": "./amlc.schema.json", "workspaces": {"w": {"clusters": {"c": {"vmSize": "x", "maxNodes": 1}}}}}`), uint8(1))
	f.Add([]byte(`workspaces: "ml-w": {subscription: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", resourceGroup: "rg", location: "eastus", budget: monthly: 12.5, clusters: "cpu": {vmSize: "Standard_D2_v2", maxNodes: 3, minNodes: 1}}`), uint8(0))
	f.Add([]byte(`{"workspaces": {"ml-w": {"budget": {"monthly": 100}, "clusters": {"gpu": {"vmSize": "Standard_NC6s_v3", "maxNodes": 2, "priority": "LowPriority", "osType": "Windows"}}}}}`), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		ext := []string{".cue", ".json", ".yaml"}[int(kind)%3]
		dir := t.TempDir()
		path := filepath.Join(dir, "spec"+ext)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		res := Vet([]string{path}, fuzzOptions)
		for _, d := range res.Diags {
			checkFinding(t, d, data)
		}
		comparePaths(t, []string{path}, fuzzOptions)
	})
}

// fuzzOptions bound what one input may cost. A repetition, which could ask
// for more memory than the machine has in one step and end the fuzzing
// process, is never evaluated: the guard refuses it, as a guard that
// evaluated it elsewhere could (cmd/amlc does).
var fuzzOptions = Options{
	Limits: &bound.Limits{Memory: 512 << 20, Time: 5 * time.Second},
	Guard:  func() error { return errors.New("a repetition is not evaluated while fuzzing") },
}

func checkFinding(t *testing.T, d diag.Diagnostic, data []byte) {
	t.Helper()
	if d.Severity != diag.Error && d.Severity != diag.Warning {
		t.Errorf("finding without severity: %+v", d)
	}
	if _, ok := diag.RuleFor(d.Code); !ok {
		t.Errorf("finding with unknown code %q: %+v", d.Code, d)
	}
	if strings.TrimSpace(d.Summary) == "" {
		t.Errorf("finding without a message: %+v", d)
	}
	if d.Pos.Filename == "" && !runFindings[d.Code] {
		t.Errorf("finding without a file: %+v", d)
	}
	if strings.Contains(d.Summary+d.Detail+d.Path, "fuzz-Secret-1") && strings.Contains(string(data), "password") {
		t.Errorf("finding shows a password: %+v", d)
	}
}

// runFindings are the codes of findings about the whole run rather than a
// file: a bound of evaluation, a -t tag no file uses.
var runFindings = map[string]bool{"input/limit": true, "input/tag": true}

// FuzzPlainMerge vets two spec files together, as a repository of several
// files is: where the plain path answers, it must agree with CUE on the
// merged configuration (the model, the findings, every position).
func FuzzPlainMerge(f *testing.F) {
	for _, name := range fixtures.Names {
		entries, _ := fixtures.FS.ReadDir(name)
		for _, e := range entries {
			data, _ := fixtures.FS.ReadFile(name + "/" + e.Name())
			f.Add(data, []byte("package "+name+"\n"), uint8(0))
		}
	}
	f.Add([]byte("workspaces: w: {subscription: \"6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\", resourceGroup: \"rg\", location: \"eastus\"}"),
		[]byte(`{"workspaces": {"w": {"clusters": {"c": {"vmSize": "Standard_D2_v2", "maxNodes": 3}}}}}`), uint8(1))
	f.Add([]byte("workspaces: w: clusters: c: {vmSize: \"Standard_D2_v2\", maxNodes: 3}"),
		[]byte("workspaces:\n  w:\n    subscription: 6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\n    resourceGroup: rg\n    location: eastus\n"), uint8(2))
	// Files that each repeat a workspace's fields, as a repository of one
	// file per cluster does.
	f.Add([]byte("workspaces: w: {subscription: \"6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\", resourceGroup: \"rg\", location: \"eastus\", clusters: c1: {vmSize: \"Standard_D2_v2\", maxNodes: 3}}"),
		[]byte(`{"workspaces": {"w": {"subscription": "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "resourceGroup": "rg", "location": "eastus", "clusters": {"c2": {"vmSize": "Standard_D2_v2", "maxNodes": 3}}}}}`), uint8(1))
	f.Add([]byte("workspaces: w: {subscription: \"6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\", resourceGroup: \"rg\", location: \"eastus\"}"),
		[]byte("\ufeffworkspaces:\n  w:\n    subscription: 6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\n    resourceGroup: rg\n    location: westus\n"), uint8(2))
	f.Fuzz(func(t *testing.T, a, b []byte, kind uint8) {
		dir := t.TempDir()
		ext := []string{".cue", ".json", ".yaml"}[int(kind)%3]
		writeFile(t, filepath.Join(dir, "a.cue"), a)
		writeFile(t, filepath.Join(dir, "b"+ext), b)
		comparePaths(t, []string{dir}, fuzzOptions)
	})
}
