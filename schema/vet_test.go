package schema

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/amlc-dev/amlc/fixtures"
)

// writeFixture copies a bundled fixture into a temporary directory and
// returns its path.
func writeFixture(t testing.TB, name string) string {
	t.Helper()
	dir := t.TempDir()
	sub, err := os.ReadDir(filepath.Join("..", "fixtures", name))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range sub {
		data, err := fixtures.FS.ReadFile(name + "/" + e.Name())
		if err != nil {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestFixturesAreValid(t *testing.T) {
	for _, name := range fixtures.Names {
		t.Run(name, func(t *testing.T) {
			res := Vet([]string{writeFixture(t, name)}, Options{})
			if len(res.Diags) > 0 {
				t.Fatalf("findings in fixture %s: %+v", name, res.Diags)
			}
		})
	}
}

// The model resolves every default and spells sizes as the catalog does.
func TestQuickstartModel(t *testing.T) {
	res := Vet([]string{writeFixture(t, "quickstart")}, Options{})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	want := &Spec{Workspaces: []Workspace{{
		Key: "ml-quickstart", Name: "ml-quickstart",
		Subscription: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", ResourceGroup: "rg-ml-quickstart", Location: "eastus",
		Clusters: []Cluster{
			{Name: "cpu-cluster", VMSize: "Standard_D2_v2", MaxNodes: 4, MinNodes: 0,
				IdleTimeBeforeScaleDown: 120 * time.Second, Priority: Dedicated, OSType: "Linux", Location: "eastus"},
			{Name: "gpu-cluster", VMSize: "Standard_NC6s_v3", MaxNodes: 5, MinNodes: 0,
				IdleTimeBeforeScaleDown: 120 * time.Second, Priority: LowPriority, OSType: "Linux", Location: "eastus"},
		},
	}}}
	if d := cmp.Diff(want, res.Spec); d != "" {
		t.Errorf("model (-want +got):\n%s", d)
	}
}

// Everything optional, written out, reaches the model.
func TestSecureModel(t *testing.T) {
	res := Vet([]string{writeFixture(t, "secure-vnet")}, Options{})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	c := res.Spec.Workspaces[0].Clusters[0]
	if c.SSH == nil || c.SSH.PasswordSecret != "gpuAdminPassword" || c.SSH.PublicAccess != "Disabled" || c.SSH.AdminUser != "azureuser" {
		t.Errorf("ssh = %+v", c.SSH)
	}
	if c.Network == nil || c.Network.NodePublicIP || c.Network.Subnet == "" {
		t.Errorf("network = %+v", c.Network)
	}
	if c.Identity == nil || c.Identity.Type != UserAssigned || len(c.Identity.IDs) != 1 {
		t.Errorf("identity = %+v", c.Identity)
	}
}

// Inputs may be split across CUE, JSON and YAML files that refer to nothing
// but unify.
func TestMixedFormats(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("ws.cue", `package x
workspaces: ws1: {subscription: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", resourceGroup: "rg", location: "eastus"}
`)
	write("c.json", `{"workspaces": {"ws1": {"clusters": {"cpu-one": {"vmSize": "standard_d2_v2", "maxNodes": 2}}}}}`)
	write("d.yaml", "workspaces:\n  ws1:\n    clusters:\n      cpu-two:\n        vmSize: Standard_D3_v2\n        maxNodes: 3\n        idleTimeBeforeScaleDown: PT5M\n")
	res := Vet([]string{dir}, Options{})
	if len(res.Diags) > 0 {
		t.Fatal(res.Diags)
	}
	cs := res.Spec.Workspaces[0].Clusters
	if len(cs) != 2 || cs[0].VMSize != "Standard_D2_v2" || cs[1].IdleTimeBeforeScaleDown != 5*time.Minute {
		t.Errorf("clusters = %+v", cs)
	}
}
