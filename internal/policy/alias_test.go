package policy

import "testing"

// TestNearestAlias: the suggestion for a name written as an alias of the
// compute type that is not one.
func TestNearestAlias(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		// The resource path the name spells.
		{aliasPrefix + "properties.vmSize", aliasPrefix + "vmSize"},
		// A field every resource has, which is no alias of the type.
		{aliasPrefix + "identity.userAssignedIdentities[*]", "identity.userAssignedIdentities"},
		{aliasPrefix + "identity.type", "identity.type"},
		{aliasPrefix + "Tags", "tags"},
		{aliasPrefix + "location", "location"},
		// Else the alias the fewest edits away.
		{aliasPrefix + "vmSizes", aliasPrefix + "vmSize"},
	} {
		if got := nearestAlias(tc.name); got != tc.want {
			t.Errorf("nearestAlias(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}
