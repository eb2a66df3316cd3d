package catalog

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestFamilyKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"standardDSv2Family", "dsv2"},
		{"Standard_DSv2_Family_Cluster_Dedicated_vCPUs", "dsv2"},
		{"Standard DSv2 Family Cluster LowPriority vCPUs", "dsv2"},
		{"Standard NCASv3_T4 Family", "ncasv3t4"},
		{"Standard_NCASv3_T4_Family", "ncasv3t4"},
		{"standard NDAMSv4_A100Family", "ndamsv4a100"},
		{"StandardNCADSA100v4Family", "ncadsa100v4"},
		{"standardNCADSA100v4Family", "ncadsa100v4"},
		{"StandardNCadsH100v5Family", "ncadsh100v5"},
		{"standardDFamily", "d"},
		{"TotalDedicatedCores", "totaldedicatedcores"},
		{"Standard", "standard"},
		{"Family", "family"},
		{"standardFamily", "family"},
		{" \t_", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := FamilyKey(tt.in); got != tt.want {
			t.Errorf("FamilyKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if !SameFamily("Standard NCASv3_T4 Family", "standard_ncasv3_t4_family") {
		t.Error("SameFamily with the id spelling = false")
	}
	if SameFamily("standardDSv2Family", "standardDSv3Family") || SameFamily("", "") || SameFamily("_", " ") {
		t.Error("SameFamily matches different or blank families")
	}
	// The swagger example's NC spelling stays different (catalog.md §3.4).
	if SameFamily("Standard_NCv3_Family", "standardNCSv3Family") {
		t.Error("SameFamily(Standard_NCv3_Family, standardNCSv3Family) = true")
	}
}

// TestFamiliesMatchUsages checks catalog.md §3 against the recordings: the
// vmSizes family is the usage name.value, mostly exactly.
func TestFamiliesMatchUsages(t *testing.T) {
	var body struct {
		Value []struct {
			Name struct{ Value string }
		}
	}
	if err := json.Unmarshal(recordedBody(t, usagesRecording), &body); err != nil {
		t.Fatal(err)
	}
	usageNames := map[string]bool{}
	keys := map[string]string{}
	for _, u := range body.Value {
		n := u.Name.Value
		usageNames[n] = true
		if other, ok := keys[FamilyKey(n)]; ok && other != n {
			t.Errorf("usage names %q and %q have the same FamilyKey", n, other)
		}
		keys[FamilyKey(n)] = n
	}

	families := map[string]bool{}
	amlCompute := map[string]bool{}
	for _, s := range Default().Sizes() {
		families[s.Family] = true
		amlCompute[s.Family] = amlCompute[s.Family] || s.SupportsAmlCompute()
	}
	var exact, caseOnly, none []string
	for f := range families {
		folded := false
		for n := range usageNames {
			folded = folded || strings.EqualFold(n, f)
		}
		switch {
		case usageNames[f]:
			exact = append(exact, f)
		case folded:
			caseOnly = append(caseOnly, f)
		default:
			none = append(none, f)
		}
		matched := false
		for n := range usageNames {
			matched = matched || SameFamily(f, n)
		}
		if matched != (f != "standardEISv3Family") {
			t.Errorf("family %q: SameFamily with a usage name = %v", f, matched)
		}
		if !matched && amlCompute[f] {
			t.Errorf("family %q has AmlCompute sizes but no usage entry", f)
		}
	}
	slices.Sort(caseOnly)
	if len(exact) != 41 {
		t.Errorf("%d families match a usage name exactly, want 41", len(exact))
	}
	if want := []string{"StandardNCADSA100v4Family", "StandardNCadsH100v5Family"}; !slices.Equal(caseOnly, want) {
		t.Errorf("families matching only in case = %q, want %q", caseOnly, want)
	}
	if want := []string{"standardEISv3Family"}; !slices.Equal(none, want) {
		t.Errorf("families without a usage = %q, want %q", none, want)
	}
	if amlCompute["standardEISv3Family"] {
		t.Error("standardEISv3Family has an AmlCompute size")
	}
}
