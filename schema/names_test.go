package schema

import "testing"

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
		if got := computeNameProblem(name) == ""; got != ok {
			t.Errorf("computeNameProblem(%q) ok = %v, want %v (%s)", name, got, ok, computeNameProblem(name))
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
