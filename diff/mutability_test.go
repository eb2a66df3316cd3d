package diff

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/amlc-dev/amlc/schema"
)

const (
	testSub    = "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	testSubnet = "/subscriptions/" + testSub + "/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/train"
	testUAI    = "/subscriptions/" + testSub + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/train-id"
	testUAI2   = "/subscriptions/" + testSub + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/eval-id"
	testImage  = "/subscriptions/" + testSub + "/resourceGroups/rg-img/providers/Microsoft.Compute/images/win-train"
)

// testCluster is a cluster with every optional block set.
func testCluster() schema.Cluster {
	return schema.Cluster{
		Name:                    "gpu-cluster",
		VMSize:                  "Standard_NC6s_v3",
		MaxNodes:                8,
		MinNodes:                1,
		IdleTimeBeforeScaleDown: 30 * time.Minute,
		Priority:                schema.LowPriority,
		OSType:                  "Linux",
		Location:                "westeurope",
		Description:             "training",
		Tags:                    map[string]string{"team": "vision"},
		Identity:                &schema.Identity{Type: schema.UserAssigned, IDs: []string{testUAI}},
		Network:                 &schema.Network{Subnet: testSubnet, NodePublicIP: false},
		SSH: &schema.SSH{
			AdminUser:      "azureuser",
			PublicKey:      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIL0y0cK3eW9rT8pXWjv5mQ2n7c1yF0h3aS2d4f6g8h0j user@host",
			PasswordSecret: "gpuAdminPassword",
			PublicAccess:   "Disabled",
		},
		LocalAuth:  false,
		LargeScale: &schema.LargeScale{SupportTicket: "2405010010001234"},
	}
}

func testWorkspace(clusters ...schema.Cluster) schema.Workspace {
	return schema.Workspace{
		Key: "ml-prod", Name: "ml-prod", Subscription: testSub, ResourceGroup: "rg-ml-prod",
		Location: "westeurope", Clusters: clusters,
	}
}

func testSpec(clusters ...schema.Cluster) *schema.Spec {
	return &schema.Spec{Workspaces: []schema.Workspace{testWorkspace(clusters...)}}
}

// TestClassification changes one field at a time, from a base cluster that
// has every block set, and checks the action, the route's requests and the
// field paths. Each case names the row of the mutability table it checks;
// the test fails when a row has no case.
func TestClassification(t *testing.T) {
	tests := []struct {
		row    string // the mutability row this case checks
		name   string
		change func(c *schema.Cluster)
		action Action
		paths  []string // the changed field paths
		// methods are the request methods and path fragments, in order.
		requests []string
	}{
		{row: "vmSize", name: "new size", change: func(c *schema.Cluster) { c.VMSize = "Standard_NC12s_v3" },
			action: Replace, paths: []string{"vmSize"},
			requests: []string{"DELETE underlyingResourceAction=Delete", "PUT Microsoft.Resources/deployments"}},
		{row: "vmSize", name: "case only", change: func(c *schema.Cluster) { c.VMSize = "standard_nc6S_V3" },
			action: NoOp},
		{row: "maxNodes", name: "scale up", change: func(c *schema.Cluster) { c.MaxNodes = 16 },
			action: Update, paths: []string{"maxNodes"}, requests: []string{"PATCH computes/gpu-cluster?api-version=2026-05-01"}},
		{row: "minNodes", name: "min to zero", change: func(c *schema.Cluster) { c.MinNodes = 0 },
			action: Update, paths: []string{"minNodes"}, requests: []string{"PATCH computes/gpu-cluster?api-version=2026-05-01"}},
		{row: "idleTimeBeforeScaleDown", name: "shorter", change: func(c *schema.Cluster) { c.IdleTimeBeforeScaleDown = 2 * time.Minute },
			action: Update, paths: []string{"idleTimeBeforeScaleDown"}, requests: []string{"PATCH computes/gpu-cluster?api-version=2026-05-01"}},
		{row: "priority", name: "dedicated", change: func(c *schema.Cluster) { c.Priority = schema.Dedicated },
			action: Replace, paths: []string{"priority"}, requests: []string{"DELETE", "PUT"}},
		{row: "priority", name: "case only", change: func(c *schema.Cluster) { c.Priority = "lowpriority" },
			action: NoOp},
		{row: "osType", name: "windows", change: func(c *schema.Cluster) { c.OSType = "Windows" },
			action: Replace, paths: []string{"osType"}, requests: []string{"DELETE", "PUT"}},
		{row: "osType", name: "empty is Linux", change: func(c *schema.Cluster) { c.OSType = "" },
			action: NoOp},
		{row: "location", name: "other region", change: func(c *schema.Cluster) { c.Location = "northeurope" },
			action: Replace, paths: []string{"location"}, requests: []string{"DELETE", "PUT"}},
		{row: "location", name: "display name", change: func(c *schema.Cluster) { c.Location = "West Europe" },
			action: NoOp},
		{row: "description", name: "changed", change: func(c *schema.Cluster) { c.Description = "eval" },
			action: NoOp, paths: []string{"description"}},
		{row: "tags", name: "changed", change: func(c *schema.Cluster) { c.Tags = map[string]string{"team": "nlp"} },
			action: Update, paths: []string{"tags"}, requests: []string{"GET computes/gpu-cluster?api-version=2026-05-01", "PUT computes/gpu-cluster?api-version=2026-05-01"}},
		{row: "tags", name: "removed", change: func(c *schema.Cluster) { c.Tags = nil },
			action: Update, paths: []string{"tags"}, requests: []string{"GET computes/gpu-cluster", "PUT computes/gpu-cluster"}},
		{row: "identity.type", name: "system-assigned", change: func(c *schema.Cluster) { c.Identity = &schema.Identity{Type: schema.SystemAssigned} },
			action: Update, paths: []string{"identity.type", "identity.ids"}, requests: []string{"GET computes/gpu-cluster?api-version=2026-05-01", "PUT computes/gpu-cluster?api-version=2026-05-01"}},
		{row: "identity.type", name: "removed", change: func(c *schema.Cluster) { c.Identity = nil },
			action: Update, paths: []string{"identity.type", "identity.ids"}, requests: []string{"GET computes/gpu-cluster", "PUT computes/gpu-cluster"}},
		{row: "identity.ids", name: "another id", change: func(c *schema.Cluster) { c.Identity.IDs = []string{testUAI, testUAI2} },
			action: Update, paths: []string{"identity.ids"}, requests: []string{"GET computes/gpu-cluster", "PUT computes/gpu-cluster"}},
		{row: "identity.ids", name: "case and order", change: func(c *schema.Cluster) { c.Identity.IDs = []string{strings.ToUpper(testUAI), testUAI} },
			action: NoOp},
		{row: "network.subnet", name: "other subnet", change: func(c *schema.Cluster) { c.Network.Subnet = testSubnet + "2" },
			action: Replace, paths: []string{"network.subnet"}, requests: []string{"DELETE", "PUT"}},
		{row: "network.subnet", name: "case only", change: func(c *schema.Cluster) { c.Network.Subnet = strings.ToLower(testSubnet) },
			action: NoOp},
		{row: "network.nodePublicIp", name: "public", change: func(c *schema.Cluster) { c.Network.NodePublicIP = true },
			action: Replace, paths: []string{"network.nodePublicIp"}, requests: []string{"DELETE", "PUT"}},
		{row: "ssh.adminUser", name: "other user", change: func(c *schema.Cluster) { c.SSH.AdminUser = "root2" },
			action: Replace, paths: []string{"ssh.adminUser"}, requests: []string{"DELETE", "PUT"}},
		{row: "ssh.publicKey", name: "other key", change: func(c *schema.Cluster) { c.SSH.PublicKey = "ssh-ed25519 AAAAother" },
			action: Replace, paths: []string{"ssh.publicKey"}, requests: []string{"DELETE", "PUT"}},
		{row: "ssh.password", name: "other secret", change: func(c *schema.Cluster) { c.SSH.PasswordSecret = "other" },
			action: Replace, paths: []string{"ssh.password"}, requests: []string{"DELETE", "PUT"}},
		{row: "ssh.publicAccess", name: "enabled", change: func(c *schema.Cluster) { c.SSH.PublicAccess = "Enabled" },
			action: Replace, paths: []string{"ssh.publicAccess"}, requests: []string{"DELETE", "PUT"}},
		{row: "ssh.publicAccess", name: "desired NotSpecified matches", change: func(c *schema.Cluster) { c.SSH.PublicAccess = "NotSpecified" },
			action: NoOp},
		{row: "localAuth", name: "enabled", change: func(c *schema.Cluster) { c.LocalAuth = true },
			action: Replace, paths: []string{"localAuth"}, requests: []string{"DELETE", "PUT"}},
		{row: "virtualMachineImage", name: "added", change: func(c *schema.Cluster) { c.VirtualMachineImage = testImage },
			action: Replace, paths: []string{"virtualMachineImage"}, requests: []string{"DELETE", "PUT"}},
		{row: "isolatedNetwork", name: "isolated", change: func(c *schema.Cluster) { c.IsolatedNetwork = true },
			action: Replace, paths: []string{"isolatedNetwork"}, requests: []string{"DELETE", "PUT"}},
		{row: "largeScale", name: "removed", change: func(c *schema.Cluster) { c.LargeScale = nil },
			action: NoOp, paths: []string{"largeScale"}},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		covered[tt.row] = true
		t.Run(tt.row+"/"+tt.name, func(t *testing.T) {
			if _, ok := FieldOf(tt.row); !ok {
				t.Fatalf("no mutability row %q", tt.row)
			}
			base := testCluster()
			desired := testCluster()
			tt.change(&desired)
			p := Compute(testSpec(desired), testSpec(base))
			if len(p.Changes) != 1 {
				t.Fatalf("got %d changes, want 1", len(p.Changes))
			}
			ch := p.Changes[0]
			if ch.Action != tt.action {
				t.Errorf("action = %s, want %s (fields %+v)", ch.Action, tt.action, ch.Fields)
			}
			var paths []string
			for _, f := range ch.Fields {
				paths = append(paths, f.Path)
				if row, _ := FieldOf(f.Path); f.ForcesReplace != (row.Route == RouteCreateOnly) {
					t.Errorf("%s: forcesReplace = %v, route %s", f.Path, f.ForcesReplace, row.Route)
				}
			}
			if !slices.Equal(paths, tt.paths) {
				t.Errorf("paths = %q, want %q", paths, tt.paths)
			}
			if len(ch.Requests) != len(tt.requests) {
				t.Fatalf("requests = %+v, want %q", ch.Requests, tt.requests)
			}
			for i, want := range tt.requests {
				got := ch.Requests[i].Method + " " + ch.Requests[i].Path
				for _, part := range strings.Fields(want) {
					if !strings.Contains(got, part) {
						t.Errorf("request %d = %s, want it to contain %q", i, got, part)
					}
				}
			}
			if ch.Action == Replace && len(ch.Reasons) == 0 {
				t.Error("a replacement without reasons")
			}
		})
	}
	for _, f := range Fields() {
		if !strings.HasPrefix(f.Path, "workspace.") && !covered[f.Path] {
			t.Errorf("mutability row %q has no classification case", f.Path)
		}
	}
}

// TestWorkspaceMove: a workspace key whose subscription, resource group or
// workspace name changed replaces its clusters, deleting them where they
// were and creating them where they now are (rows workspace.*).
func TestWorkspaceMove(t *testing.T) {
	for _, tt := range []struct {
		row  string
		move func(w *schema.Workspace)
	}{
		{"workspace.subscription", func(w *schema.Workspace) { w.Subscription = "00000000-0000-0000-0000-000000000001" }},
		{"workspace.resourceGroup", func(w *schema.Workspace) { w.ResourceGroup = "rg-other" }},
		{"workspace.name", func(w *schema.Workspace) { w.Name = "ml-other" }},
	} {
		t.Run(tt.row, func(t *testing.T) {
			base := testSpec(testCluster())
			desired := testSpec(testCluster())
			tt.move(&desired.Workspaces[0])
			ch := Compute(desired, base).Changes[0]
			if ch.Action != Replace || len(ch.Fields) != 1 || ch.Fields[0].Path != tt.row || !ch.Fields[0].ForcesReplace {
				t.Fatalf("got %+v, want a replace forced by %s", ch, tt.row)
			}
			if got, want := ch.Requests[0].Path, computeID(&base.Workspaces[0], "gpu-cluster"); !strings.HasPrefix(got, want+"?") {
				t.Errorf("DELETE %s, want the old coordinates %s", got, want)
			}
			ws := desired.Workspaces[0]
			if got := ch.Requests[1].Path; !strings.HasPrefix(got, "/subscriptions/"+ws.Subscription+"/resourcegroups/"+ws.ResourceGroup+"/") {
				t.Errorf("PUT %s, want the new coordinates", got)
			}
			// Case alone is no move: ARM names compare ignoring case.
			same := testSpec(testCluster())
			w := &same.Workspaces[0]
			w.Subscription, w.ResourceGroup, w.Name = strings.ToUpper(w.Subscription), strings.ToUpper(w.ResourceGroup), strings.ToUpper(w.Name)
			if ch := Compute(same, base).Changes[0]; ch.Action != NoOp {
				t.Errorf("case-only workspace change: %+v", ch)
			}
		})
	}
}

func TestMutabilityTable(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range Fields() {
		if seen[f.Path] {
			t.Errorf("row %q twice", f.Path)
		}
		seen[f.Path] = true
		if f.Source == "" || !strings.Contains(f.Source, "[") {
			t.Errorf("row %q names no source", f.Path)
		}
		if f.Reason == "" {
			t.Errorf("row %q has no reason", f.Path)
		}
		switch f.Route {
		case RouteScalePatch, RouteGetPut, RouteCreateOnly, RouteNone:
		default:
			t.Errorf("row %q: unknown route %q", f.Path, f.Route)
		}
	}
	// SPEC.md §4: these replace; description never does.
	for _, p := range []string{"vmSize", "priority", "osType", "location", "network.subnet", "network.nodePublicIp",
		"ssh.adminUser", "ssh.publicKey", "ssh.password", "ssh.publicAccess", "localAuth"} {
		if f, _ := FieldOf(p); f.Route != RouteCreateOnly {
			t.Errorf("%s: route %s, want create-only", p, f.Route)
		}
	}
	if f, _ := FieldOf("description"); f.Route != RouteNone {
		t.Errorf("description: route %s, want none", f.Route)
	}
	if f, _ := FieldOf("ssh.password"); !f.Sensitive {
		t.Error("ssh.password is not sensitive")
	}
}

// TestRoutesDoc: docs/routes.md shows the mutability table as it is, row
// for row, and names every source the table cites.
func TestRoutesDoc(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "docs", "routes.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	rows := map[string]string{}
	for _, line := range strings.Split(doc, "\n") {
		if strings.HasPrefix(line, "| `") {
			cells := strings.Split(strings.Trim(line, "|"), " | ")
			if len(cells) == 4 {
				rows[strings.Trim(strings.TrimSpace(cells[0]), "`")] = line
			}
		}
	}
	keyRE := regexp.MustCompile(`\[([A-Z][A-Z0-9]*(?:-[A-Za-z0-9]+)*)\]`)
	for _, f := range Fields() {
		want := fmt.Sprintf("| `%s` | %s | %s | %s |", f.Path, f.Route, f.Reason, f.Source)
		if got := rows[f.Path]; got != want {
			t.Errorf("docs/routes.md row of %s:\n got %s\nwant %s", f.Path, got, want)
		}
		for _, m := range keyRE.FindAllStringSubmatch(f.Source, -1) {
			if !strings.Contains(doc, "\n| "+m[1]+" |") {
				t.Errorf("docs/routes.md has no source %s (row %s)", m[1], f.Path)
			}
		}
		delete(rows, f.Path)
	}
	for path := range rows {
		t.Errorf("docs/routes.md has a row %s that the table does not", path)
	}
}
