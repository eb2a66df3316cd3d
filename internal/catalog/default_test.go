package catalog

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestDefault(t *testing.T) {
	// Parse the embedded bytes directly so a broken file fails here rather
	// than panicking in Default.
	c, err := Parse(embedded, embeddedSource, embeddedRegion)
	if err != nil {
		t.Fatalf("the embedded catalog does not parse: %v", err)
	}
	d := Default()
	if d != Default() {
		t.Error("Default returns a new catalog on each call")
	}
	if got, want := d.Source(), "embedded: Azure VirtualMachineSizes_List, eastus, 2025-11-04"; got != want {
		t.Errorf("Source() = %q, want %q", got, want)
	}
	if got := d.Regions(); !slices.Equal(got, []string{"eastus"}) {
		t.Errorf("Regions() = %q, want [eastus]", got)
	}
	for _, r := range []string{"eastus", "EastUS", "East US"} {
		if !d.Covers(r) {
			t.Errorf("Covers(%q) = false", r)
		}
	}
	for _, r := range []string{"westeurope", "eastus2", ""} {
		if d.Covers(r) {
			t.Errorf("Covers(%q) = true", r)
		}
	}

	sizes := d.Sizes()
	if len(sizes) != 260 || len(c.Sizes()) != 260 || embeddedSizes != 260 {
		t.Errorf("%d sizes (generator counted %d), want 260", len(sizes), embeddedSizes)
	}
	families := map[string]bool{}
	gpus := 0
	for _, s := range sizes {
		families[s.Family] = true
		if s.GPUs > 0 {
			gpus++
		}
	}
	if len(families) != 44 || embeddedFamilies != 44 {
		t.Errorf("%d families (generator counted %d), want 44", len(families), embeddedFamilies)
	}
	if gpus != 26 {
		t.Errorf("%d GPU sizes, want 26", gpus)
	}
	if !slices.IsSortedFunc(sizes, func(a, b Size) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("Sizes() is not sorted by name")
	}
	if embeddedAPIVersion != "2024-04-01" || embeddedRecorded != "2025-11-04" ||
		embeddedSourceFile != vmSizesRecording || !strings.HasPrefix(embeddedSourceSHA256, "2c5c17aafe6af854") {
		t.Errorf("provenance constants: %s %s %s %s", embeddedAPIVersion, embeddedRecorded, embeddedSourceFile, embeddedSourceSHA256)
	}
}

func TestLookup(t *testing.T) {
	// Entries of the recorded eastus list (testdata/azure-catalog).
	tests := []struct {
		ask  string
		want Size
	}{
		{"STANDARD_D2_V2", Size{Name: "Standard_D2_v2", Family: "standardDv2Family", VCPUs: 2, GPUs: 0, MemoryGB: 7, LowPriorityCapable: true}},
		{"standard_d2_v2", Size{Name: "Standard_D2_v2", Family: "standardDv2Family", VCPUs: 2, GPUs: 0, MemoryGB: 7, LowPriorityCapable: true}},
		{"Standard_NC6s_v3", Size{Name: "Standard_NC6s_v3", Family: "standardNCSv3Family", VCPUs: 6, GPUs: 1, MemoryGB: 112, LowPriorityCapable: true}},
		{"Standard_ND96asr_v4", Size{Name: "Standard_ND96asr_v4", Family: "Standard NDASv4_A100 Family", VCPUs: 96, GPUs: 8, MemoryGB: 900, LowPriorityCapable: false, SupportsIB: true}},
		{"Standard_D1", Size{Name: "Standard_D1", Family: "standardDFamily", VCPUs: 1, MemoryGB: 3.5, LowPriorityCapable: true}},
	}
	for _, tt := range tests {
		got, ok := Default().Lookup(tt.ask)
		if !ok {
			t.Errorf("Lookup(%q): not found", tt.ask)
			continue
		}
		if !got.SupportsAmlCompute() {
			t.Errorf("Lookup(%q).SupportsAmlCompute() = false", tt.ask)
		}
		got.SupportedComputeTypes = nil
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Lookup(%q) = %+v, want %+v", tt.ask, got, tt.want)
		}
	}
	for _, name := range []string{"Standard_NC6", "Standard_NC12", "Standard_D2s_v5", "", " Standard_D2_v2", "Standard_D2_v2 ", "D2_v2"} {
		if s, ok := Default().Lookup(name); ok {
			t.Errorf("Lookup(%q) = %+v, want not found", name, s)
		}
	}
}

func TestLookupDoesNotShareSlices(t *testing.T) {
	s, _ := Default().Lookup("Standard_D2_v2")
	s.SupportedComputeTypes[0] = "changed"
	all := Default().Sizes()
	all[0].SupportedComputeTypes[0] = "changed"
	if s, _ := Default().Lookup("Standard_D2_v2"); s.SupportedComputeTypes[0] == "changed" {
		t.Error("changing a looked-up size changed the catalog")
	}
	if Default().Sizes()[0].SupportedComputeTypes[0] == "changed" {
		t.Error("changing Sizes() changed the catalog")
	}
}

func TestNotAmlCompute(t *testing.T) {
	// catalog.md §2: the six NV*ads_A10_v5 sizes are MIR only and
	// E64is_v3 is AmlSpark only; they exist but cannot be cluster sizes.
	want := []string{
		"Standard_E64is_v3",
		"Standard_NV12ads_A10_v5",
		"Standard_NV18ads_A10_v5",
		"Standard_NV36adms_A10_v5",
		"Standard_NV36ads_A10_v5",
		"Standard_NV6ads_A10_v5",
		"Standard_NV72ads_A10_v5",
	}
	var got []string
	for _, s := range Default().Sizes() {
		if !s.SupportsAmlCompute() {
			got = append(got, s.Name)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("sizes without AmlCompute = %q, want %q", got, want)
	}
	for _, name := range want {
		if _, ok := Default().Lookup(name); !ok {
			t.Errorf("%s is missing; it must stay in the catalog to say it cannot be used", name)
		}
	}
}

func TestNotLowPriority(t *testing.T) {
	want := []string{"Standard_NC64as_T4_v3", "Standard_ND96amsr_A100_v4", "Standard_ND96asr_v4"}
	var got []string
	for _, s := range Default().Sizes() {
		if !s.LowPriorityCapable {
			got = append(got, s.Name)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("sizes that are not low-priority capable = %q, want %q", got, want)
	}
}

func TestSupportsAmlCompute(t *testing.T) {
	for types, want := range map[string]bool{
		"AmlCompute":          true,
		"amlcompute":          true,
		"MIR,AmlCompute":      true,
		"MIR":                 false,
		"AmlSpark":            false,
		"":                    false,
		"AmlComputeInstance ": false,
	} {
		s := Size{SupportedComputeTypes: strings.Split(types, ",")}
		if got := s.SupportsAmlCompute(); got != want {
			t.Errorf("%q: SupportsAmlCompute() = %v, want %v", types, got, want)
		}
	}
}
