package armfake

import (
	"net/http"
	"strings"
	"testing"
)

func TestAuthentication(t *testing.T) {
	s := newTestServer(t, Options{Token: "the-token"})
	path := computePath("cpu") + api
	for name, header := range map[string]string{
		"missing":     "",
		"wrong kind":  "Basic dXNlcjpwYXNz",
		"empty token": "Bearer ",
		"other token": "Bearer another",
	} {
		req := newRequest(t, s, "GET", path, nil)
		if header != "" {
			req.Header.Set("Authorization", header)
		}
		r := send(t, s, req)
		if r.status != http.StatusUnauthorized || r.header.Get("WWW-Authenticate") == "" ||
			(r.errorCode() != "AuthenticationFailed" && r.errorCode() != "InvalidAuthenticationToken") {
			t.Errorf("%s: %d %v %s", name, r.status, r.header, r.raw)
		}
	}
	req := newRequest(t, s, "GET", path, nil)
	req.Header.Set("Authorization", "Bearer the-token")
	send(t, s, req).wantStatus(t, http.StatusNotFound) // authenticated; the compute does not exist
}

func TestRequestErrors(t *testing.T) {
	s := newTestServer(t, Options{Computes: []SeedCompute{seed("cpu", basicBody(2))}})
	otherWS := strings.Replace(computePath("cpu"), testWS, "nope", 1)
	for _, tc := range []struct {
		name, method, path string
		body               any
		status             int
		code               string
	}{
		{"no api-version", "GET", computePath("cpu"), nil, 400, "MissingApiVersionParameter"},
		{"bad api-version", "GET", computePath("cpu") + "?api-version=latest", nil, 400, "InvalidApiVersionParameter"},
		{"unknown route", "GET", "/subscriptions/" + testSub + "/providers/Microsoft.Compute/virtualMachines" + api, nil, 404, "NotFound"},
		{"unknown method", "POST", computePath("cpu") + api, "{}", 405, "MethodNotAllowed"},
		{"missing compute", "GET", computePath("gpu") + api, nil, 404, "ResourceNotFound"},
		{"missing workspace", "GET", otherWS + api, nil, 404, "ResourceNotFound"},
		{"missing workspace, PUT", "PUT", otherWS + api, basicBody(2), 404, "ResourceNotFound"},
		{"missing resource group", "GET", strings.Replace(computePath("cpu"), testRG, "rg-x", 1) + api, nil, 404, "ResourceGroupNotFound"},
		{"missing subscription", "GET", strings.Replace(computePath("cpu"), testSub, "00000000-0000-0000-0000-000000000000", 1) + api, nil, 404, "SubscriptionNotFound"},
		{"bad JSON", "PUT", computePath("gpu") + api, `{"location": "eastus",`, 400, "InvalidRequestContent"},
		{"wrong JSON type", "PUT", computePath("gpu") + api, `{"properties":{"computeType":"AmlCompute","properties":{"scaleSettings":{"maxNodeCount":"4"}}}}`, 400, "InvalidRequestContent"},
		{"no body", "PUT", computePath("gpu") + api, nil, 400, "InvalidRequestContent"},
		{"delete without action", "DELETE", computePath("cpu") + api, nil, 400, "BadRequest"},
		{"delete with a bad action", "DELETE", computePath("cpu") + api + "&underlyingResourceAction=Remove", nil, 400, "BadRequest"},
		{"delete of a missing compute", "DELETE", computePath("gpu") + api + "&underlyingResourceAction=Delete", nil, 204, ""},
		{"delete in a missing workspace", "DELETE", otherWS + api + "&underlyingResourceAction=Delete", nil, 404, "ResourceNotFound"},
	} {
		r := do(t, s, tc.method, tc.path, tc.body)
		if r.status != tc.status || r.errorCode() != tc.code {
			t.Errorf("%s: %d %s, want %d %s", tc.name, r.status, r.raw, tc.status, tc.code)
		}
		if tc.code != "" && get(r.body, "error", "message") == "" {
			t.Errorf("%s: no error message", tc.name)
		}
	}
	// The path's fixed segments ignore case, as ARM's do.
	lower := strings.ToLower(strings.Replace(computePath("cpu"), testSub, strings.ToUpper(testSub), 1))
	do(t, s, "GET", lower+api, nil).wantStatus(t, http.StatusOK)
}

func TestCreateValidation(t *testing.T) {
	s := newTestServer(t, Options{})
	edit := func(f func(aml, props, top map[string]any)) map[string]any {
		b := basicBody(2)
		props := b["properties"].(map[string]any)
		f(props["properties"].(map[string]any), props, b)
		return b
	}
	for name, body := range map[string]map[string]any{
		"no computeType":    edit(func(_, p, _ map[string]any) { delete(p, "computeType") }),
		"other computeType": edit(func(_, p, _ map[string]any) { p["computeType"] = "AKS" }),
		"no vmSize":         edit(func(a, _, _ map[string]any) { delete(a, "vmSize") }),
		"unknown vmSize":    edit(func(a, _, _ map[string]any) { a["vmSize"] = "Standard_X1" }),
		"no scaleSettings":  edit(func(a, _, _ map[string]any) { delete(a, "scaleSettings") }),
		"bad priority":      edit(func(a, _, _ map[string]any) { a["vmPriority"] = "Spot" }),
		"bad osType":        edit(func(a, _, _ map[string]any) { a["osType"] = "BeOS" }),
		"bad remote login":  edit(func(a, _, _ map[string]any) { a["remoteLoginPortPublicAccess"] = "Open" }),
		"no admin user":     edit(func(a, _, _ map[string]any) { a["userAccountCredentials"] = map[string]any{"adminUserPassword": "x"} }),
		"bad subnet":        edit(func(a, _, _ map[string]any) { a["subnet"] = map[string]any{"id": "subnet-1"} }),
		"both identities": edit(func(_, _, top map[string]any) {
			top["identity"] = map[string]any{"type": "SystemAssigned,UserAssigned"}
		}),
		"empty user identity": edit(func(_, _, top map[string]any) { top["identity"] = map[string]any{"type": "UserAssigned"} }),
		"bad user identity ID": edit(func(_, _, top map[string]any) {
			top["identity"] = map[string]any{"type": "UserAssigned", "userAssignedIdentities": map[string]any{"id-1": map[string]any{}}}
		}),
	} {
		if r := do(t, s, "PUT", computePath("cpu")+api, body); r.status != http.StatusBadRequest || r.errorCode() != "BadRequest" {
			t.Errorf("%s: %d %s", name, r.status, r.raw)
		}
	}
	for _, name := range []string{"ab", "1cpu", "cpu_1", "cpu-1", "a-very-long-compute-name-x", "cpu-"} {
		if r := do(t, s, "PUT", computePath(name)+api, basicBody(2)); r.status != http.StatusBadRequest {
			t.Errorf("name %q: status %d", name, r.status)
		}
	}
	for _, name := range []string{"cpu", "cpu-a1", "Gpu-Cluster", "a23456789012345678901234"} {
		do(t, s, "PUT", computePath(name)+api, basicBody(2)).wantStatus(t, http.StatusCreated)
	}
}

func TestCreateDefaults(t *testing.T) {
	s := newTestServer(t, Options{Polls: -1})
	body := basicBody(3)
	body["properties"].(map[string]any)["properties"].(map[string]any)["vmSize"] = "standard_ds3_V2"
	do(t, s, "PUT", computePath("cpu")+api, body).wantStatus(t, http.StatusCreated)
	vnet := basicBody(3)
	vnet["properties"].(map[string]any)["properties"].(map[string]any)["subnet"] = map[string]any{"id": "/subscriptions/" + testSub + "/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"}
	do(t, s, "PUT", computePath("vnet")+api, vnet).wantStatus(t, http.StatusCreated)
	c, _ := s.Compute(testSub, testRG, testWS, "cpu")
	want := Compute{VMSize: "standard_ds3_V2", VMPriority: "Dedicated", OSType: "Linux", IdleTimeBeforeScaleDown: "PT2M", EnableNodePublicIP: true, RemoteLoginPortPublicAccess: "Enabled", Location: "eastus", ComputeLocation: "eastus"}
	if c.VMSize != want.VMSize || c.VMPriority != want.VMPriority || c.OSType != want.OSType || c.IdleTimeBeforeScaleDown != want.IdleTimeBeforeScaleDown ||
		c.EnableNodePublicIP != want.EnableNodePublicIP || c.RemoteLoginPortPublicAccess != want.RemoteLoginPortPublicAccess || c.ComputeLocation != want.ComputeLocation {
		t.Errorf("defaults %+v", c)
	}
	if c, _ := s.Compute(testSub, testRG, testWS, "vnet"); c.RemoteLoginPortPublicAccess != "Disabled" {
		t.Errorf("NotSpecified in a VNet became %s", c.RemoteLoginPortPublicAccess)
	}
}

func TestDetachedComputeComesBack(t *testing.T) {
	s := newTestServer(t, Options{Polls: -1, Computes: []SeedCompute{seed("cpu", basicBody(2)), seed("gpu", basicBody(2))}})
	do(t, s, "DELETE", computePath("cpu")+api+"&underlyingResourceAction=Detach", nil).wantStatus(t, http.StatusAccepted)
	do(t, s, "DELETE", computePath("gpu")+api+"&underlyingResourceAction=Delete", nil).wantStatus(t, http.StatusAccepted)
	s.Settle()
	for _, name := range []string{"cpu", "gpu"} {
		b := basicBody(5)
		b["properties"].(map[string]any)["properties"].(map[string]any)["vmSize"] = "Standard_D2_v2"
		do(t, s, "PUT", computePath(name)+api, b).wantStatus(t, http.StatusCreated)
	}
	s.Settle()
	cpu, _ := s.Compute(testSub, testRG, testWS, "cpu")
	gpu, _ := s.Compute(testSub, testRG, testWS, "gpu")
	if cpu.VMSize != "Standard_DS3_v2" || cpu.MaxNodes != 5 {
		t.Errorf("re-created after Detach: size %s max %d, want the old size and the new max", cpu.VMSize, cpu.MaxNodes)
	}
	if gpu.VMSize != "Standard_D2_v2" {
		t.Errorf("re-created after Delete: size %s", gpu.VMSize)
	}
}

func TestWorkspaceGet(t *testing.T) {
	s := newTestServer(t, Options{})
	r := do(t, s, "GET", strings.TrimSuffix(computePath("x"), "/computes/x")+api, nil).wantStatus(t, http.StatusOK)
	if get(r.body, "location") != "eastus" || get(r.body, "name") != testWS {
		t.Errorf("workspace %s", r.raw)
	}
	if get(r.body, "properties", "managedNetwork") != nil {
		t.Errorf("a workspace without an isolation mode has a managedNetwork: %s", r.raw)
	}

	// A workspace with a managed virtual network says so, as the
	// swagger's ManagedNetworkSettings does.
	for _, mode := range []string{"AllowOnlyApprovedOutbound", "Disabled"} {
		ws := testWorkspace
		ws.IsolationMode = mode
		s := newTestServer(t, Options{Workspaces: []Workspace{ws}})
		r := do(t, s, "GET", strings.TrimSuffix(computePath("x"), "/computes/x")+api, nil).wantStatus(t, http.StatusOK)
		if got := get(r.body, "properties", "managedNetwork", "isolationMode"); got != mode {
			t.Errorf("isolationMode = %v, want %s: %s", got, mode, r.raw)
		}
		wantStatus := map[string]any{"AllowOnlyApprovedOutbound": "Active", "Disabled": nil}[mode]
		if got := get(r.body, "properties", "managedNetwork", "status", "status"); got != wantStatus {
			t.Errorf("%s: status = %v, want %v", mode, got, wantStatus)
		}
	}
}

// A compute created when the service allowed its name stays manageable:
// the name rule applies to creating one. A seed with LegacyName models it;
// a new compute of such a name is still refused.
func TestLegacyNameSeed(t *testing.T) {
	legacy := seed("CC-22050369", basicBody(2))
	if _, err := Start(Options{Workspaces: []Workspace{testWorkspace}, Computes: []SeedCompute{legacy}}); err == nil {
		t.Fatal("a seed named CC-22050369 without LegacyName started")
	}
	legacy.LegacyName = true
	s := newTestServer(t, Options{Computes: []SeedCompute{legacy}})
	do(t, s, "GET", computePath("CC-22050369")+api, nil).wantStatus(t, http.StatusOK)
	scale := map[string]any{"properties": map[string]any{"properties": map[string]any{
		"scaleSettings": map[string]any{"maxNodeCount": 5, "minNodeCount": 0, "nodeIdleTimeBeforeScaleDown": "PT2M"}}}}
	do(t, s, "PATCH", computePath("CC-22050369")+api, scale).wantStatus(t, http.StatusOK)
	if c, _ := s.Compute(testSub, testRG, testWS, "CC-22050369"); c.MaxNodes != 5 {
		t.Errorf("after the PATCH maxNodes = %d, want 5", c.MaxNodes)
	}
	if r := do(t, s, "PUT", computePath("CC-22050370")+api, basicBody(2)); r.status != http.StatusBadRequest {
		t.Errorf("creating CC-22050370: status %d, want 400", r.status)
	}
}
