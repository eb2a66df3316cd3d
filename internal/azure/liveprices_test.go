package azure

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"testing"

	"github.com/amlc-dev/amlc/internal/armfake"
	"github.com/amlc-dev/amlc/internal/catalog"
	"github.com/amlc-dev/amlc/internal/pricing"
	"github.com/amlc-dev/amlc/schema"
)

// TestLivePrices: the fake serves the VM sizes with the estimatedVMPrices
// Azure ML recorded (per OS and tier), the client keeps them in the live
// catalogs, and pricing.Live prices nodes with them.
func TestLivePrices(t *testing.T) {
	const sub = "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	s, err := armfake.Start(armfake.Options{Workspaces: []armfake.Workspace{{Subscription: sub, ResourceGroup: "rg", Name: "ml", Location: "eastus"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	// What the fake answers, read without the SDK.
	req := s.URL() + "/subscriptions/" + sub + "/providers/Microsoft.MachineLearningServices/locations/eastus/vmSizes?api-version=2026-05-01"
	resp, err := s.Client().Do(mustRequest(t, req))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var raw struct {
		Value []struct {
			Name   string                     `json:"name"`
			Prices *catalog.EstimatedVMPrices `json:"estimatedVMPrices"`
		} `json:"value"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	var served *catalog.EstimatedVMPrices
	for _, v := range raw.Value {
		if v.Name == "Standard_NC6s_v3" {
			served = v.Prices
		}
	}
	want := &catalog.EstimatedVMPrices{BillingCurrency: "USD", UnitOfMeasure: "OneHour", Values: []catalog.EstimatedVMPrice{
		{RetailPrice: 3.34, OSType: "Windows", VMTier: "Standard"},
		{RetailPrice: 0.61, OSType: "Linux", VMTier: "LowPriority"},
		{RetailPrice: 1.33, OSType: "Windows", VMTier: "LowPriority"},
		{RetailPrice: 3.06, OSType: "Linux", VMTier: "Standard"},
	}}
	if !reflect.DeepEqual(served, want) {
		t.Fatalf("the fake serves Standard_NC6s_v3 with prices %+v, the recording has %+v", served, want)
	}

	c, err := New(Options{Endpoint: s.URL(), Token: "t", Transport: s.Client()})
	if err != nil {
		t.Fatal(err)
	}
	spec := &schema.Spec{Workspaces: []schema.Workspace{{Key: "ml", Name: "ml", Subscription: sub, ResourceGroup: "rg", Location: "eastus",
		Clusters: []schema.Cluster{{Name: "gpu", VMSize: "Standard_NC6s_v3", MaxNodes: 2, Location: "eastus"}}}}}
	facts, err := c.GatherFacts(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	prices, ok := facts.Catalogs["eastus"].Prices("standard_nc6s_v3")
	if !ok || !reflect.DeepEqual(prices, want) {
		t.Fatalf("the live catalog has %+v", prices)
	}
	live := pricing.NewLive(facts.Catalogs, pricing.Default())
	for prio, hourly := range map[string]float64{"Dedicated": 3.06, "LowPriority": 0.61} {
		if q := live.Quote(pricing.Node{Size: "Standard_NC6s_v3", Region: "eastus", Priority: prio}); !q.Known || q.Hourly != hourly || q.UpTo {
			t.Errorf("%s: %+v, want %v", prio, q, hourly)
		}
	}
	if q := live.Quote(pricing.Node{Size: "Standard_NC6s_v3", Region: "eastus", OS: "Windows"}); q.Hourly != 3.34 {
		t.Errorf("Windows: %+v", q)
	}
}

func mustRequest(t *testing.T, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer t")
	return req
}
