package compiler

// Truth checks, part 1: every ARM template amlc emits validates against
// Microsoft's published schemas (deploymentTemplate.json 2019-04-01 and
// Microsoft.MachineLearningServices 2026-05-01), read from the copy in
// testdata/arm-schemas (see its SOURCES.md and internal/armschema/armtest).

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/amlc-dev/amlc/internal/armschema/armtest"
	"github.com/amlc-dev/amlc/schema"
)

// truthSpec is one spec the truth checks compile.
type truthSpec struct {
	name string
	spec *schema.Spec
	opts Options
}

// truthSpecs returns the specs of the truth checks: hand-built ones that
// together set every field of the model, each way it can go, and the spec of
// every golden archive in testdata that compiles.
func truthSpecs(t *testing.T) []truthSpec {
	t.Helper()
	const sub = "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	id := func(rg, provider, name string) string {
		return "/subscriptions/" + sub + "/resourceGroups/" + rg + "/providers/" + provider + "/" + name
	}
	limit := func(n int) *int { return &n }
	specs := []truthSpec{
		{name: "minimal", spec: &schema.Spec{Workspaces: []schema.Workspace{{
			Key: "ml-min", Name: "ml-min", Subscription: sub, ResourceGroup: "rg", Location: "westeurope",
			// Only what the spec language requires; the model's zero values
			// stand for the defaults.
			Clusters: []schema.Cluster{{Name: "cpu", VMSize: "Standard_D2_v2", MaxNodes: 1}},
		}}}},
		{name: "every field", spec: &schema.Spec{
			Workspaces: []schema.Workspace{{
				Key: "prod", Name: "ml-prod", Subscription: sub, ResourceGroup: "rg-ml-prod", Location: "westeurope",
				Clusters: []schema.Cluster{{
					Name:                    "gpu-cluster",
					VMSize:                  "Standard_NC6s_v3",
					MaxNodes:                500,
					MinNodes:                2,
					IdleTimeBeforeScaleDown: time.Hour + 2*time.Minute + 3*time.Second,
					Priority:                schema.LowPriority,
					OSType:                  "Windows",
					Location:                "northeurope",
					Description:             "Training cluster",
					Tags:                    map[string]string{"team": "vision", "cost-center": "4711"},
					Identity: &schema.Identity{Type: schema.UserAssigned, IDs: []string{
						id("rg-id", "Microsoft.ManagedIdentity/userAssignedIdentities", "train-id"),
						id("rg-id", "Microsoft.ManagedIdentity/userAssignedIdentities", "data-id"),
					}},
					Network: &schema.Network{Subnet: id("rg-net", "Microsoft.Network/virtualNetworks", "vnet/subnets/train")},
					SSH: &schema.SSH{
						AdminUser:      "azureuser",
						PublicKey:      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIL0y0cK3eW9rT8pXWjv5mQ2n7c1yF0h3aS2d4f6g8h0j user@host",
						PasswordSecret: "gpuAdminPassword",
						PublicAccess:   "Enabled",
					},
					LocalAuth:           true,
					LargeScale:          &schema.LargeScale{SupportTicket: "2401010010000001"},
					VirtualMachineImage: id("rg-img", "Microsoft.Compute/galleries", "gallery/images/win-train/versions/1.0.0"),
					IsolatedNetwork:     true,
				}},
			}},
			Quotas: []schema.Quota{{
				Subscription: sub, Region: "westeurope", DedicatedTotal: limit(350),
				Families: map[string]int{"standardNCSv3Family": 48}, LowPriority: limit(100), Clusters: limit(500),
			}},
		}},
		{name: "the other choices", spec: &schema.Spec{Workspaces: []schema.Workspace{{
			Key: "dev", Name: "ml-dev", Subscription: sub, ResourceGroup: "rg-dev", Location: "westeurope",
			Clusters: []schema.Cluster{
				{
					Name: "cpu-a", VMSize: "Standard_D2_v2", MaxNodes: 4, Priority: schema.Dedicated, OSType: "Linux",
					IdleTimeBeforeScaleDown: 0,
					Location:                "WestEurope", // the workspace's region, spelt otherwise
					Identity:                &schema.Identity{Type: schema.SystemAssigned},
					Network:                 &schema.Network{Subnet: id("rg-net", "Microsoft.Network/virtualNetworks", "vnet/subnets/dev"), NodePublicIP: true},
					SSH:                     &schema.SSH{AdminUser: "azureuser", PasswordSecret: "devPassword", PublicAccess: "NotSpecified"},
				},
				{
					Name: "cpu-b", VMSize: "Standard_D2_v2", MaxNodes: 65000, MinNodes: 0,
					IdleTimeBeforeScaleDown: 1500 * time.Millisecond,
					SSH:                     &schema.SSH{AdminUser: "azureuser", PasswordSecret: "devPassword", PublicAccess: "Disabled"},
					LargeScale:              &schema.LargeScale{SupportTicket: "1", InternodeCommunication: false},
				},
				{
					Name: "cpu-c", VMSize: "Standard_D2_v2", MaxNodes: 2,
					SSH:     &schema.SSH{AdminUser: "azureuser", PublicKey: "ssh-rsa AAAAB3NzaC1yc2E user@host"},
					Tags:    map[string]string{},
					Network: &schema.Network{NodePublicIP: true},
				},
			},
		}, {
			Key: "second", Name: "ml-second", Subscription: sub, ResourceGroup: "rg-second", Location: "eastus",
			Clusters: []schema.Cluster{{Name: "cpu-a", VMSize: "Standard_D2_v2", MaxNodes: 1}},
		}, {
			Key: "empty", Name: "ml-empty", Subscription: sub, ResourceGroup: "rg-empty", Location: "eastus",
		}}}},
		{name: "strings and names", spec: &schema.Spec{Workspaces: []schema.Workspace{{
			Key: "esc", Name: "ml-esc", Subscription: sub, ResourceGroup: "rg-esc", Location: "westeurope",
			Clusters: []schema.Cluster{
				{
					Name: "workspace", VMSize: "Standard_D2_v2", MaxNodes: 1,
					Description: "it's ${x} \\${y} \\ {0} {{1}} [z] '' \" \n\r\t <&> é 😀 \x01 '''",
					Tags: map[string]string{
						"[key]": "[value]", "true": "[[double]", "null": "[", "a b": "]", "it's": "${x}",
						"format": "{0}", "é": "😀",
					},
					SSH: &schema.SSH{AdminUser: "it's", PublicKey: "[not an expression]", PasswordSecret: "description"},
				},
				{Name: "resourceId", VMSize: "Standard_D2_v2", MaxNodes: 1, SSH: &schema.SSH{AdminUser: "u", PasswordSecret: "resourceId"}},
				{Name: "sys", VMSize: "Standard_D2_v2", MaxNodes: 1, SSH: &schema.SSH{AdminUser: "u", PasswordSecret: "sys"}},
				{Name: "param", VMSize: "Standard_D2_v2", MaxNodes: 1, SSH: &schema.SSH{AdminUser: "u", PasswordSecret: "9 lives!"}},
				{Name: "a-bc", VMSize: "Standard_D2_v2", MaxNodes: 1, SSH: &schema.SSH{AdminUser: "u", PasswordSecret: "a_b"}},
				{Name: "aBc", VMSize: "Standard_D2_v2", MaxNodes: 1},
			},
		}}}},
		{name: "a subset", spec: &schema.Spec{Workspaces: []schema.Workspace{{
			Key: "sub", Name: "ml-sub", Subscription: sub, ResourceGroup: "rg", Location: "westeurope",
			Clusters: []schema.Cluster{
				{Name: "cpu-a", VMSize: "Standard_D2_v2", MaxNodes: 1, SSH: &schema.SSH{AdminUser: "u", PasswordSecret: "pa"}},
				{Name: "cpu-b", VMSize: "Standard_D2_v2", MaxNodes: 1, SSH: &schema.SSH{AdminUser: "u", PasswordSecret: "pb"}},
			},
		}}}, opts: Options{Only: []string{"sub/cpu-b"}}},
	}
	for _, g := range loadGoldens(t) {
		if _, err := Compile(g.spec, g.opts); err != nil {
			continue // an archive about an error; TestGolden checks it
		}
		specs = append(specs, truthSpec{name: "golden " + filepath.Base(g.path), spec: g.spec, opts: g.opts})
	}
	return specs
}

// truthFile is one workspace's pair of outputs.
type truthFile struct {
	name       string // "<spec>: <workspace key>"
	arm, bicep []byte
	bicepName  string
}

// truthCompile compiles every truth spec in both formats and pairs the files
// of each workspace.
func truthCompile(t *testing.T) []truthFile {
	t.Helper()
	var out []truthFile
	for _, s := range truthSpecs(t) {
		opts := s.opts
		opts.Format = Both
		files, err := Compile(s.spec, opts)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if len(files) == 0 {
			t.Fatalf("%s: no files", s.name)
		}
		byKey := map[string]*truthFile{}
		var keys []string
		for _, f := range files {
			key, ext := strings.TrimSuffix(f.Name, filepath.Ext(f.Name)), filepath.Ext(f.Name)
			tf := byKey[key]
			if tf == nil {
				tf = &truthFile{name: s.name + ": " + key}
				byKey[key] = tf
				keys = append(keys, key)
			}
			switch ext {
			case ".json":
				tf.arm = f.Data
			case ".bicep":
				tf.bicep, tf.bicepName = f.Data, f.Name
			default:
				t.Fatalf("%s: unexpected file %s", s.name, f.Name)
			}
		}
		for _, k := range keys {
			if byKey[k].arm == nil || byKey[k].bicep == nil {
				t.Fatalf("%s: workspace %s lacks its .json or its .bicep file", s.name, k)
			}
			out = append(out, *byKey[k])
		}
	}
	return out
}

func TestTruthARMValidates(t *testing.T) {
	v := armtest.Validator(t)
	for _, f := range truthCompile(t) {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			if err := v.Check(f.arm); err != nil {
				t.Errorf("the ARM template fails the published schemas:\n%v\n--- template:\n%s", err, f.arm)
			}
		})
	}
}

// The validator catches, in a template amlc emits, the errors it is known to
// catch (vmPriority "Spot", maxNodeCount "4", no maxNodeCount, an unknown
// properties.computeTypo, null values, …): the check above can fail.
func TestTruthARMCatches(t *testing.T) {
	v := armtest.Validator(t)
	for _, f := range truthCompile(t) {
		if strings.HasPrefix(f.name, "every field:") {
			armtest.CheckMutations(t, v, f.arm)
			return
		}
	}
	t.Fatal("no template of the spec \"every field\"")
}
