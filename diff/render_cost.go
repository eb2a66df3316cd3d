package diff

import (
	"fmt"
	"strings"

	"github.com/amlc-dev/amlc/internal/pricing"
)

// How the renderers word costs. They only read Plan.Cost and Change.Cost.

// money is a figure: "$436", "up to $8,945" for a ceiling of Spot
// prices.
func money(x float64, upTo bool) string {
	if upTo {
		return "up to " + pricing.Money(x)
	}
	return pricing.Money(x)
}

// figure picks the floor or the ceiling of a cluster's cost.
type figure struct {
	get  func(*ClusterCost) float64
	upTo func(*ClusterCost) bool
}

var (
	floorFig   = figure{(*ClusterCost).floor, (*ClusterCost).floorUpTo}
	ceilingFig = figure{(*ClusterCost).ceiling, (*ClusterCost).ceilingUpTo}
)

// sideText is one figure of a change before and after: "$436 → $862",
// "$436" for a create or a delete, "no price" when a side has none.
func sideText(c *ChangeCost, f figure) string {
	b, a := c.Before, c.After
	switch {
	case !b.known() || !a.known():
		return "no price"
	case b == nil && a == nil:
		return "$0"
	case b == nil:
		return money(f.get(a), f.upTo(a))
	case a == nil:
		return money(f.get(b), f.upTo(b))
	}
	return money(f.get(b), f.upTo(b)) + " → " + money(f.get(a), f.upTo(a))
}

// changeCostText is the cost line of a change in the text view: "monthly
// cost: floor $10, ceiling $436 → $862 (+$426/month at maxNodes)".
func changeCostText(c *ChangeCost) string {
	if c == nil {
		return ""
	}
	if reason := noPriceReason(c); reason != "" {
		return "monthly cost: " + reason
	}
	s := fmt.Sprintf("monthly cost: floor %s, ceiling %s", sideText(c, floorFig), sideText(c, ceilingFig))
	if c.CeilingChange != nil {
		s += " (" + deltaText(*c.CeilingChange, c.ceilingUpTo()) + "/month at maxNodes)"
	}
	return s
}

// noPriceReason is why a change has no price, "" when it has one.
func noPriceReason(c *ChangeCost) string {
	for _, s := range []*ClusterCost{c.After, c.Before} {
		if s != nil && s.NoPrice != "" {
			return s.NoPrice
		}
	}
	return ""
}

// ceilingUpTo reports whether the change's ceilings count Spot nodes.
func (c *ChangeCost) ceilingUpTo() bool { return c.Before.ceilingUpTo() || c.After.ceilingUpTo() }

// deltaText is a difference: "+$426", "-$12", "$0", "up to +$426" when
// Spot nodes are counted at pay-as-you-go.
func deltaText(x float64, upTo bool) string {
	s := pricing.Change(x)
	if upTo && s != "$0" {
		return "up to " + s
	}
	return s
}

// planCostLines are the cost lines of the whole plan in the text view.
func planCostLines(c *PlanCost) []string {
	if c == nil {
		return nil
	}
	lines := []string{
		fmt.Sprintf("Monthly cost: %s/month at maxNodes (%s → %s); %s/month at minNodes (%s → %s).",
			deltaText(c.CeilingChange, c.UpTo), money(c.Before.Ceiling, c.Before.CeilingUpTo), money(c.After.Ceiling, c.After.CeilingUpTo),
			deltaText(c.FloorChange, c.Before.FloorUpTo || c.After.FloorUpTo), money(c.Before.Floor, c.Before.FloorUpTo), money(c.After.Floor, c.After.FloorUpTo)),
		pricesLine(c),
	}
	if len(c.NoPrice) > 0 {
		lines = append(lines, fmt.Sprintf("Not counted, no price: %s.", strings.Join(c.NoPrice, ", ")))
	}
	return lines
}

// pricesLine says where the figures come from.
func pricesLine(c *PlanCost) string {
	s := fmt.Sprintf("Prices: %s (Linux pay-as-you-go, USD); %d hours a month; one load balancer per %d nodes at $%.2f a day.",
		c.Prices, c.HoursPerMonth, pricing.NodesPerLoadBalancer, pricing.LoadBalancerPerDay)
	if c.UpTo {
		s += fmt.Sprintf(" Up to: LowPriority nodes are Spot VMs since %s, billed at a varying rate of at most pay-as-you-go.", pricing.SpotSince)
	}
	return s
}
