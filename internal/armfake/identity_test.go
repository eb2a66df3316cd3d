package armfake

import (
	"net/http"
	"regexp"
	"testing"
)

const (
	uai1 = "/subscriptions/" + testSub + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/one"
	uai2 = "/subscriptions/" + testSub + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/two"
)

var guid = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// identityPatch is the body azureml-core's add_identity sends.
func identityPatch(identity map[string]any) map[string]any {
	return map[string]any{"location": "eastus", "properties": map[string]any{}, "identity": identity}
}

func TestIdentityPatch(t *testing.T) {
	s := newTestServer(t, Options{Computes: []SeedCompute{seed("cpu", basicBody(2))}})
	path := computePath("cpu") + api

	r := do(t, s, "PATCH", path, identityPatch(map[string]any{"type": "SystemAssigned"})).wantStatus(t, http.StatusOK)
	if r.header.Get("Azure-AsyncOperation") != "" {
		t.Error("an identity PATCH started an operation")
	}
	id := get(r.body, "identity")
	if get(id, "type") != "SystemAssigned" || !guid.MatchString(get(id, "principalId").(string)) || get(id, "tenantId") != DefaultTenantID {
		t.Errorf("system-assigned identity %v", id)
	}

	r = do(t, s, "PATCH", path, identityPatch(map[string]any{"type": "UserAssigned", "userAssignedIdentities": map[string]any{uai1: map[string]any{}, uai2: map[string]any{}}})).
		wantStatus(t, http.StatusOK)
	uais, _ := get(r.body, "identity", "userAssignedIdentities").(map[string]any)
	if len(uais) != 2 || !guid.MatchString(get(uais[uai1], "principalId").(string)) || !guid.MatchString(get(uais[uai1], "clientId").(string)) {
		t.Errorf("user-assigned identities %v", uais)
	}
	// remove_identity of one ID sends it as null.
	do(t, s, "PATCH", path, identityPatch(map[string]any{"type": "UserAssigned", "userAssignedIdentities": map[string]any{uai1: nil}})).wantStatus(t, http.StatusOK)
	if c, _ := s.Compute(testSub, testRG, testWS, "cpu"); len(c.Identity.UserAssignedIdentities) != 1 || c.Identity.UserAssignedIdentities[0] != uai2 {
		t.Errorf("after removing one: %+v", c.Identity)
	}
	do(t, s, "PATCH", path, identityPatch(map[string]any{"type": "None"})).wantStatus(t, http.StatusOK)
	r = do(t, s, "GET", path, nil)
	if get(r.body, "identity") != nil {
		t.Errorf("identity after None: %v", get(r.body, "identity"))
	}
	if r := do(t, s, "PATCH", path, identityPatch(map[string]any{"type": "SystemAssigned,UserAssigned", "userAssignedIdentities": map[string]any{uai1: map[string]any{}}})); r.status != http.StatusBadRequest {
		t.Errorf("both kinds: %d", r.status)
	}
	if r := do(t, s, "PATCH", path, map[string]any{"identity": map[string]any{"type": "SystemAssigned"}, "properties": map[string]any{"description": "x"}}); r.status != http.StatusBadRequest {
		t.Errorf("an identity PATCH with a description: %d", r.status)
	}
}
