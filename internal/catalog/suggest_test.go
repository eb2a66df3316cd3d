package catalog

import (
	"slices"
	"strings"
	"testing"
)

func TestSuggest(t *testing.T) {
	tests := []struct {
		name string
		want []string // a prefix of the suggestions
	}{
		{"Standard_NC6", []string{"Standard_NC6s_v3", "Standard_NC64as_T4_v3"}},
		{"Standard_D2v2", []string{"Standard_D2_v2"}},
		{"D2_v2", []string{"Standard_D2_v2"}},
		{"Standard_D2_v9", []string{"Standard_D2_v2", "Standard_D2_v3"}},
		{"Standard_ND96asr_v5", []string{"Standard_ND96asr_v4"}},
		{"standard_nc24ads_a100", []string{"Standard_NC24ads_A100_v4"}},
		{"Standard_DS3", []string{"Standard_DS3_v2"}},
	}
	for _, tt := range tests {
		got := Default().Suggest(tt.name)
		if len(got) > 3 || len(got) < len(tt.want) || !slices.Equal(got[:len(tt.want)], tt.want) {
			t.Errorf("Suggest(%q) = %q, want it to start with %q", tt.name, got, tt.want)
		}
	}
	for _, name := range []string{"", "Standard_", "x", "Standard_D2_v2", "STANDARD_D2_V2", "zzzzzzzzzzzz", strings.Repeat("Standard_D2_v2", 20)} {
		if got := Default().Suggest(name); got != nil {
			t.Errorf("Suggest(%q) = %q, want nil", name, got)
		}
	}
}
