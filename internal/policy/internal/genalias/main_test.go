package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amlc-dev/amlc/internal/testkit"
)

// The committed alias table is what genalias writes, run as go generate
// runs it from the policy package.
func TestCommittedAliasesAreCurrent(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	flags := testkit.GenerateFlags(t, "alias.go", "genalias")
	out := filepath.Join(t.TempDir(), "zz_aliases.go")
	if err := run(flags["in"], out); err != nil {
		t.Fatal(err)
	}
	testkit.SameFile(t, out, "zz_aliases.go", "internal/policy/zz_aliases.go")
}

func TestRunRefusesForeignAndRepeatedAliases(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"foreign.json":  `[{"alias": "Microsoft.Compute/virtualMachines/sku.name", "defaultPath": "sku.name"}]`,
		"nopath.json":   `[{"alias": "Microsoft.MachineLearningServices/workspaces/computes/vmSize", "defaultPath": ""}]`,
		"repeated.json": `[{"alias": "Microsoft.MachineLearningServices/workspaces/computes/vmSize", "defaultPath": "a"}, {"alias": "microsoft.machinelearningservices/workspaces/computes/VMSIZE", "defaultPath": "a"}]`,
		"broken.json":   `[`,
	} {
		in := filepath.Join(dir, name)
		if err := os.WriteFile(in, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		err := run(in, filepath.Join(dir, "out.go"))
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v, want an error naming the file", name, err)
		}
	}
}
