package diff

import (
	"math"
	"strings"
	"testing"

	"github.com/amlc-dev/amlc/internal/pricing"
	"github.com/amlc-dev/amlc/schema"
)

// costSpec is one eastus Standard_D2_v2 cluster ($0.146 a node-hour).
func costSpec(min, max int, priority string) *schema.Spec {
	c := schema.Cluster{Name: "cpu", VMSize: "Standard_D2_v2", MinNodes: min, MaxNodes: max, Priority: priority, OSType: "Linux", Location: "eastus"}
	return &schema.Spec{Workspaces: []schema.Workspace{{Key: "ml", Name: "ml", Subscription: testSub, ResourceGroup: "rg", Location: "eastus", Clusters: []schema.Cluster{c}}}}
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.005 }

// TestPlanCostIsPriceTimesNodes: every change's floor and ceiling are the
// table's price × nodes × 730 plus the load balancers, and the plan's
// figures add them up.
func TestPlanCostIsPriceTimesNodes(t *testing.T) {
	lb := pricing.LoadBalancerMonthly
	p := Compute(costSpec(1, 8, ""), costSpec(0, 4, ""))
	c := p.Changes[0].Cost
	if c == nil || c.Before == nil || c.After == nil || c.CeilingChange == nil || c.FloorChange == nil {
		t.Fatalf("cost %+v", c)
	}
	for _, x := range []struct{ got, want float64 }{
		{*c.Before.Floor, lb}, {*c.Before.Ceiling, 0.146*4*730 + lb},
		{*c.After.Floor, 0.146*730 + lb}, {*c.After.Ceiling, 0.146*8*730 + lb},
		{*c.FloorChange, 0.146 * 730}, {*c.CeilingChange, 0.146 * 4 * 730},
		{p.Cost.Before.Ceiling, 0.146*4*730 + lb}, {p.Cost.After.Ceiling, 0.146*8*730 + lb},
		{p.Cost.CeilingChange, 0.146 * 4 * 730}, {p.Cost.FloorChange, 0.146 * 730},
	} {
		if !near(x.got, x.want) {
			t.Errorf("got %v, want %v", x.got, x.want)
		}
	}
	if p.Cost.UpTo || len(p.Cost.NoPrice) > 0 || p.Cost.HoursPerMonth != 730 {
		t.Errorf("plan cost %+v", p.Cost)
	}
	if why := CostIncrease(p, 100); !strings.Contains(why, "raises the monthly cost at maxNodes by $426.32") {
		t.Errorf("CostIncrease(100) = %q", why)
	}
	if why := CostIncrease(p, 426.32); why != "" {
		t.Errorf("CostIncrease(426.32) = %q: an increase of exactly the amount passes", why)
	}
	if why := CostIncrease(Compute(costSpec(0, 4, ""), costSpec(0, 8, "")), 0); why != "" {
		t.Errorf("a decrease fails the gate: %q", why)
	}
}

// Creates have no before, deletes no after, and each counts fully.
func TestPlanCostCreateDelete(t *testing.T) {
	create := Compute(costSpec(0, 4, ""), nil)
	if c := create.Changes[0].Cost; c.Before != nil || c.After == nil || !near(*c.CeilingChange, 436.36) {
		t.Errorf("create cost %+v", c)
	}
	del := Compute(nil, costSpec(0, 4, ""))
	if c := del.Changes[0].Cost; c.Before == nil || c.After != nil || !near(*c.CeilingChange, -436.36) || !near(del.Cost.CeilingChange, -436.36) {
		t.Errorf("delete cost %+v", c)
	}
}

// LowPriority is priced up to pay-as-you-go; a size without a price is
// left out of the totals, and the gate refuses what it cannot know.
func TestPlanCostUpToAndNoPrice(t *testing.T) {
	p := Compute(costSpec(0, 8, schema.LowPriority), costSpec(0, 4, schema.LowPriority))
	if c := p.Changes[0].Cost; !c.After.UpTo || !p.Cost.UpTo || !p.Cost.After.CeilingUpTo || p.Cost.After.FloorUpTo {
		t.Errorf("low priority cost %+v / %+v", c, p.Cost)
	}
	if l := changeCostText(p.Changes[0].Cost); l != "monthly cost: floor $10 → $10, ceiling up to $436 → up to $863 (up to +$426/month at maxNodes)" {
		t.Errorf("text %q", l)
	}
	unknown := costSpec(0, 8, "")
	unknown.Workspaces[0].Clusters[0].VMSize = "Standard_Nope"
	p = Compute(unknown, costSpec(0, 4, ""))
	c := p.Changes[0].Cost
	if c.After.NoPrice == "" || c.After.Floor != nil || c.CeilingChange != nil || p.Cost.Before.Ceiling != 0 || len(p.Cost.NoPrice) != 1 {
		t.Errorf("no price: %+v, plan %+v", c, p.Cost)
	}
	if why := CostIncrease(p, 1e9); !strings.Contains(why, "cannot be known: no price for ml/cpu") {
		t.Errorf("CostIncrease = %q", why)
	}
}
