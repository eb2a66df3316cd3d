package azure

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/amlc-dev/amlc/compiler"
	"github.com/amlc-dev/amlc/internal/armfake"
	"github.com/amlc-dev/amlc/internal/testkit"
	"github.com/amlc-dev/amlc/schema"
)

// TestParallelBound updates six clusters with --parallel 2 against the
// fake: never more than two requests in flight, and the waiting lines
// name what is being waited for.
func TestParallelBound(t *testing.T) {
	ws := schema.Workspace{Key: "ml", Name: "ml", Subscription: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", ResourceGroup: "rg", Location: "eastus"}
	for i := range 6 {
		ws.Clusters = append(ws.Clusters, schema.Cluster{Name: fmt.Sprintf("cluster-%c", 'a'+i), VMSize: "Standard_D2_v2", MaxNodes: 2,
			IdleTimeBeforeScaleDown: 2 * time.Minute, Priority: schema.Dedicated, OSType: "Linux", Location: "eastus"})
	}
	opts := armfake.Options{
		Workspaces: []armfake.Workspace{{Subscription: ws.Subscription, ResourceGroup: ws.ResourceGroup, Name: ws.Name, Location: ws.Location}},
		Latency:    20 * time.Millisecond,
		Polls:      2,
	}
	for _, c := range ws.Clusters {
		tmpl, err := compiler.Template(&ws, []string{c.Name})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := json.Marshal(tmpl.Resources[0])
		opts.Computes = append(opts.Computes, armfake.SeedCompute{Subscription: ws.Subscription, ResourceGroup: ws.ResourceGroup, Workspace: ws.Name, Name: c.Name, Body: body})
	}
	s, err := armfake.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, err := New(Options{Endpoint: s.URL(), Token: "t", Transport: s.Client(), Parallel: 2, PollFrequency: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	desired := &schema.Spec{Workspaces: []schema.Workspace{ws}}
	desired.Workspaces[0].Clusters = append([]schema.Cluster(nil), ws.Clusters...)
	for i := range desired.Workspaces[0].Clusters {
		desired.Workspaces[0].Clusters[i].MaxNodes = 5
	}
	ctx := context.Background()
	obs, err := c.Observe(ctx, Refs(desired))
	if err != nil {
		t.Fatal(err)
	}
	p, err := PlanLive(desired, obs, c.Endpoint(), false)
	if err != nil {
		t.Fatal(err)
	}
	if n := p.Counts()["update"]; n != 6 {
		t.Fatalf("%d updates, want 6", n)
	}
	var out testkit.SyncBuffer
	prog := NewProgress(&out, 15*time.Millisecond)
	res := c.Apply(ctx, p, ApplyOptions{Progress: prog})
	prog.Close()
	if !res.OK() {
		t.Fatalf("outcomes = %+v", res.Outcomes)
	}
	if m := s.MaxInFlight(); m > 2 || m < 2 {
		t.Errorf("max in flight = %d, want 2", m)
	}
	if !strings.Contains(out.String(), "still waiting for ml/cluster-") {
		t.Errorf("no waiting line in:\n%s", out.String())
	}
	for _, cp := range s.Computes() {
		if cp.MaxNodes != 5 {
			t.Errorf("%s: maxNodes %d", cp.Name, cp.MaxNodes)
		}
	}
}
