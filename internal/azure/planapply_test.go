package azure

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/amlc-dev/amlc/compiler"
	"github.com/amlc-dev/amlc/diff"
	"github.com/amlc-dev/amlc/internal/armfake"
	"github.com/amlc-dev/amlc/schema"
)

const (
	paSub  = "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	paUAI  = "/subscriptions/" + paSub + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/train-id"
	paNet  = "/subscriptions/" + paSub + "/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/train"
	paPass = "Plan-Apply-Pa55!"
)

// paCluster is a plain cluster of the plan-is-apply test.
func paCluster(name string) schema.Cluster {
	return schema.Cluster{Name: name, VMSize: "Standard_D2_v2", MaxNodes: 4, IdleTimeBeforeScaleDown: 2 * time.Minute,
		Priority: schema.Dedicated, OSType: "Linux", Location: "eastus"}
}

// seedBody is the body of the PUT that created c: its template resource
// with the password's value in place of its parameter.
func seedBody(t *testing.T, ws *schema.Workspace, c *schema.Cluster) json.RawMessage {
	t.Helper()
	tmpl, err := compiler.Template(ws, []string{c.Name})
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(tmpl.Resources[0])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal(data, &m)
	for _, k := range []string{"type", "apiVersion", "name"} {
		delete(m, k)
	}
	data, _ = json.Marshal(m)
	return json.RawMessage(strings.ReplaceAll(string(data), `"[parameters('pw')]"`, `"`+paPass+`"`))
}

// TestPlanIsWhatApplySends applies, against the fake, a plan with every
// kind of change — create, scale update, identity update, tags update, the
// three combined, a replacement, a deletion, a cluster with an admin
// password whose tags change — and compares the requests the fake received
// with the plan's: for every change the same methods and paths (queries
// included), in the same order, one to one, and no other request but the
// observation and the polls of long-running operations (docs/plans.md).
func TestPlanIsWhatApplySends(t *testing.T) {
	base := schema.Workspace{Key: "ml", Name: "ml-prod", Subscription: paSub, ResourceGroup: "rg-ml", Location: "eastus"}
	secure := paCluster("secure")
	secure.Network = &schema.Network{Subnet: paNet, NodePublicIP: false}
	secure.SSH = &schema.SSH{AdminUser: "azureuser", PasswordSecret: "pw", PublicAccess: "Disabled"}
	secure.Tags = map[string]string{"team": "a"}
	base.Clusters = []schema.Cluster{paCluster("keep"), paCluster("scale"), paCluster("ident"), paCluster("tagged"),
		paCluster("combo"), paCluster("replace"), paCluster("gone"), secure}
	base.Clusters[3].Tags = map[string]string{"team": "a"}
	desired := base
	desired.Clusters = nil
	for _, c := range base.Clusters {
		switch c.Name {
		case "gone":
			continue
		case "scale":
			c.MaxNodes, c.IdleTimeBeforeScaleDown = 8, 30*time.Minute
		case "ident":
			c.Identity = &schema.Identity{Type: schema.UserAssigned, IDs: []string{paUAI}}
		case "tagged":
			c.Tags = map[string]string{"team": "b", "cost": "1"}
		case "combo":
			c.MinNodes, c.Identity, c.Tags = 1, &schema.Identity{Type: schema.SystemAssigned}, map[string]string{"x": "y"}
		case "replace":
			c.VMSize = "Standard_D3_v2"
		case "secure":
			c.Tags = nil
		}
		desired.Clusters = append(desired.Clusters, c)
	}
	desired.Clusters = append(desired.Clusters, paCluster("fresh"))

	opts := armfake.Options{Workspaces: []armfake.Workspace{{Subscription: paSub, ResourceGroup: "rg-ml", Name: "ml-prod", Location: "eastus"}}, Polls: 1}
	for i := range base.Clusters {
		c := &base.Clusters[i]
		opts.Computes = append(opts.Computes, armfake.SeedCompute{Subscription: paSub, ResourceGroup: "rg-ml", Workspace: "ml-prod", Name: c.Name, Body: seedBody(t, &base, c)})
	}
	spec := &schema.Spec{Workspaces: []schema.Workspace{desired}}
	s, c, p := planOnFake(t, opts, spec, true)
	ctx := context.Background()
	want := map[string]diff.Action{"ml/keep": diff.NoOp, "ml/scale": diff.Update, "ml/ident": diff.Update, "ml/tagged": diff.Update,
		"ml/combo": diff.Update, "ml/replace": diff.Replace, "ml/gone": diff.Delete, "ml/secure": diff.Update, "ml/fresh": diff.Create}
	if d := cmp.Diff(want, actions(p)); d != "" {
		t.Fatalf("actions (-want +got):\n%s", d)
	}
	observed := len(s.Requests())

	res := c.Apply(ctx, p, ApplyOptions{AllowReplace: true, Prune: true, Secrets: map[string]string{"pw": paPass}})
	if !res.OK() {
		t.Fatalf("outcomes = %+v", res.Outcomes)
	}

	// The plan's requests, per change, and which change each path is.
	planned := map[string][]string{}
	owner := map[string]string{}
	for _, ch := range p.Changes {
		for _, r := range ch.Requests {
			key := r.Method + " " + r.Path
			planned[ch.Address] = append(planned[ch.Address], key)
			path, _, _ := strings.Cut(r.Path, "?")
			owner[strings.ToLower(path)] = ch.Address
		}
	}
	// What the fake received during apply, but the polls.
	sent := map[string][]string{}
	for _, r := range s.Requests()[observed:] {
		if isPoll(r.Path) {
			if r.Method != http.MethodGet {
				t.Errorf("a poll that is not a GET: %s %s", r.Method, r.Path)
			}
			continue
		}
		addr, ok := owner[strings.ToLower(r.Path)]
		if !ok {
			t.Errorf("a request that is in no change of the plan: %s %s?%s", r.Method, r.Path, r.Query.Encode())
			continue
		}
		if r.Status < 200 || r.Status > 299 {
			t.Errorf("%s %s answered %d", r.Method, r.Path, r.Status)
		}
		sent[addr] = append(sent[addr], r.Method+" "+r.Path+"?"+r.Query.Encode())
	}
	if d := cmp.Diff(planned, sent); d != "" {
		t.Errorf("requests per change (-plan +sent):\n%s", d)
	}
	// The combination is one PATCH, one GET, one PUT, in that order.
	var methods []string
	for _, k := range sent["ml/combo"] {
		methods = append(methods, strings.Fields(k)[0])
	}
	if !slices.Equal(methods, []string{"PATCH", "GET", "PUT"}) {
		t.Errorf("combo: %v", methods)
	}

	// And Azure now holds the specs: a new plan has nothing to do, and the
	// admin password the re-PUT never sent is still there.
	planNothingLeft(t, c, spec, true)
	if cp, _ := s.Compute(paSub, "rg-ml", "ml-prod", "secure"); cp.AdminUserPassword != paPass || cp.Tags != nil {
		t.Errorf("secure after its tags were removed: password kept %v, tags %v", cp.AdminUserPassword == paPass, cp.Tags)
	}
}

// planOnFake starts the fake with opts (closed with the test), a client
// for it, and plans spec against what it holds.
func planOnFake(t *testing.T, opts armfake.Options, spec *schema.Spec, prune bool) (*armfake.Server, *Client, *LivePlan) {
	t.Helper()
	s, err := armfake.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	c, err := New(Options{Endpoint: s.URL(), Token: "t", Transport: s.Client(), PollFrequency: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	obs, err := c.Observe(context.Background(), Refs(spec))
	if err != nil {
		t.Fatal(err)
	}
	p, err := PlanLive(spec, obs, c.Endpoint(), prune)
	if err != nil {
		t.Fatal(err)
	}
	return s, c, p
}

// planNothingLeft observes Azure again after an apply and requires a new
// plan of spec to have nothing to do.
func planNothingLeft(t *testing.T, c *Client, spec *schema.Spec, prune bool) {
	t.Helper()
	obs, err := c.Observe(context.Background(), Refs(spec))
	if err != nil {
		t.Fatal(err)
	}
	again, err := PlanLive(spec, obs, c.Endpoint(), prune)
	if err != nil {
		t.Fatal(err)
	}
	if again.HasChanges() {
		t.Errorf("after apply: %+v", actions(again))
	}
}

// isPoll reports whether a path is a status or result URL of a
// long-running operation.
func isPoll(path string) bool {
	for _, seg := range []string{"/computeOperationsStatus/", "/computeOperationsResults/", "/operationStatuses/"} {
		if strings.Contains(path, seg) {
			return true
		}
	}
	return false
}

func TestIsPoll(t *testing.T) {
	for path, want := range map[string]bool{
		"/subscriptions/s/providers/Microsoft.MachineLearningServices/locations/eastus/computeOperationsStatus/1":           true,
		"/subscriptions/s/providers/Microsoft.MachineLearningServices/locations/eastus/computeOperationsResults/1":          true,
		"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Resources/deployments/d/operationStatuses/1":                true,
		"/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w/computes/c":            false,
		fmt.Sprintf("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Resources/deployments/%s", "amlc-w-c-0123abcd"): false,
	} {
		if isPoll(path) != want {
			t.Errorf("isPoll(%s) = %v", path, !want)
		}
	}
}
