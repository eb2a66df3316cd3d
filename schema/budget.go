package schema

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/internal/pricing"
)

// The codes of the budget check.
const (
	CodeBudgetFloor   = "cost/budget-floor"
	CodeBudgetCeiling = "cost/budget-ceiling"
	CodeNoPrice       = "cost/no-price"
)

// Node returns what the price of one node of c depends on.
func Node(c *Cluster) pricing.Node {
	return pricing.Node{Size: c.VMSize, Region: c.Location, OS: c.OSType, Priority: c.Priority}
}

// checkBudgets checks every workspace that sets a budget against its
// clusters' monthly cost (SPEC.md §2): a floor (minNodes always on) above
// the budget is an error, a ceiling (maxNodes always on) above it a
// warning, and clusters without a price, which cannot be counted, a
// warning.
func (k *checker) checkBudgets() {
	for i := range k.d.spec.Workspaces {
		if w := &k.d.spec.Workspaces[i]; w.Budget != nil {
			k.checkBudget(w)
		}
	}
}

func (k *checker) checkBudget(w *Workspace) {
	type priced struct {
		name string
		cost pricing.Cost
	}
	var (
		costs    []priced
		unpriced []string
		// floorMin is the floor for certain: a LowPriority (Spot) cluster
		// priced only up to pay-as-you-go counts just its load balancer.
		floorMin, floorMax, ceiling float64
		upTo                        bool
	)
	for i := range w.Clusters {
		c := &w.Clusters[i]
		cost := pricing.Estimate(k.prices, Node(c), c.MinNodes, c.MaxNodes)
		if !cost.Known {
			unpriced = append(unpriced, c.Name+": "+cost.Reason)
			continue
		}
		costs = append(costs, priced{c.Name, cost})
		if cost.UpTo {
			upTo = true
			floorMin += pricing.Monthly(0, c.MinNodes)
		} else {
			floorMin += cost.Floor
		}
		floorMax += cost.Floor
		ceiling += cost.Ceiling
	}
	budget := w.Budget.Monthly
	labels := []string{"workspaces", w.Key, "budget", "monthly"}
	upToWord := ""
	if upTo {
		upToWord = "up to "
	}
	var d *diag.Diagnostic
	switch {
	case floorMin > budget:
		d = k.errorf(CodeBudgetFloor, labels, fmt.Sprintf("the clusters of %s cost %s a month with minNodes always on, above its budget of %s",
			w.Key, money(floorMin), money(budget)))
	case floorMax > budget:
		d = k.warnf(CodeBudgetCeiling, labels, fmt.Sprintf("the clusters of %s can cost %s%s a month with minNodes always on, above its budget of %s",
			w.Key, upToWord, money(floorMax), money(budget)))
	case ceiling > budget:
		d = k.warnf(CodeBudgetCeiling, labels, fmt.Sprintf("the clusters of %s can cost %s%s a month at maxNodes, above its budget of %s",
			w.Key, upToWord, money(ceiling), money(budget)))
	}
	if d != nil {
		slices.SortFunc(costs, func(a, b priced) int {
			return cmp.Or(cmp.Compare(b.cost.Ceiling, a.cost.Ceiling), strings.Compare(a.name, b.name))
		})
		var lines []string
		for i, p := range costs {
			if i == 10 {
				lines = append(lines, fmt.Sprintf("and %d more", len(costs)-10))
				break
			}
			lines = append(lines, costLine(w, p.name, p.cost))
		}
		lines = append(lines, fmt.Sprintf("Prices: %s; %d hours a month; %s.", k.prices.Describe(), pricing.HoursPerMonth, loadBalancerWords))
		*d = d.WithDetail(strings.Join(lines, "\n"))
		for _, p := range costs {
			field := "maxNodes"
			if d.Code == CodeBudgetFloor {
				field = "minNodes"
			}
			*d = d.WithRelated(k.pos("workspaces", w.Key, "clusters", p.name, field))
		}
	}
	if len(unpriced) > 0 {
		k.warnf(CodeNoPrice, labels, fmt.Sprintf("%s not counted against the budget of %s: no price", plural(len(unpriced), "cluster is", "clusters are"), w.Key)).
			Detail = strings.Join(unpriced, "\n")
	}
}

// loadBalancerWords says how load balancers are counted.
var loadBalancerWords = fmt.Sprintf("one load balancer per %d nodes (at least one) at $%.2f a day", pricing.NodesPerLoadBalancer, pricing.LoadBalancerPerDay)

// costLine is one cluster's cost for a detail.
func costLine(w *Workspace, name string, c pricing.Cost) string {
	at := ""
	if c.UpTo {
		at = "up to "
	}
	return fmt.Sprintf("%s/%s: %s%s a month at minNodes %d, %s%s at maxNodes %d (%s%s a node-hour)",
		w.Key, name, at, money(c.Floor), c.MinNodes, at, money(c.Ceiling), c.MaxNodes, at, pricing.Rate(c.Hourly))
}

func money(x float64) string { return pricing.MoneyCents(x) }

// plural returns "1 <one>" or "n <many>".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
