package policy

import (
	"sort"
	"strings"

	"github.com/amlc-dev/amlc/internal/textdist"
)

//go:generate go run ./internal/genalias -in ../../testdata/policy/aliases/workspaces-computes.aliases.json

// ComputeType is the resource type of a cluster, whose aliases amlc knows.
const ComputeType = "Microsoft.MachineLearningServices/workspaces/computes"

const aliasPrefix = ComputeType + "/"

// aliasEntry is an alias and the path of the resource's JSON it reads
// ("properties.properties.vmSize").
type aliasEntry struct {
	alias string
	path  string
}

// lookupAlias finds an alias of ComputeType, ignoring case as Azure does.
func lookupAlias(name string) (aliasEntry, bool) {
	i := sort.Search(len(aliasTable), func(i int) bool {
		return compareFold(aliasTable[i].alias, name) >= 0
	})
	if i < len(aliasTable) && strings.EqualFold(aliasTable[i].alias, name) {
		return aliasTable[i], true
	}
	return aliasEntry{}, false
}

// compareFold compares ASCII strings ignoring case, as the table is sorted.
func compareFold(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		x, y := lowerByte(a[i]), lowerByte(b[i])
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// isComputeAlias reports whether name is written as an alias of
// ComputeType (whether or not it exists).
func isComputeAlias(name string) bool {
	return len(name) > len(aliasPrefix) && strings.EqualFold(name[:len(aliasPrefix)], aliasPrefix)
}

// nearestAlias suggests the real alias closest to a name that is not one:
// first the alias whose resource path the name spells
// ("…/computes/properties.vmSize" reads properties.properties.vmSize, the
// path of "…/computes/vmSize"), else, for a field every resource has
// written as an alias ("…/computes/identity.userAssignedIdentities[*]",
// "…/computes/tags"), that field, which is how Azure Policy reads it, else
// the alias the fewest edits away.
func nearestAlias(name string) string {
	suffix := strings.ToLower(name[len(aliasPrefix):])
	if top := strings.TrimSuffix(strings.TrimPrefix(suffix, "properties."), "[*]"); top != "" {
		for _, f := range topFields {
			if strings.EqualFold(f, top) {
				return f
			}
		}
	}
	for s := suffix; ; {
		for _, a := range aliasTable {
			if strings.EqualFold(a.path, s) {
				return a.alias
			}
		}
		if a, ok := lookupAlias(aliasPrefix + s); ok {
			return a.alias
		}
		rest, ok := strings.CutPrefix(s, "properties.")
		if !ok {
			break
		}
		s = rest
	}
	best, bestD := "", -1
	for _, a := range aliasTable {
		d := textdist.Levenshtein(suffix, strings.ToLower(a.alias[len(aliasPrefix):]))
		if bestD < 0 || d < bestD {
			best, bestD = a.alias, d
		}
	}
	return best
}
