package specjson

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/amlc-dev/amlc/schema"
)

// revet writes the encoding of s to a file and vets it.
func revet(t *testing.T, s *schema.Spec) *schema.Spec {
	t.Helper()
	data, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "desired.json")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	res := schema.Vet([]string{file}, schema.Options{})
	if res.Diags.HasErrors() {
		t.Fatalf("the encoding does not vet: %v\n%s", res.Diags, data)
	}
	again, err := Encode(res.Spec)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(data) {
		t.Errorf("Encode(Vet(Encode(s))) differs:\n%s\n%s", data, again)
	}
	return res.Spec
}

// Every bundled fixture survives the round trip unchanged.
func TestFixturesRoundTrip(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "..", "fixtures", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			res := schema.Vet([]string{dir}, schema.Options{})
			if res.Diags.HasErrors() {
				t.Fatalf("fixture: %v", res.Diags)
			}
			if d := cmp.Diff(res.Spec, revet(t, res.Spec)); d != "" {
				t.Errorf("the model changed (-fixture +round trip):\n%s", d)
			}
		})
	}
}

// full sets every field of the model, so that a field added to it without
// being encoded fails TestEveryFieldRoundTrips.
func full() *schema.Spec {
	const sub = "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	n := func(v int) *int { return &v }
	return &schema.Spec{
		Workspaces: []schema.Workspace{{
			Key: "prod", Name: "ml-prod", Subscription: sub, ResourceGroup: "rg-ml-prod", Location: "westeurope",
			Budget: &schema.Budget{Monthly: 1e6},
			Clusters: []schema.Cluster{{
				Name: "gpu-cluster", VMSize: "Standard_NC6s_v3", MaxNodes: 200, MinNodes: 1,
				IdleTimeBeforeScaleDown: 90 * time.Minute, Priority: schema.LowPriority, OSType: "Windows",
				Location: "northeurope", Description: "training", Tags: map[string]string{"team": "vision"},
				Identity: &schema.Identity{Type: schema.UserAssigned, IDs: []string{
					"/subscriptions/" + sub + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/b",
					"/subscriptions/" + sub + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/a",
				}},
				Network: &schema.Network{Subnet: "/subscriptions/" + sub + "/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/v/subnets/s", NodePublicIP: false},
				SSH: &schema.SSH{AdminUser: "azureuser", PublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIL0y0cK3eW9rT8pXWjv5mQ2n7c1yF0h3aS2d4f6g8h0j user@host",
					PasswordSecret: "gpuPassword", PublicAccess: "Enabled"},
				LocalAuth:           true,
				LargeScale:          &schema.LargeScale{SupportTicket: "2405010010001234", InternodeCommunication: true},
				VirtualMachineImage: "/subscriptions/" + sub + "/resourceGroups/rg-img/providers/Microsoft.Compute/galleries/g/images/win/versions/1.0.0",
				IsolatedNetwork:     true,
			}},
		}},
		Quotas: []schema.Quota{{Subscription: sub, Region: "northeurope", DedicatedTotal: n(400), Families: map[string]int{"standardNCSv3Family": 300},
			LowPriority: n(2000), Clusters: n(100)}},
	}
}

// TestEveryFieldRoundTrips: a model with every field set (checked by
// reflection, so a new field of schema fails here until it is encoded)
// vets back to itself.
func TestEveryFieldRoundTrips(t *testing.T) {
	s := full()
	allSet(t, reflect.ValueOf(*s), "Spec")
	if d := cmp.Diff(s, revet(t, s)); d != "" {
		t.Errorf("the model changed (-want +round trip):\n%s", d)
	}
}

// allSet fails for every zero field of v (structs, pointers, slices and
// maps are followed into their first element).
func allSet(t *testing.T, v reflect.Value, path string) {
	t.Helper()
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			t.Errorf("%s is not set in full()", path)
			return
		}
		allSet(t, v.Elem(), path)
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if f.IsExported() {
				allSet(t, v.Field(i), path+"."+f.Name)
			}
		}
	case reflect.Slice:
		if v.Len() == 0 {
			t.Errorf("%s is empty in full()", path)
			return
		}
		allSet(t, v.Index(0), path+"[0]")
	case reflect.Map:
		if v.Len() == 0 {
			t.Errorf("%s is empty in full()", path)
		}
	case reflect.Bool:
		// false is a value too; full() sets the non-default one where
		// it matters, and cmp catches a bool that is not encoded.
	default:
		if v.IsZero() {
			t.Errorf("%s is not set in full()", path)
		}
	}
}
