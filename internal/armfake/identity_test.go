package armfake

import (
	"maps"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

const (
	uai1 = "/subscriptions/" + testSub + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/one"
	uai2 = "/subscriptions/" + testSub + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/two"
)

var guid = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// rePut is what az ml compute update and Terraform send: the compute as a
// GET returned it, with one change, without its read-only members.
func rePut(t *testing.T, s *Server, name string, change func(body map[string]any)) response {
	t.Helper()
	got := do(t, s, "GET", computePath(name)+api, nil).wantStatus(t, http.StatusOK).body.(map[string]any)
	body := maps.Clone(got)
	for _, k := range []string{"id", "name", "type"} {
		delete(body, k)
	}
	props := maps.Clone(got["properties"].(map[string]any))
	for _, k := range []string{"createdOn", "modifiedOn", "provisioningState", "provisioningErrors", "isAttachedCompute"} {
		delete(props, k)
	}
	body["properties"] = props
	change(body)
	r := do(t, s, "PUT", computePath(name)+api, body)
	if r.status == http.StatusOK {
		if u := r.header.Get("Azure-AsyncOperation"); u != "" {
			pollToEnd(t, s, u)
		}
	}
	return r
}

// TestIdentityAndTagsByPut: a PUT of an existing compute that changes its
// identity or tags, and leaves its create-only settings as they are, is
// applied; a PATCH cannot carry them.
func TestIdentityAndTagsByPut(t *testing.T) {
	s := newTestServer(t, Options{Computes: []SeedCompute{seed("cpu", basicBody(2))}})
	path := computePath("cpu") + api

	rePut(t, s, "cpu", func(b map[string]any) { b["identity"] = map[string]any{"type": "SystemAssigned"} }).wantStatus(t, http.StatusOK)
	id := get(do(t, s, "GET", path, nil).body, "identity")
	if get(id, "type") != "SystemAssigned" || !guid.MatchString(get(id, "principalId").(string)) || get(id, "tenantId") != DefaultTenantID {
		t.Errorf("system-assigned identity %v", id)
	}

	rePut(t, s, "cpu", func(b map[string]any) {
		b["identity"] = map[string]any{"type": "UserAssigned", "userAssignedIdentities": map[string]any{uai1: map[string]any{}, uai2: map[string]any{}}}
		b["tags"] = map[string]any{"team": "vision"}
	}).wantStatus(t, http.StatusOK)
	r := do(t, s, "GET", path, nil)
	uais, _ := get(r.body, "identity", "userAssignedIdentities").(map[string]any)
	if len(uais) != 2 || !guid.MatchString(get(uais[uai1], "principalId").(string)) || !guid.MatchString(get(uais[uai1], "clientId").(string)) {
		t.Errorf("user-assigned identities %v", uais)
	}
	if get(r.body, "tags", "team") != "vision" {
		t.Errorf("tags %v", get(r.body, "tags"))
	}

	// A PUT replaces: the IDs it lists are the identity; no tags clears them.
	rePut(t, s, "cpu", func(b map[string]any) {
		b["identity"] = map[string]any{"type": "UserAssigned", "userAssignedIdentities": map[string]any{uai2: map[string]any{}}}
		b["tags"] = map[string]any{}
	}).wantStatus(t, http.StatusOK)
	if c, _ := s.Compute(testSub, testRG, testWS, "cpu"); len(c.Identity.UserAssignedIdentities) != 1 || c.Identity.UserAssignedIdentities[0] != uai2 || c.Tags != nil {
		t.Errorf("after the replacing PUT: %+v, tags %v", c.Identity, c.Tags)
	}
	rePut(t, s, "cpu", func(b map[string]any) { b["identity"] = map[string]any{"type": "None"} }).wantStatus(t, http.StatusOK)
	if get(do(t, s, "GET", path, nil).body, "identity") != nil {
		t.Error("identity after None")
	}
	if r := rePut(t, s, "cpu", func(b map[string]any) {
		b["identity"] = map[string]any{"type": "SystemAssigned,UserAssigned", "userAssignedIdentities": map[string]any{uai1: map[string]any{}}}
	}); r.status != http.StatusBadRequest {
		t.Errorf("both kinds: %d", r.status)
	}
	// The create-only settings, the scale settings and the admin account
	// are what they were.
	c, _ := s.Compute(testSub, testRG, testWS, "cpu")
	if c.VMSize != "Standard_DS3_v2" || c.MaxNodes != 2 || c.OSType != "Linux" {
		t.Errorf("compute after the PUTs: %+v", c)
	}

	// A PATCH takes the scale settings only.
	for name, body := range map[string]any{
		"identity":                       map[string]any{"identity": map[string]any{"type": "SystemAssigned"}},
		"tags":                           map[string]any{"tags": map[string]any{"a": "b"}, "properties": map[string]any{"properties": map[string]any{"scaleSettings": map[string]any{"maxNodeCount": 3}}}},
		"identity PATCH of azureml-core": map[string]any{"location": "eastus", "properties": map[string]any{}, "identity": map[string]any{"type": "SystemAssigned"}},
	} {
		if r := do(t, s, "PATCH", path, body); r.status != http.StatusBadRequest || !strings.Contains(string(r.raw), "scaleSettings only") {
			t.Errorf("PATCH with %s: %d %s", name, r.status, r.raw)
		}
	}
}

// TestPutRefusesCreateOnlyChanges: a PUT over an existing compute that
// changes a setting Azure sets only at creation is refused with an ARM
// error naming it, and changes nothing.
func TestPutRefusesCreateOnlyChanges(t *testing.T) {
	withAdmin := basicBody(2)
	inner := withAdmin["properties"].(map[string]any)["properties"].(map[string]any)
	inner["userAccountCredentials"] = map[string]any{"adminUserName": "azureuser", "adminUserPassword": "Pa55word!"}
	s := newTestServer(t, Options{Computes: []SeedCompute{seed("cpu", withAdmin)}})
	aml := func(b map[string]any) map[string]any {
		return b["properties"].(map[string]any)["properties"].(map[string]any)
	}
	for name, tc := range map[string]struct {
		change func(b map[string]any)
		prop   string
	}{
		"vmSize":           {func(b map[string]any) { aml(b)["vmSize"] = "Standard_D2_v2" }, "properties.properties.vmSize"},
		"vmPriority":       {func(b map[string]any) { aml(b)["vmPriority"] = "LowPriority" }, "vmPriority"},
		"osType":           {func(b map[string]any) { aml(b)["osType"] = "Windows" }, "osType"},
		"location":         {func(b map[string]any) { b["location"] = "westeurope" }, "'location'"},
		"computeLocation":  {func(b map[string]any) { b["properties"].(map[string]any)["computeLocation"] = "westus" }, "computeLocation"},
		"disableLocalAuth": {func(b map[string]any) { b["properties"].(map[string]any)["disableLocalAuth"] = true }, "disableLocalAuth"},
		"subnet": {func(b map[string]any) {
			aml(b)["subnet"] = map[string]any{"id": "/subscriptions/" + testSub + "/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"}
		}, "subnet.id"},
		"enableNodePublicIp":          {func(b map[string]any) { aml(b)["enableNodePublicIp"] = false }, "enableNodePublicIp"},
		"remoteLoginPortPublicAccess": {func(b map[string]any) { aml(b)["remoteLoginPortPublicAccess"] = "Disabled" }, "remoteLoginPortPublicAccess"},
		"isolatedNetwork":             {func(b map[string]any) { aml(b)["isolatedNetwork"] = true }, "isolatedNetwork"},
		"adminUserName":               {func(b map[string]any) { aml(b)["userAccountCredentials"] = map[string]any{"adminUserName": "root2"} }, "adminUserName"},
		"password": {func(b map[string]any) {
			aml(b)["userAccountCredentials"] = map[string]any{"adminUserName": "azureuser", "adminUserPassword": "Other-Pa55!"}
		}, "userAccountCredentials"},
	} {
		t.Run(name, func(t *testing.T) {
			r := rePut(t, s, "cpu", tc.change).wantStatus(t, http.StatusBadRequest)
			msg, _ := get(r.body, "error", "message").(string)
			if r.errorCode() != "BadRequest" || !strings.Contains(msg, tc.prop) || !strings.Contains(msg, "cannot be changed") ||
				strings.Contains(string(r.raw), "Pa55") {
				t.Errorf("answer %s", r.raw)
			}
		})
	}
	// Case and spelling alone change nothing; leaving settings out keeps
	// them (az ml's re-PUT has no osType and no credentials).
	rePut(t, s, "cpu", func(b map[string]any) {
		aml(b)["vmSize"] = "STANDARD_DS3_V2"
		delete(aml(b), "osType")
		delete(aml(b), "userAccountCredentials")
		b["tags"] = map[string]any{"a": "b"}
	}).wantStatus(t, http.StatusOK)
	c, _ := s.Compute(testSub, testRG, testWS, "cpu")
	if c.VMSize != "Standard_DS3_v2" || c.OSType != "Linux" || c.AdminUserName != "azureuser" || c.AdminUserPassword != "Pa55word!" || c.Tags["a"] != "b" {
		t.Errorf("compute after an allowed PUT: %+v", c)
	}
}
