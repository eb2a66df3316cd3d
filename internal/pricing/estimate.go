package pricing

import "math"

// The figures of a monthly estimate.
const (
	// HoursPerMonth is the month amlc prices, as Azure's pricing
	// calculator and Infracost do: 730 hours.
	HoursPerMonth = 730
	// NodesPerLoadBalancer and LoadBalancerPerDay: "Every 50 nodes of a
	// compute cluster have one standard load balancer billed. Each load
	// balancer is billed around $0.33/day." (MicrosoftDocs/azure-ai-docs,
	// articles/machine-learning/concept-plan-manage-cost.md, commit
	// 0eea71c).
	NodesPerLoadBalancer = 50
	LoadBalancerPerDay   = 0.33
)

// LoadBalancerMonthly is one load balancer for a month of 730 hours.
const LoadBalancerMonthly = LoadBalancerPerDay * HoursPerMonth / 24

// LoadBalancers is how many load balancers Azure bills for a cluster of n
// nodes: one per started 50 nodes, and one while the cluster exists even
// at zero nodes ("To avoid load balancer costs on stopped compute
// instances and compute clusters, delete the compute resource", the page
// cited at NodesPerLoadBalancer).
func LoadBalancers(nodes int) int {
	return max(1, (nodes+NodesPerLoadBalancer-1)/NodesPerLoadBalancer)
}

// Cost is the monthly cost of one cluster: its floor with minNodes always
// on and its ceiling with maxNodes always on, each with its load
// balancers. With Quote.UpTo both are ceilings.
type Cost struct {
	Quote
	MinNodes, MaxNodes int
	// Floor and Ceiling are USD per month, rounded to cents; meaningful
	// only when Known.
	Floor, Ceiling float64
	// FloorLoadBalancers and CeilingLoadBalancers count the load
	// balancers in each.
	FloorLoadBalancers, CeilingLoadBalancers int
}

// Estimate prices a cluster of minNodes to maxNodes nodes of n.
func Estimate(p Prices, n Node, minNodes, maxNodes int) Cost {
	c := Cost{Quote: p.Quote(n), MinNodes: minNodes, MaxNodes: maxNodes,
		FloorLoadBalancers: LoadBalancers(minNodes), CeilingLoadBalancers: LoadBalancers(maxNodes)}
	if c.Known {
		c.Floor = Monthly(c.Hourly, minNodes)
		c.Ceiling = Monthly(c.Hourly, maxNodes)
	}
	return c
}

// Monthly is nodes always on for a month at hourly USD each, with their
// load balancers, rounded to cents.
func Monthly(hourly float64, nodes int) float64 {
	return Cents(hourly*float64(nodes)*HoursPerMonth + float64(LoadBalancers(nodes))*LoadBalancerMonthly)
}

// Cents rounds an amount of USD to whole cents.
func Cents(x float64) float64 { return math.Round(x*100) / 100 }
