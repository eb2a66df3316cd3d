package catalog

import "testing"

// The recorded eastus list marks eight sizes with supportsIB; RDMACapable
// finds them by name in a list that lost the field (a live list read
// through the Go SDK) and finds nothing for the other sizes of the same
// families.
func TestRDMACapable(t *testing.T) {
	var ib []string
	for _, s := range Default().Sizes() {
		if s.SupportsIB {
			ib = append(ib, s.Name)
		}
	}
	want := []string{"Standard_HB120rs_v2", "Standard_HB120rs_v3", "Standard_HC44rs", "Standard_NC24rs_v3",
		"Standard_ND40rs_v2", "Standard_ND96amsr_A100_v4", "Standard_ND96asr_v4", "Standard_ND96isr_H100_v5"}
	if len(ib) != len(want) {
		t.Fatalf("supportsIB sizes = %q, want %q", ib, want)
	}
	for i := range want {
		if ib[i] != want[i] {
			t.Fatalf("supportsIB sizes = %q, want %q", ib, want)
		}
	}
	for _, tc := range []struct {
		size Size
		want bool
	}{
		{Size{Name: "Standard_NC24rs_v3"}, true},                     // field lost, known by name
		{Size{Name: "standard_nc24rs_v3"}, true},                     // names ignore case
		{Size{Name: "Standard_NC6s_v3"}, false},                      // same family, no InfiniBand
		{Size{Name: "Standard_D2_v2"}, false},                        //
		{Size{Name: "Standard_NDv9_future"}, false},                  // unknown, without the field
		{Size{Name: "Standard_NDv9_future", SupportsIB: true}, true}, // unknown, with it
	} {
		if got := RDMACapable(tc.size); got != tc.want {
			t.Errorf("RDMACapable(%q, supportsIB %v) = %v, want %v", tc.size.Name, tc.size.SupportsIB, got, tc.want)
		}
	}
}
