package catalog

import (
	"cmp"
	"slices"
	"strings"

	"github.com/amlc-dev/amlc/internal/textdist"
)

// maxSuggestions is how many names Suggest returns at most.
const maxSuggestions = 3

// maxSuggestLen bounds the work Suggest does: no size name is near this
// long, so longer input has no close names worth showing.
const maxSuggestLen = 100

// Suggest returns up to three sizes whose names are close to name, for a
// "did you mean" hint. Names are compared ignoring case and the "Standard_"
// prefix. A name is close when its edit distance is at most a third of the
// name's length (at least 1), or when one name starts with the other. Names
// that extend the one asked for come first (a retired "Standard_NC6" gives
// "Standard_NC6s_v3"), then the rest, each group by edit distance. It
// returns nil when nothing is close, or when name itself is in the catalog.
func (c *Catalog) Suggest(name string) []string {
	q := stem(name)
	if q == "" || len(q) > maxSuggestLen {
		return nil
	}
	if _, ok := c.Lookup(name); ok {
		return nil
	}
	limit := max(1, len([]rune(q))/3)
	type cand struct {
		name    string
		extends bool // the size's name starts with name
		dist    int
	}
	var cands []cand
	for _, s := range c.sizes {
		n := stem(s.Name)
		d := textdist.Levenshtein(q, n)
		extends := len(q) >= 2 && strings.HasPrefix(n, q)
		extended := len(n) >= 2 && strings.HasPrefix(q, n)
		if d <= limit || extends || extended {
			cands = append(cands, cand{s.Name, extends, d})
		}
	}
	slices.SortFunc(cands, func(a, b cand) int {
		return cmp.Or(-compareBool(a.extends, b.extends), cmp.Compare(a.dist, b.dist), cmp.Compare(a.name, b.name))
	})
	var out []string
	for _, c := range cands[:min(len(cands), maxSuggestions)] {
		out = append(out, c.name)
	}
	return out
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// stem lower-cases a size name, trims it and drops a "standard_" prefix.
func stem(name string) string {
	s := strings.ToLower(strings.TrimSpace(name))
	return strings.TrimPrefix(strings.TrimPrefix(s, "standard_"), "standard")
}
