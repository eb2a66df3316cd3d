package pricing

import (
	"fmt"
	"strings"
)

// The operating systems and priorities of the spec language.
const (
	Linux       = "Linux"
	Windows     = "Windows"
	Dedicated   = "Dedicated"
	LowPriority = "LowPriority"
)

// SpotSince is the day Azure ML retired low-priority VMs: since then a
// LowPriority cluster is allocated as Spot VMs, billed at the Spot rate of
// the moment and never above pay-as-you-go (MicrosoftDocs/azure-ai-docs
// PRs #791 and #806, merged 2026-07; Azure/Batch#196).
const SpotSince = "2026-03-31"

// Node is what the price of one node of a cluster depends on.
type Node struct {
	Size     string // VM size, any case
	Region   string // any case, with or without spaces
	OS       string // Linux (also when empty) or Windows
	Priority string // Dedicated (also when empty) or LowPriority
}

func (n Node) windows() bool     { return strings.EqualFold(n.OS, Windows) }
func (n Node) lowPriority() bool { return strings.EqualFold(n.Priority, LowPriority) }

// Quote is the hourly price of one node.
type Quote struct {
	// Known is false when there is no price: then Hourly is meaningless
	// and Reason says why. A missing price is never zero.
	Known bool
	// Hourly is USD per node-hour.
	Hourly float64
	// UpTo says that Hourly is a ceiling, not a price: a LowPriority node
	// (billed as Spot) priced without a live Spot price.
	UpTo bool
	// Basis says how the node was priced, for people.
	Basis string
	// Reason says why there is no price.
	Reason string
}

// Prices answers the hourly price of a node. [*Table] and [*Live]
// implement it.
type Prices interface {
	Quote(n Node) Quote
	// Describe names the prices in one phrase, for the line that says
	// where the figures come from.
	Describe() string
}

// Quote prices a node from the table: a Linux node at the table's
// pay-as-you-go price, a LowPriority one (Spot since 2026-03-31) at most
// that. The table has no Windows prices.
func (t *Table) Quote(n Node) Quote {
	if n.windows() {
		return Quote{Reason: "no price: Windows nodes are not covered offline (the price tables are Linux); amlc vet --live reads Windows prices from Azure ML"}
	}
	p, ok := t.Hourly(n.Region, n.Size)
	if !ok {
		if !t.hasRegion(n.Region) {
			return Quote{Reason: fmt.Sprintf("no price: %s has no prices for region %q", t.Describe(), n.Region)}
		}
		return Quote{Reason: fmt.Sprintf("no price: %s has no price for %s in %s", t.Describe(), n.Size, n.Region)}
	}
	if n.lowPriority() {
		return Quote{Known: true, Hourly: p, UpTo: true, Basis: t.spotBasis}
	}
	return Quote{Known: true, Hourly: p, Basis: t.basis}
}
