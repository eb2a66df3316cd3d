package azure

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/amlc-dev/amlc/diff"
	"github.com/amlc-dev/amlc/internal/armfake"
	"github.com/amlc-dev/amlc/schema"
)

const (
	rowUAI2 = "/subscriptions/" + paSub + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/other-id"
	rowKey  = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIL0y0cK3eW9rT8pXWjv5mQ2n7c1yF0h3aS2d4f6g8h0j user@host"
	rowKey2 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBm3z8Qm7Yk2wJ0c9T4rN6pXv1sD5fG8hL2jK4nQ6rS8 other@host"
	rowImg  = "/subscriptions/" + paSub + "/resourceGroups/rg-img/providers/Microsoft.Compute/galleries/g/images/win/versions/1.0.0"
)

// mutabilityRows gives, for every cluster row of the mutability table
// (diff.Fields), a base cluster and the same cluster with that one field
// changed. A row added to the table without a case here fails the test.
var mutabilityRows = map[string]func(base, desired *schema.Cluster){
	"vmSize":                  func(_, d *schema.Cluster) { d.VMSize = "Standard_D3_v2" },
	"maxNodes":                func(_, d *schema.Cluster) { d.MaxNodes = 8 },
	"minNodes":                func(_, d *schema.Cluster) { d.MinNodes = 1 },
	"idleTimeBeforeScaleDown": func(_, d *schema.Cluster) { d.IdleTimeBeforeScaleDown = 30 * time.Minute },
	"priority":                func(_, d *schema.Cluster) { d.Priority = schema.LowPriority },
	"osType":                  func(_, d *schema.Cluster) { d.OSType = "Windows" },
	"location":                func(_, d *schema.Cluster) { d.Location = "westus" },
	"description":             func(_, d *schema.Cluster) { d.Description = "nightly training" },
	"tags":                    func(_, d *schema.Cluster) { d.Tags = map[string]string{"team": "b"} },
	"identity.type":           func(_, d *schema.Cluster) { d.Identity = &schema.Identity{Type: schema.SystemAssigned} },
	"identity.ids": func(b, d *schema.Cluster) {
		b.Identity = &schema.Identity{Type: schema.UserAssigned, IDs: []string{paUAI}}
		d.Identity = &schema.Identity{Type: schema.UserAssigned, IDs: []string{rowUAI2}}
	},
	"network.subnet": func(_, d *schema.Cluster) { d.Network = &schema.Network{Subnet: paNet, NodePublicIP: true} },
	"network.nodePublicIp": func(b, d *schema.Cluster) {
		b.Network = &schema.Network{Subnet: paNet, NodePublicIP: true}
		d.Network = &schema.Network{Subnet: paNet, NodePublicIP: false}
	},
	"ssh.adminUser": func(b, d *schema.Cluster) {
		b.SSH = &schema.SSH{AdminUser: "azureuser", PublicKey: rowKey, PublicAccess: "Disabled"}
		d.SSH = &schema.SSH{AdminUser: "trainer", PublicKey: rowKey, PublicAccess: "Disabled"}
	},
	"ssh.publicKey": func(b, d *schema.Cluster) {
		b.SSH = &schema.SSH{AdminUser: "azureuser", PublicKey: rowKey, PublicAccess: "Disabled"}
		d.SSH = &schema.SSH{AdminUser: "azureuser", PublicKey: rowKey2, PublicAccess: "Disabled"}
	},
	"ssh.password": func(b, d *schema.Cluster) {
		b.SSH = &schema.SSH{AdminUser: "azureuser", PublicKey: rowKey, PublicAccess: "Disabled"}
		d.SSH = &schema.SSH{AdminUser: "azureuser", PublicKey: rowKey, PasswordSecret: "pw", PublicAccess: "Disabled"}
	},
	"ssh.publicAccess": func(b, d *schema.Cluster) {
		b.SSH = &schema.SSH{AdminUser: "azureuser", PublicKey: rowKey, PublicAccess: "Disabled"}
		d.SSH = &schema.SSH{AdminUser: "azureuser", PublicKey: rowKey, PublicAccess: "Enabled"}
	},
	"localAuth": func(_, d *schema.Cluster) { d.LocalAuth = true },
	"virtualMachineImage": func(b, d *schema.Cluster) {
		b.OSType, d.OSType = "Windows", "Windows"
		d.VirtualMachineImage = rowImg
	},
	"isolatedNetwork": func(_, d *schema.Cluster) { d.IsolatedNetwork = true },
	"largeScale":      func(_, d *schema.Cluster) { d.LargeScale = &schema.LargeScale{SupportTicket: "2411280010001234"} },
}

// unobservedLive are the rows whose value Azure never returns: the SSH
// public key and password (x-ms-secret in the REST spec), and largeScale,
// which has no Azure property. Against Azure a change to them is not seen;
// a git or directory base shows it (diff/mutability_test.go).
var unobservedLive = map[string]bool{"ssh.publicKey": true, "ssh.password": true, "largeScale": true}

// TestEveryMutabilityRowPlanIsWhatApplySends walks the mutability table
// row by row: for each field it seeds the fake with a cluster, changes
// that one field, plans against the fake, applies, and checks that the
// plan's action and requests follow the row's route (scale-patch: one
// PATCH; get-put: a GET and a full PUT of the compute, nothing to the
// tags API; create-only: a replacement, DELETE then the deployment; none:
// nothing), and that the requests the fake received are the plan's, one
// to one: method, path with its query, and the body wherever the plan
// shows one. The workspace rows (a move) are TestWorkspaceMove's.
func TestEveryMutabilityRowPlanIsWhatApplySends(t *testing.T) {
	for _, f := range diff.Fields() {
		if strings.HasPrefix(f.Path, "workspace.") {
			continue
		}
		mutate, ok := mutabilityRows[f.Path]
		if !ok {
			t.Errorf("the mutability table has a row %q this test does not change", f.Path)
			continue
		}
		t.Run(f.Path, func(t *testing.T) { testMutabilityRow(t, f, mutate) })
	}
}

func testMutabilityRow(t *testing.T, f diff.Field, mutate func(base, desired *schema.Cluster)) {
	ws := schema.Workspace{Key: "ml", Name: "ml-prod", Subscription: paSub, ResourceGroup: "rg-ml", Location: "eastus"}
	base, desired := paCluster("row-cluster"), paCluster("row-cluster")
	mutate(&base, &desired)
	baseWS := ws
	baseWS.Clusters = []schema.Cluster{base}
	desiredWS := ws
	desiredWS.Clusters = []schema.Cluster{desired}
	spec := &schema.Spec{Workspaces: []schema.Workspace{desiredWS}}
	s, c, p := planOnFake(t, armfake.Options{
		Workspaces: []armfake.Workspace{{Subscription: paSub, ResourceGroup: "rg-ml", Name: "ml-prod", Location: "eastus"}},
		Computes:   []armfake.SeedCompute{{Subscription: paSub, ResourceGroup: "rg-ml", Workspace: "ml-prod", Name: "row-cluster", Body: seedBody(t, &baseWS, &base)}},
		Polls:      1,
	}, spec, false)
	ctx := context.Background()
	if len(p.Changes) != 1 {
		t.Fatalf("%d changes, want 1: %+v", len(p.Changes), actions(p))
	}
	ch := p.Changes[0]
	var fieldSeen bool
	for _, fc := range ch.Fields {
		fieldSeen = fieldSeen || fc.Path == f.Path
	}
	if fieldSeen == unobservedLive[f.Path] {
		t.Errorf("the plan's fields name %s: %v, want %v: %+v", f.Path, fieldSeen, !unobservedLive[f.Path], ch.Fields)
	}

	// The route decides the action and the requests' methods.
	var wantAction diff.Action
	var wantMethods []string
	switch f.Route {
	case diff.RouteScalePatch:
		wantAction, wantMethods = diff.Update, []string{"PATCH"}
	case diff.RouteGetPut:
		wantAction, wantMethods = diff.Update, []string{"GET", "PUT"}
	case diff.RouteCreateOnly:
		wantAction, wantMethods = diff.Replace, []string{"DELETE", "PUT"}
	case diff.RouteNone:
		wantAction = diff.NoOp
	default:
		t.Fatalf("route %q", f.Route)
	}
	if unobservedLive[f.Path] {
		wantAction, wantMethods = diff.NoOp, nil
	}
	if ch.Action != wantAction {
		t.Fatalf("action %s, want %s for a %s row", ch.Action, wantAction, f.Route)
	}
	var methods []string
	for _, r := range ch.Requests {
		methods = append(methods, r.Method)
		if strings.Contains(r.Path, "Microsoft.Resources/tags") {
			t.Errorf("a request to the ARM tags API: %s %s", r.Method, r.Path)
		}
	}
	if d := cmp.Diff(wantMethods, methods); d != "" {
		t.Errorf("the plan's methods (-route +plan):\n%s", d)
	}

	observed := len(s.Requests())
	res := c.Apply(ctx, p, ApplyOptions{AllowReplace: true, Secrets: map[string]string{"pw": paPass}})
	if !res.OK() {
		t.Fatalf("outcomes = %+v", res.Outcomes)
	}
	type req struct{ Line, Body string }
	var planned, sent []req
	for _, r := range ch.Requests {
		line := r.Method + " " + r.Path
		body := ""
		if r.Body != nil {
			data, err := json.Marshal(r.Body)
			if err != nil {
				t.Fatal(err)
			}
			body = canonical(t, data)
		}
		planned = append(planned, req{line, body})
	}
	for _, r := range s.Requests()[observed:] {
		if isPoll(r.Path) {
			continue
		}
		if r.Status < 200 || r.Status > 299 {
			t.Errorf("%s %s answered %d", r.Method, r.Path, r.Status)
		}
		line := r.Method + " " + r.Path
		if len(r.Query) > 0 {
			line += "?" + r.Query.Encode()
		}
		body := ""
		// The plan shows a body without secret values; the fake logs
		// one with them replaced. A deployment's parameters carry the
		// secret's value in the request and nothing in the plan.
		if len(r.Body) > 0 && len(sent) < len(planned) && planned[len(sent)].Body != "" {
			body = canonical(t, withoutDeploymentParameters(t, r.Body))
		}
		sent = append(sent, req{line, body})
	}
	for i := range planned {
		if planned[i].Body != "" {
			planned[i].Body = canonical(t, withoutDeploymentParameters(t, []byte(planned[i].Body)))
		}
	}
	if d := cmp.Diff(planned, sent); d != "" {
		t.Errorf("requests (-plan +fake received):\n%s", d)
	}
	if r := s.Requests()[observed:]; wantAction != diff.NoOp && len(r) > 0 && r[0].Method == http.MethodGet && f.Route != diff.RouteGetPut {
		t.Errorf("apply began with a GET on a %s row", f.Route)
	}

	// Azure now holds the desired cluster: nothing left to do.
	planNothingLeft(t, c, spec, false)
}

// canonical is JSON with its objects' members sorted, for comparing.
func canonical(t *testing.T, data []byte) string {
	t.Helper()
	var v any
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		t.Fatalf("%v: %s", err, data)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// withoutDeploymentParameters drops a deployment body's parameter values
// (properties.parameters), which hold the secrets' values when sent and
// are not in the plan, and redacts the credentials as the fake's log does.
func withoutDeploymentParameters(t *testing.T, data []byte) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%v: %s", err, data)
	}
	if props, ok := m["properties"].(map[string]any); ok && props["template"] != nil {
		delete(props, "parameters")
	}
	redactSecrets(m)
	out, _ := json.Marshal(m)
	return out
}

// redactSecrets replaces the values of the x-ms-secret members of
// userAccountCredentials with armfake.Redacted, as the fake logs them.
func redactSecrets(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if _, ok := x.(string); ok && (k == "adminUserSshPublicKey" || k == "adminUserPassword") {
				v[k] = armfake.Redacted
				continue
			}
			redactSecrets(x)
		}
	case []any:
		for _, x := range v {
			redactSecrets(x)
		}
	}
}
