package pricing

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/amlc-dev/amlc/internal/catalog"
)

// The tiers of estimatedVMPrices (armmachinelearning VMTier).
const (
	tierStandard    = "Standard"
	tierLowPriority = "LowPriority"
	tierSpot        = "Spot"
)

// Live prices nodes with what Azure ML returns with the VM sizes of a
// region (the estimatedVMPrices of VirtualMachineSizes_List), per OS and
// tier, and falls back to another Prices for what the live lists do not
// price.
type Live struct {
	cats     map[string]*catalog.Catalog // by normalised region
	fallback Prices
}

// NewLive prices from cats, the live VM-size lists by region (as amlc vet
// --live reads them), and from fallback for the rest.
func NewLive(cats map[string]*catalog.Catalog, fallback Prices) *Live {
	norm := make(map[string]*catalog.Catalog, len(cats))
	for r, c := range cats {
		norm[catalog.NormRegion(r)] = c
	}
	return &Live{cats: norm, fallback: fallback}
}

// Describe names the prices.
func (l *Live) Describe() string {
	regions := slices.Sorted(maps.Keys(l.cats))
	return fmt.Sprintf("live prices from Azure ML (%s), else %s", strings.Join(regions, ", "), l.fallback.Describe())
}

// Quote prices a node at its live price: a Dedicated node at the Standard
// tier of its OS, a LowPriority one at the Spot tier (low-priority VMs are
// allocated as Spot since 2026-03-31), else the LowPriority tier. Without
// a live price in USD per hour it asks the fallback.
func (l *Live) Quote(n Node) Quote {
	region := catalog.NormRegion(n.Region)
	os := Linux
	if n.windows() {
		os = Windows
	}
	if c := l.cats[region]; c != nil {
		if prices, ok := c.Prices(n.Size); ok && usdPerHour(prices) {
			tiers := []string{tierStandard}
			if n.lowPriority() {
				tiers = []string{tierSpot, tierLowPriority}
			}
			for _, tier := range tiers {
				if p, ok := tierPrice(prices, os, tier); ok {
					q := Quote{Known: true, Hourly: p,
						Basis: fmt.Sprintf("Live %s %s price from Azure ML (estimatedVMPrices, %s)", os, tier, region)}
					if n.lowPriority() {
						q.Basis += fmt.Sprintf("; LowPriority nodes are Spot VMs since %s, billed at the Spot rate of the moment, which varies", SpotSince)
					}
					return q
				}
			}
		}
	}
	q := l.fallback.Quote(n)
	if q.Known {
		q.Basis += " (Azure ML returned no live price)"
	}
	return q
}

func usdPerHour(p *catalog.EstimatedVMPrices) bool {
	return strings.EqualFold(p.BillingCurrency, "USD") && strings.EqualFold(p.UnitOfMeasure, "OneHour")
}

// tierPrice finds a positive price for an OS and tier.
func tierPrice(p *catalog.EstimatedVMPrices, os, tier string) (float64, bool) {
	for _, v := range p.Values {
		if strings.EqualFold(v.OSType, os) && strings.EqualFold(v.VMTier, tier) && v.RetailPrice > 0 {
			return v.RetailPrice, true
		}
	}
	return 0, false
}
