package catalog

import (
	"strings"
	"unicode"
)

// FamilyKey normalises a quota family name so that the spellings Azure
// uses for one family compare equal (the recorded vmSizes and usages in
// testdata/azure-catalog spell some families with another case, and the
// 2025-09-01 Usage/list REST example uses the old-style names): it
// lower-cases, drops white space and '_', then drops a leading "standard"
// and a trailing "family" or "familycluster{dedicated|lowpriority}vcpus".
// So "Standard NCASv3_T4 Family", "Standard_NCASv3_T4_Family" and
// "standardNCASv3T4Family" all give "ncasv3t4", and the old-style
// "Standard_DSv2_Family_Cluster_Dedicated_vCPUs" gives "dsv2", like
// "standardDSv2Family". A prefix or suffix is kept when dropping it would
// leave nothing.
func FamilyKey(family string) string {
	k := strings.Map(func(r rune) rune {
		if r == '_' || unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, family)
	k = trimPrefix(k, "standard")
	for _, suffix := range []string{"familyclusterdedicatedvcpus", "familyclusterlowpriorityvcpus", "family"} {
		if t := trimSuffix(k, suffix); t != k {
			return t
		}
	}
	return k
}

// SameFamily reports whether a and b name the same quota family, comparing
// their FamilyKeys. Names with an empty key (blank names) match nothing.
func SameFamily(a, b string) bool {
	ka := FamilyKey(a)
	return ka != "" && ka == FamilyKey(b)
}

func trimPrefix(s, prefix string) string {
	if len(s) > len(prefix) {
		return strings.TrimPrefix(s, prefix)
	}
	return s
}

func trimSuffix(s, suffix string) string {
	if len(s) > len(suffix) {
		return strings.TrimSuffix(s, suffix)
	}
	return s
}
