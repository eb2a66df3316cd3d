package schema

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/internal/pricing"
)

// The codes of the budget check and the cost notes.
const (
	CodeBudgetFloor   = "cost/budget-floor"
	CodeBudgetCeiling = "cost/budget-ceiling"
	CodeNoPrice       = "cost/no-price"
	CodeEstimate      = "cost/estimate"
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
		w := &k.d.spec.Workspaces[i]
		if w.Budget != nil {
			k.checkBudget(w)
		}
		if k.costNotes {
			k.noteCosts(w)
		}
	}
}

// noteCosts reports the monthly cost of every cluster of w, at its
// vmSize, and of the whole workspace, at its key (Options.Cost).
func (k *checker) noteCosts(w *Workspace) {
	var floor, ceiling float64
	var floorUpTo, ceilingUpTo bool
	var unpriced []string
	for i := range w.Clusters {
		c := &w.Clusters[i]
		cost := pricing.Estimate(k.prices, Node(c), c.MinNodes, c.MaxNodes)
		labels := clusterLabels(w, c, "vmSize")
		if !cost.Known {
			unpriced = append(unpriced, c.Name)
			k.ds = append(k.ds, diag.Notef(CodeEstimate, k.pos(labels...), FieldPath(labels...),
				fmt.Sprintf("%s in %s: %s", c.VMSize, c.Location, cost.Reason)))
			continue
		}
		floor += cost.Floor
		ceiling += cost.Ceiling
		floorUpTo = floorUpTo || cost.UpTo && c.MinNodes > 0
		ceilingUpTo = ceilingUpTo || cost.UpTo
		k.ds = append(k.ds, diag.Notef(CodeEstimate, k.pos(labels...), FieldPath(labels...),
			fmt.Sprintf("%s in %s: %s", c.VMSize, c.Location, costFigures(cost))).
			WithDetail(cost.Basis+fmt.Sprintf("; %d hours a month; %s.", pricing.HoursPerMonth, loadBalancerWords)))
	}
	labels := []string{"workspaces", w.Key}
	summary := fmt.Sprintf("the clusters of %s cost %s a month at minNodes, %s at maxNodes", w.Key, upTo(floor, floorUpTo), upTo(ceiling, ceilingUpTo))
	if len(unpriced) > 0 {
		summary += fmt.Sprintf(", not counting %s without a price (%s)", plural(len(unpriced), "cluster", "clusters"), strings.Join(unpriced, ", "))
	}
	k.ds = append(k.ds, diag.Notef(CodeEstimate, k.pos(labels...), FieldPath(labels...), summary).
		WithDetail(fmt.Sprintf("Prices: %s; %d hours a month; %s.", k.prices.Describe(), pricing.HoursPerMonth, loadBalancerWords)))
}

// upTo is an amount, "up to" one when it counts Spot nodes.
func upTo(x float64, up bool) string {
	if up {
		return "up to " + money(x)
	}
	return money(x)
}

// rateUpTo is an hourly price, "up to" one for a Spot node.
func rateUpTo(x float64, up bool) string {
	if up {
		return "up to " + pricing.Rate(x)
	}
	return pricing.Rate(x)
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
	return w.Key + "/" + name + ": " + costFigures(c)
}

// costFigures are a cluster's floor, ceiling and node-hour price.
func costFigures(c pricing.Cost) string {
	return fmt.Sprintf("%s a month at minNodes %d, %s at maxNodes %d (%s a node-hour)",
		upTo(c.Floor, c.UpTo && c.MinNodes > 0), c.MinNodes, upTo(c.Ceiling, c.UpTo && c.MaxNodes > 0), c.MaxNodes, rateUpTo(c.Hourly, c.UpTo))
}

func money(x float64) string { return pricing.MoneyCents(x) }

// plural returns "1 <one>" or "n <many>".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
