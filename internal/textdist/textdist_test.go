package textdist

import "testing"

func TestDistances(t *testing.T) {
	for _, tc := range []struct {
		a, b     string
		lev, osa int
	}{
		{"", "", 0, 0},
		{"vet", "vet", 0, 0},
		{"vte", "vet", 2, 1},
		{"resourcegroup", "resourceGroup", 1, 1},
		{"maxNode", "maxNodes", 1, 1},
		{"", "abc", 3, 3},
		{"kitten", "sitting", 3, 3},
		{"d2v2", "d2_v2", 1, 1},
		{"äb", "ab", 1, 1},
		{"größe", "grosse", 3, 3}, // runes, not bytes: ö→o, ß→s, one s more
	} {
		if got := Levenshtein(tc.a, tc.b); got != tc.lev {
			t.Errorf("Levenshtein(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.lev)
		}
		if got := OSA(tc.a, tc.b); got != tc.osa {
			t.Errorf("OSA(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.osa)
		}
	}
}
