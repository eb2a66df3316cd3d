package catalog

import (
	"slices"
	"strings"
)

// Catalog is an immutable list of VM sizes with the region(s) it belongs
// to. It is safe for concurrent use.
type Catalog struct {
	source  string
	regions []string       // normalised, sorted, unique
	sizes   []Size         // sorted by name
	byName  map[string]int // lower-case name → index in sizes
	// prices are the sizes' estimatedVMPrices, by lower-case name, for
	// the sizes of a live list that has them.
	prices map[string]*EstimatedVMPrices
}

// Source describes where the catalog came from, for messages: for the
// embedded one "embedded: Azure VirtualMachineSizes_List, eastus,
// 2025-11-04", otherwise the source given to Parse (usually a file name).
func (c *Catalog) Source() string { return c.source }

// Regions returns the regions whose own VM-size list this is, in lower case
// (e.g. ["eastus"]). It is empty when that is unknown.
func (c *Catalog) Regions() []string { return slices.Clone(c.regions) }

// Covers reports whether this is the list of region (in any case, with or
// without spaces, so "East US" is covered by an "eastus" catalog).
func (c *Catalog) Covers(region string) bool {
	_, ok := slices.BinarySearch(c.regions, NormRegion(region))
	return ok
}

// Lookup finds a size by its name, ignoring case: "STANDARD_D2_V2" finds
// "Standard_D2_v2".
func (c *Catalog) Lookup(name string) (Size, bool) {
	i, ok := c.byName[strings.ToLower(name)]
	if !ok {
		return Size{}, false
	}
	return c.sizes[i].clone(), true
}

// Prices returns the prices Azure ML listed with a size (ignoring case):
// nil and false when the list gave none, as the embedded catalog never
// does. The result must not be changed.
func (c *Catalog) Prices(name string) (*EstimatedVMPrices, bool) {
	p, ok := c.prices[strings.ToLower(name)]
	return p, ok
}

// Sizes returns all sizes, sorted by name.
func (c *Catalog) Sizes() []Size {
	out := make([]Size, len(c.sizes))
	for i, s := range c.sizes {
		out[i] = s.clone()
	}
	return out
}

// NormRegion returns the ARM spelling of a region name: lower case without
// spaces ("East US" → "eastus"). Every package compares regions through it.
func NormRegion(r string) string {
	return strings.ToLower(strings.Join(strings.Fields(r), ""))
}

// SameRegion reports whether two region names are one region.
func SameRegion(a, b string) bool { return NormRegion(a) == NormRegion(b) }
