package schema

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The compute name rules of how-to-create-attach-compute-cluster: 3–24
// characters, letters, digits and '-', a letter first, and a letter after
// any '-'.
func TestComputeNameProblem(t *testing.T) {
	for name, ok := range map[string]bool{
		"cpu-cluster":               true,
		"gpu":                       true,
		"a1b":                       true,
		"gpu-1a":                    true,
		"CPU-Cluster":               true,
		"abcdefghijklmnopqrstuvwx":  true,  // 24
		"abcdefghijklmnopqrstuvwxy": false, // 25
		"ab":                        false,
		"1gpu":                      false,
		"-gpu":                      false,
		"gpu-1":                     false,
		"gpu-":                      false,
		"gpu_cluster":               false,
		"gpu.cluster":               false,
		"gpu cluster":               false,
		"gpü":                       false,
	} {
		if got := ComputeNameProblem(name) == ""; got != ok {
			t.Errorf("ComputeNameProblem(%q) ok = %v, want %v (%s)", name, got, ok, ComputeNameProblem(name))
		}
	}
}

func TestResourceGroupProblem(t *testing.T) {
	for rg, ok := range map[string]bool{
		"rg-ml":        true,
		"rg_ml.(x)":    true,
		"Ressourcen-ü": true,
		"":             false,
		"rg.":          false,
		"rg/ml":        false,
		"rg ml":        false,
	} {
		if got := resourceGroupProblem(rg) == ""; got != ok {
			t.Errorf("resourceGroupProblem(%q) ok = %v, want %v", rg, got, ok)
		}
	}
}

// The name rule is a rule for creating clusters: a cluster that exists in
// Azure under a name it refuses (Terraform's tests still create CC-<n>) is
// a warning, in that workspace only.
func TestExistingLegacyName(t *testing.T) {
	dir := t.TempDir()
	spec := `workspaces: {
	"ml-prod": {subscription: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", resourceGroup: "rg-ml", location: "eastus"
		clusters: "CC-22050369": {vmSize: "Standard_D2_v2", maxNodes: 4}}
	"ml-other": {subscription: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", resourceGroup: "rg-ml", location: "westus"
		clusters: "CC-22050369": {vmSize: "Standard_D2_v2", maxNodes: 4}}
}
`
	if err := os.WriteFile(filepath.Join(dir, "a.cue"), []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	codes := func(res *Result) map[string]string {
		m := map[string]string{}
		for _, d := range res.Diags {
			m[d.Code] += d.Path + " " + d.Severity.String() + ";"
		}
		return m
	}
	got := codes(Vet([]string{dir}, Options{}))
	want := map[string]string{"name/compute": `workspaces."ml-prod".clusters."CC-22050369" error;workspaces."ml-other".clusters."CC-22050369" error;`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("without Existing (-want +got):\n%s", diff)
	}
	ws := &Workspace{Subscription: "6F1B2C3D-4e5f-4a6b-8c7d-9e0f1a2b3c4d", ResourceGroup: "RG-ML", Name: "ml-prod"}
	got = codes(Vet([]string{dir}, Options{Existing: Existing{ComputeKey(ws, "cc-22050369"): true}}))
	want = map[string]string{
		"name/compute": `workspaces."ml-other".clusters."CC-22050369" error;`,
		"name/legacy":  `workspaces."ml-prod".clusters."CC-22050369" warning;`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("with ml-prod's CC-22050369 existing (-want +got):\n%s", diff)
	}
}
