package pricing

import (
	"math"
	"strings"
	"testing"

	"github.com/amlc-dev/amlc/internal/catalog"
)

func TestLoadBalancers(t *testing.T) {
	for nodes, want := range map[int]int{0: 1, 1: 1, 49: 1, 50: 1, 51: 2, 100: 2, 101: 3, 4000: 80} {
		if got := LoadBalancers(nodes); got != want {
			t.Errorf("LoadBalancers(%d) = %d, want %d", nodes, got, want)
		}
	}
	if math.Abs(LoadBalancerMonthly-10.0375) > 1e-9 {
		t.Errorf("LoadBalancerMonthly = %v, want 0.33 × 730 / 24", LoadBalancerMonthly)
	}
}

// TestEstimateIsPriceTimesNodes: floor and ceiling are the table's price ×
// nodes × 730, plus the load balancers.
func TestEstimateIsPriceTimesNodes(t *testing.T) {
	for _, c := range []struct {
		region, size string
		min, max     int
	}{
		{"eastus", "Standard_D2_v2", 0, 4},
		{"westeurope", "Standard_NC6s_v3", 2, 8},
		{"eastus", "Standard_DS3_v2", 10, 120},
	} {
		price, ok := Default().Hourly(c.region, c.size)
		if !ok {
			t.Fatalf("no price for %s in %s", c.size, c.region)
		}
		got := Estimate(Default(), Node{Size: c.size, Region: c.region}, c.min, c.max)
		wantFloor := price*float64(c.min)*730 + float64(LoadBalancers(c.min))*0.33*730/24
		wantCeil := price*float64(c.max)*730 + float64(LoadBalancers(c.max))*0.33*730/24
		if !got.Known || got.UpTo || got.Hourly != price {
			t.Errorf("%+v: quote %+v", c, got.Quote)
		}
		if math.Abs(got.Floor-wantFloor) > 0.005 || math.Abs(got.Ceiling-wantCeil) > 0.005 {
			t.Errorf("%+v: floor %v ceiling %v, want %v and %v", c, got.Floor, got.Ceiling, wantFloor, wantCeil)
		}
	}
	// Standard_D2_v2 in eastus, 4 nodes: 0.146 × 4 × 730 + 10.0375.
	got := Estimate(Default(), Node{Size: "Standard_D2_v2", Region: "eastus"}, 0, 4)
	if got.Floor != 10.04 || got.Ceiling != 436.36 || got.FloorLoadBalancers != 1 || got.CeilingLoadBalancers != 1 {
		t.Errorf("Estimate = %+v", got)
	}
}

func TestEstimateWithoutPrice(t *testing.T) {
	for _, c := range []struct {
		n    Node
		want string
	}{
		{Node{Size: "Standard_Nope", Region: "eastus"}, "no price: the embedded price table of 2026-06-18 has no price for Standard_Nope in eastus"},
		{Node{Size: "Standard_D2_v2", Region: "marsnorth"}, `no price: the embedded price table of 2026-06-18 has no prices for region "marsnorth"`},
		{Node{Size: "Standard_D2_v2", Region: "eastus", OS: "Windows"}, "no price: Windows nodes are not covered offline"},
	} {
		got := Estimate(Default(), c.n, 1, 2)
		if got.Known || got.Floor != 0 || got.Ceiling != 0 || !strings.HasPrefix(got.Reason, c.want) {
			t.Errorf("Estimate(%+v) = %+v, want no price: %q", c.n, got, c.want)
		}
	}
}

// TestLowPriorityIsUpToPayAsYouGo: without live prices a LowPriority
// (Spot) node costs at most the pay-as-you-go price, and says so.
func TestLowPriorityIsUpToPayAsYouGo(t *testing.T) {
	got := Estimate(Default(), Node{Size: "Standard_NC6s_v3", Region: "eastus", Priority: "LowPriority"}, 0, 5)
	if !got.Known || !got.UpTo || got.Hourly != 3.06 {
		t.Fatalf("quote %+v", got.Quote)
	}
	if !strings.Contains(got.Basis, "Spot") || !strings.Contains(got.Basis, "at most the pay-as-you-go price") {
		t.Errorf("basis %q does not say it is a ceiling of Spot prices", got.Basis)
	}
}

// liveList is a VirtualMachineSizes_List response shaped like Azure's
// (the REST example VirtualMachineSize/list.json of 2024-04-01 and the
// recording of eastus), with a Spot tier as Azure ML returns since
// low-priority VMs became Spot.
const liveList = `{"value": [
 {"name": "Standard_NC6s_v3", "family": "standardNCSv3Family", "vCPUs": 6, "gpus": 1, "memoryGB": 112, "lowPriorityCapable": true,
  "estimatedVMPrices": {"billingCurrency": "USD", "unitOfMeasure": "OneHour", "values": [
   {"retailPrice": 3.34, "osType": "Windows", "vmTier": "Standard"},
   {"retailPrice": 0.61, "osType": "Linux", "vmTier": "LowPriority"},
   {"retailPrice": 1.33, "osType": "Windows", "vmTier": "LowPriority"},
   {"retailPrice": 3.06, "osType": "Linux", "vmTier": "Standard"}]},
  "supportedComputeTypes": ["AmlCompute"]},
 {"name": "Standard_D2_v2", "family": "standardDv2Family", "vCPUs": 2, "gpus": 0, "memoryGB": 7, "lowPriorityCapable": true,
  "estimatedVMPrices": {"billingCurrency": "USD", "unitOfMeasure": "OneHour", "values": [
   {"retailPrice": 0.15, "osType": "Linux", "vmTier": "Standard"},
   {"retailPrice": 0.031, "osType": "Linux", "vmTier": "Spot"},
   {"retailPrice": 0.02, "osType": "Linux", "vmTier": "LowPriority"}]},
  "supportedComputeTypes": ["AmlCompute"]},
 {"name": "Standard_E2_v3", "family": "standardEv3Family", "vCPUs": 2, "gpus": 0, "memoryGB": 16, "lowPriorityCapable": true,
  "supportedComputeTypes": ["AmlCompute"]}
]}`

func TestLive(t *testing.T) {
	cat, err := catalog.Parse([]byte(liveList), "live", "eastus")
	if err != nil {
		t.Fatal(err)
	}
	live := NewLive(map[string]*catalog.Catalog{"eastus": cat}, Default())
	for _, c := range []struct {
		n      Node
		hourly float64
		upTo   bool
		basis  string
	}{
		{Node{Size: "standard_d2_v2", Region: "East US"}, 0.15, false, "Live Linux Standard price"},
		{Node{Size: "Standard_D2_v2", Region: "eastus", Priority: "LowPriority"}, 0.031, false, "Live Linux Spot price"},
		// No Spot tier: the LowPriority one.
		{Node{Size: "Standard_NC6s_v3", Region: "eastus", Priority: "LowPriority"}, 0.61, false, "Live Linux LowPriority price"},
		{Node{Size: "Standard_NC6s_v3", Region: "eastus", OS: "Windows"}, 3.34, false, "Live Windows Standard price"},
		// No live prices for the size: the table.
		{Node{Size: "Standard_E2_v3", Region: "eastus"}, mustHourly(t, "eastus", "Standard_E2_v3"), false, "Azure ML returned no live price"},
		// Another region: the table.
		{Node{Size: "Standard_D2_v2", Region: "westeurope", Priority: "LowPriority"}, mustHourly(t, "westeurope", "Standard_D2_v2"), true, "at most the pay-as-you-go price"},
	} {
		q := live.Quote(c.n)
		if !q.Known || q.Hourly != c.hourly || q.UpTo != c.upTo || !strings.Contains(q.Basis, c.basis) {
			t.Errorf("Quote(%+v) = %+v, want %v (up to %v) %q", c.n, q, c.hourly, c.upTo, c.basis)
		}
	}
	if q := live.Quote(Node{Size: "Standard_E2_v3", Region: "eastus", OS: "Windows"}); q.Known {
		t.Errorf("Windows without a live price: %+v", q)
	}
	if d := live.Describe(); !strings.Contains(d, "eastus") || !strings.Contains(d, "embedded price table") {
		t.Errorf("Describe = %q", d)
	}
}

func mustHourly(t *testing.T, region, size string) float64 {
	p, ok := Default().Hourly(region, size)
	if !ok {
		t.Fatalf("no price for %s in %s", size, region)
	}
	return p
}

func TestMoney(t *testing.T) {
	for x, want := range map[float64]string{0: "$0", 0.58: "$0.58", 10.04: "$10", 1234.4: "$1,234", 1234567.5: "$1,234,568", -56.2: "-$56"} {
		if got := Money(x); got != want {
			t.Errorf("Money(%v) = %q, want %q", x, got, want)
		}
	}
	for x, want := range map[float64]string{0: "$0.00", 0.5: "$0.50", 1470.04: "$1,470.04", 1234567.899: "$1,234,567.90", -3.1: "-$3.10"} {
		if got := MoneyCents(x); got != want {
			t.Errorf("MoneyCents(%v) = %q, want %q", x, got, want)
		}
	}
	for x, want := range map[float64]string{0: "$0", 0.001: "$0", 1234: "+$1,234", -0.5: "-$0.50"} {
		if got := Change(x); got != want {
			t.Errorf("Change(%v) = %q, want %q", x, got, want)
		}
	}
	for x, want := range map[float64]string{0.146: "$0.146", 3.06: "$3.06", 0.1: "$0.10", 98.32: "$98.32", 2: "$2.00"} {
		if got := Rate(x); got != want {
			t.Errorf("Rate(%v) = %q, want %q", x, got, want)
		}
	}
}
