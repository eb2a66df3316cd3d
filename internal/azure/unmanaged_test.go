package azure

import (
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

func ptr[T any](v T) *T { return &v }

// Every property the spec cannot express is listed with its value; empty
// and absent ones are not, and an open SSH port counts only without an
// admin account.
func TestUnmanaged(t *testing.T) {
	both := armmachinelearning.ManagedServiceIdentityType("SystemAssigned,UserAssigned")
	res := &armmachinelearning.ComputeResource{
		SKU:      &armmachinelearning.SKU{Name: ptr("Basic"), Tier: ptr(armmachinelearning.SKUTierBasic)},
		Identity: &armmachinelearning.ManagedServiceIdentity{Type: &both},
	}
	aml := &armmachinelearning.AmlCompute{ResourceID: ptr("/subscriptions/x/resourceGroups/y/providers/Microsoft.Batch/batchAccounts/z")}
	p := &armmachinelearning.AmlComputeProperties{
		PropertyBag:                 map[string]any{"a": 1.0},
		RemoteLoginPortPublicAccess: ptr(armmachinelearning.RemoteLoginPortPublicAccessEnabled),
	}
	var got []string
	for _, u := range unmanaged(res, aml, p, true) {
		got = append(got, u.Path+"="+u.Value)
	}
	want := []string{
		`identity.type="SystemAssigned,UserAssigned"`,
		`properties.properties.propertyBag={"a":1}`,
		`properties.properties.remoteLoginPortPublicAccess="Enabled"`,
		`properties.resourceId="/subscriptions/x/resourceGroups/y/providers/Microsoft.Batch/batchAccounts/z"`,
		`sku={"name":"Basic","tier":"Basic"}`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if us := unmanaged(res, aml, p, false); len(us) != 4 {
		t.Errorf("with an admin account the open port is modelled, not listed: %+v", us)
	}
	for _, bag := range []any{nil, map[string]any{}, []any{}, ""} {
		empty := &armmachinelearning.AmlComputeProperties{PropertyBag: bag}
		if us := unmanaged(&armmachinelearning.ComputeResource{}, &armmachinelearning.AmlCompute{}, empty, true); len(us) != 0 {
			t.Errorf("propertyBag %#v: %+v", bag, us)
		}
	}
}
