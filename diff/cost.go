package diff

import (
	"fmt"
	"strings"

	"github.com/amlc-dev/amlc/internal/pricing"
	"github.com/amlc-dev/amlc/schema"
)

// ChangeCost is what a change does to a cluster's monthly cost (JSON
// "cost" of a change): the floor (minNodes always on) and ceiling
// (maxNodes always on) before and after, in USD a month of 730 hours with
// the load balancers Azure bills (package pricing).
type ChangeCost struct {
	// Before and After are the cluster's cost in the base and in the
	// specs; null when the cluster is not there (a create, a delete).
	Before *ClusterCost `json:"before"`
	After  *ClusterCost `json:"after"`
	// FloorChange and CeilingChange are After minus Before; absent when
	// either side has no price.
	FloorChange   *float64 `json:"floorChange,omitempty"`
	CeilingChange *float64 `json:"ceilingChange,omitempty"`
}

// ClusterCost is one cluster's monthly cost.
type ClusterCost struct {
	VMSize   string `json:"vmSize"`
	Region   string `json:"region"`
	MinNodes int    `json:"minNodes"`
	MaxNodes int    `json:"maxNodes"`
	// Hourly is the price of one node-hour; Floor and Ceiling the month
	// with minNodes and maxNodes always on. Absent with NoPrice.
	Hourly  *float64 `json:"hourly,omitempty"`
	Floor   *float64 `json:"floor,omitempty"`
	Ceiling *float64 `json:"ceiling,omitempty"`
	// UpTo says the figures are ceilings: LowPriority nodes are Spot VMs
	// since 2026-03-31, billed at a varying rate up to pay-as-you-go. (A
	// floor of zero nodes, only the load balancer, is exact.)
	UpTo bool `json:"upTo,omitempty"`
	// NoPrice says why the cluster has no price.
	NoPrice string `json:"noPrice,omitempty"`
}

// PlanCost is the monthly cost of all the plan's clusters (JSON "cost" of
// the plan) before and after, and the difference. Clusters with no price
// on either side are left out of every total and listed in NoPrice.
type PlanCost struct {
	Before        CostTotals `json:"before"`
	After         CostTotals `json:"after"`
	FloorChange   float64    `json:"floorChange"`
	CeilingChange float64    `json:"ceilingChange"`
	// UpTo says some figures are ceilings (LowPriority clusters).
	UpTo    bool     `json:"upTo,omitempty"`
	NoPrice []string `json:"noPrice,omitempty"`
	// Prices names the price data; HoursPerMonth the month priced.
	Prices        string `json:"prices"`
	HoursPerMonth int    `json:"hoursPerMonth"`
}

// CostTotals are the floor and ceiling of a set of clusters, USD a month.
// FloorUpTo and CeilingUpTo say the figure is a ceiling, because it counts
// LowPriority (Spot) nodes at pay-as-you-go.
type CostTotals struct {
	Floor       float64 `json:"floor"`
	Ceiling     float64 `json:"ceiling"`
	FloorUpTo   bool    `json:"floorUpTo,omitempty"`
	CeilingUpTo bool    `json:"ceilingUpTo,omitempty"`
}

// add counts a cluster's cost into the totals.
func (t *CostTotals) add(c *ClusterCost) {
	t.Floor += c.floor()
	t.Ceiling += c.ceiling()
	t.FloorUpTo = t.FloorUpTo || c.floorUpTo()
	t.CeilingUpTo = t.CeilingUpTo || c.ceilingUpTo()
}

// costBlock holds a change's cost and the numbers it points to, so that
// pricing a change takes one allocation.
type costBlock struct {
	cost          ChangeCost
	before, after ClusterCost
	nums          [8]float64
}

// priced fills one side of a cluster's cost into cc, with its numbers in
// nums, and returns it; nil without a cluster.
func priced(prices pricing.Prices, e entry, ok bool, cc *ClusterCost, nums []float64) *ClusterCost {
	if !ok {
		return nil
	}
	est := pricing.Estimate(prices, schema.Node(e.c), e.c.MinNodes, e.c.MaxNodes)
	*cc = ClusterCost{VMSize: e.c.VMSize, Region: e.c.Location, MinNodes: e.c.MinNodes, MaxNodes: e.c.MaxNodes}
	if !est.Known {
		cc.NoPrice = est.Reason
		return cc
	}
	nums[0], nums[1], nums[2] = est.Hourly, est.Floor, est.Ceiling
	cc.Hourly, cc.Floor, cc.Ceiling = &nums[0], &nums[1], &nums[2]
	cc.UpTo = est.UpTo
	return cc
}

// known reports whether a side has a price, or is no cluster at all.
func (c *ClusterCost) known() bool { return c == nil || c.NoPrice == "" }

func (c *ClusterCost) floor() float64 {
	if c == nil || c.Floor == nil {
		return 0
	}
	return *c.Floor
}

func (c *ClusterCost) ceiling() float64 {
	if c == nil || c.Ceiling == nil {
		return 0
	}
	return *c.Ceiling
}

func (c *ClusterCost) floorUpTo() bool   { return c != nil && c.UpTo && c.MinNodes > 0 }
func (c *ClusterCost) ceilingUpTo() bool { return c != nil && c.UpTo && c.MaxNodes > 0 }

// addCost prices every change of p and the whole plan.
func addCost(p *Plan, d, b map[string]entry, prices pricing.Prices) {
	pc := &PlanCost{Prices: prices.Describe(), HoursPerMonth: pricing.HoursPerMonth}
	for i := range p.Changes {
		ch := &p.Changes[i]
		de, inD := d[ch.Address]
		be, inB := b[ch.Address]
		blk := &costBlock{}
		cc := &blk.cost
		cc.Before = priced(prices, be, inB, &blk.before, blk.nums[0:3])
		cc.After = priced(prices, de, inD, &blk.after, blk.nums[3:6])
		ch.Cost = cc
		if !cc.Before.known() || !cc.After.known() {
			pc.NoPrice = append(pc.NoPrice, ch.Address)
			continue
		}
		blk.nums[6] = pricing.Cents(cc.After.floor() - cc.Before.floor())
		blk.nums[7] = pricing.Cents(cc.After.ceiling() - cc.Before.ceiling())
		cc.FloorChange, cc.CeilingChange = &blk.nums[6], &blk.nums[7]
		pc.Before.add(cc.Before)
		pc.After.add(cc.After)
	}
	pc.UpTo = pc.Before.CeilingUpTo || pc.After.CeilingUpTo
	for _, t := range []*CostTotals{&pc.Before, &pc.After} {
		t.Floor, t.Ceiling = pricing.Cents(t.Floor), pricing.Cents(t.Ceiling)
	}
	pc.FloorChange = pricing.Cents(pc.After.Floor - pc.Before.Floor)
	pc.CeilingChange = pricing.Cents(pc.After.Ceiling - pc.Before.Ceiling)
	p.Cost = pc
}

// CostIncrease checks the gate --fail-on cost-increase=AMOUNT: it returns
// why the plan fails it, or "" when the plan's monthly ceiling grows by
// at most amount USD. A change whose cost cannot be priced fails the gate,
// because the increase cannot be known.
func CostIncrease(p *Plan, amount float64) string {
	if p.Cost == nil {
		return "the plan has no cost"
	}
	var unpriced []string
	for i := range p.Changes {
		ch := &p.Changes[i]
		if ch.Action != NoOp && ch.Cost != nil && ch.Cost.CeilingChange == nil {
			unpriced = append(unpriced, ch.Address)
		}
	}
	if len(unpriced) > 0 {
		return fmt.Sprintf("the cost increase cannot be known: no price for %s", strings.Join(unpriced, ", "))
	}
	if c := p.Cost.CeilingChange; c > amount {
		upTo := ""
		if p.Cost.UpTo {
			upTo = "up to "
		}
		// Spot figures are counted at pay-as-you-go: the gate judges
		// the most the change can cost.
		return fmt.Sprintf("the plan raises the monthly cost at maxNodes by %s%s (%s → %s), more than %s",
			upTo, pricing.MoneyCents(c), pricing.MoneyCents(p.Cost.Before.Ceiling), pricing.MoneyCents(p.Cost.After.Ceiling), pricing.MoneyCents(amount))
	}
	return ""
}
