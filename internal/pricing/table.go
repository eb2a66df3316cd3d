package pricing

import (
	"fmt"
	"slices"

	"github.com/amlc-dev/amlc/internal/pricing/internal/pricecsv"
)

//go:generate go run ./internal/gen -in ../../testdata/pricing/karpenter-azure-ondemand-linux-usd.csv -date 2026-06-18 -source "Azure/karpenter-provider-azure pkg/providers/pricing/zz_generated.pricing.go (commit 2b431da, generated 2026-06-18T03:43:41Z from the Azure Retail Prices API)"

// Table holds the hourly USD pay-as-you-go price of one Linux VM per region
// and VM size. It is immutable and safe for concurrent use.
type Table struct {
	source  string
	date    string
	regions []string  // normalised, sorted
	sizes   []string  // sorted by pricecsv.Less
	prices  []float64 // region-major; 0 = none
	// basis and spotBasis say how Quote priced a node, made once.
	basis, spotBasis string
}

var embedded = withBasis(&Table{
	source:  embeddedSource,
	date:    embeddedDate,
	regions: embeddedRegions[:],
	sizes:   embeddedSizes[:],
	prices:  embeddedPrices[:],
})

// Default returns the embedded table.
func Default() *Table { return embedded }

// withBasis sets the words Quote uses.
func withBasis(t *Table) *Table {
	t.basis = "Pay-as-you-go price of " + t.Describe()
	t.spotBasis = fmt.Sprintf("LowPriority nodes are Spot VMs since %s, billed at the Spot rate of the moment: at most the pay-as-you-go price of %s", SpotSince, t.Describe())
	return t
}

// ParseCSV reads a price table in the embedded table's format: a CSV file
// with the header armRegionName,armSkuName,retailPriceUSDPerHour and one
// row per region and size. A price of 0 is dropped (it is a gap, not a
// price). name names the table in Source and in errors, which give the line
// of the offending row.
func ParseCSV(data []byte, name string) (*Table, error) {
	t, err := pricecsv.Parse(data, name)
	if err != nil {
		return nil, err
	}
	return withBasis(&Table{source: name, regions: t.Regions, sizes: t.Sizes, prices: t.Prices}), nil
}

// Source says where the prices come from: for the embedded table its
// origin, otherwise the name given to ParseCSV.
func (t *Table) Source() string { return t.source }

// Date is the day the prices were read from Azure (YYYY-MM-DD), empty when
// unknown.
func (t *Table) Date() string { return t.date }

// Describe names the table in one phrase for people: "the embedded price
// table of 2026-06-18" or "the price table prices.csv".
func (t *Table) Describe() string {
	if t.date != "" {
		return "the embedded price table of " + t.date
	}
	return "the price table " + t.source
}

// Regions returns the table's regions, lower case without spaces.
func (t *Table) Regions() []string { return slices.Clone(t.regions) }

// Hourly returns the pay-as-you-go price of one Linux VM of size (any
// case) in region (any case, with or without spaces), and whether the
// table has one.
func (t *Table) Hourly(region, size string) (float64, bool) {
	ri, ok := slices.BinarySearch(t.regions, pricecsv.NormRegion(region))
	if !ok {
		return 0, false
	}
	si, ok := slices.BinarySearchFunc(t.sizes, size, pricecsv.CompareFold)
	if !ok {
		return 0, false
	}
	p := t.prices[ri*len(t.sizes)+si]
	return p, p > 0
}

// hasRegion reports whether the table prices anything in region.
func (t *Table) hasRegion(region string) bool {
	_, ok := slices.BinarySearch(t.regions, pricecsv.NormRegion(region))
	return ok
}
