package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amlc-dev/amlc/fixtures"
	"github.com/amlc-dev/amlc/internal/testkit"
)

// TestSchemaWithCueCLI checks that what `amlc schema` prints works with the
// real cue CLI as docs/editors.md says: `cue vet -d '#Spec'` accepts JSON
// and YAML specs amlc accepts (with a $schema member and the
// yaml-language-server comment), refuses a misspelt field, and the recipe
// for CUE specs (cue export, then cue vet) accepts every fixture.
func TestSchemaWithCueCLI(t *testing.T) {
	cue := testkit.CueCLI(t)
	dir := t.TempDir()
	var schemaOut, stderr bytes.Buffer
	if code := run([]string{"schema"}, &schemaOut, &stderr); code != 0 {
		t.Fatalf("amlc schema: exit %d: %s", code, stderr.String())
	}
	write := func(name, data string) string {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	schemaFile := write("amlc.cue", schemaOut.String())
	cueCmd := func(stdin string, args ...string) (string, error) {
		cmd := exec.Command(cue, args...)
		cmd.Dir = dir
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	good := map[string]string{
		"data/a.json": `{
  "$schema": "https://example.com/amlc.schema.json",
  "workspaces": {"ml-prod": {"subscription": "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "resourceGroup": "rg-ml", "location": "eastus",
    "clusters": {"cpu-cluster": {"vmSize": "Standard_D2_v2", "maxNodes": 4, "priority": "LowPriority"}}}}
}
`,
		"data/b.yaml": `# yaml-language-server: $schema=../amlc.schema.json
quotas:
  6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d:
    eastus:
      dedicated: {total: 100}
      lowPriority: 50
`,
	}
	var goodPaths []string
	for name, data := range good {
		goodPaths = append(goodPaths, write(name, data))
	}
	if out, err := cueCmd("", append([]string{"vet", "-d", "#Spec", schemaFile}, goodPaths...)...); err != nil {
		t.Errorf("cue vet -d '#Spec' refuses specs amlc accepts: %v\n%s", err, out)
	}
	var vetOut bytes.Buffer
	if code := run([]string{"vet", filepath.Join(dir, "data")}, &vetOut, &vetOut); code != 0 {
		t.Errorf("amlc vet refuses the specs cue vet accepts: exit %d\n%s", code, vetOut.String())
	}

	bad := write("bad/a.yaml", "workspaces:\n  ml-prod:\n    subscription: 6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\n    resourcegroup: rg-ml\n    location: eastus\n")
	out, err := cueCmd("", "vet", "-d", "#Spec", schemaFile, bad)
	if err == nil || !strings.Contains(out, "resourcegroup: field not allowed") {
		t.Errorf("cue vet -d '#Spec' does not refuse a misspelt field: %v\n%s", err, out)
	}

	// The recipe for CUE specs: export them, then vet the JSON.
	for _, name := range fixtures.Names {
		entries, err := fixtures.FS.ReadDir(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			data, _ := fixtures.FS.ReadFile(name + "/" + e.Name())
			write("specs/"+name+"/"+e.Name(), string(data))
		}
		exported, err := cueCmd("", "export", "./specs/"+name, "--out", "json")
		if err != nil {
			t.Fatalf("cue export %s: %v\n%s", name, err, exported)
		}
		if out, err := cueCmd(exported, "vet", "-d", "#Spec", schemaFile, "json:", "-"); err != nil {
			t.Errorf("%s: cue vet -d '#Spec' of the export: %v\n%s", name, err, out)
		}
	}
}
