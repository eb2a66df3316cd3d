package armfake

import (
	"encoding/json"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
)

// The workspace of testdata/ml-secure.json, which is what `amlc build`
// writes for fixtures/secure-vnet.
var secureWS = Workspace{Subscription: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", ResourceGroup: "rg-ml-secure", Name: "ml-secure", Location: "eastus"}

const deploymentsPath = "/subscriptions/6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/resourcegroups/rg-ml-secure/providers/Microsoft.Resources/deployments/"

const deployAPI = "?api-version=2021-04-01"

func secureTemplate(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile("testdata/ml-secure.json")
	if err != nil {
		t.Fatal(err)
	}
	var tpl map[string]any
	if err := json.Unmarshal(data, &tpl); err != nil {
		t.Fatal(err)
	}
	return tpl
}

func deployRequest(tpl any, params map[string]any) map[string]any {
	ps := map[string]any{}
	for k, v := range params {
		ps[k] = map[string]any{"value": v}
	}
	return map[string]any{"properties": map[string]any{"mode": "Incremental", "template": tpl, "parameters": ps}}
}

const password = "Pa55-w0rd-that-must-never-leak"

func TestDeploymentCreatesComputes(t *testing.T) {
	// Two polls in progress: the GET of the deployment below is one.
	s := newTestServer(t, Options{Workspaces: []Workspace{secureWS}, Polls: 2})
	r := do(t, s, "PUT", deploymentsPath+"amlc-1"+deployAPI, deployRequest(secureTemplate(t), map[string]any{"gpuAdminPassword": password})).
		wantStatus(t, http.StatusCreated)
	if get(r.body, "properties", "provisioningState") != "Accepted" {
		t.Errorf("first answer %s", r.raw)
	}
	opURL := r.header.Get("Azure-AsyncOperation")
	if !strings.Contains(opURL, "/providers/Microsoft.Resources/deployments/amlc-1/operationStatuses/") {
		t.Errorf("Azure-AsyncOperation %q", opURL)
	}
	if got := get(do(t, s, "GET", deploymentsPath+"amlc-1"+deployAPI, nil).body, "properties", "provisioningState"); got != "Running" {
		t.Errorf("state while running: %v", got)
	}
	computeURL := "/subscriptions/" + secureWS.Subscription + "/resourceGroups/rg-ml-secure/providers/Microsoft.MachineLearningServices/workspaces/ml-secure/computes/gpu-private"
	do(t, s, "GET", computeURL+api, nil).wantStatus(t, http.StatusNotFound)
	if got := pollToEnd(t, s, opURL); !slices.Equal(got, []string{"Running", "Succeeded"}) {
		t.Errorf("statuses %v", got)
	}
	r = do(t, s, "GET", deploymentsPath+"amlc-1"+deployAPI, nil).wantStatus(t, http.StatusOK)
	if get(r.body, "properties", "provisioningState") != "Succeeded" ||
		get(r.body, "properties", "outputs", "gpuPrivateId", "value") != computeURL ||
		get(r.body, "properties", "outputs", "gpuPrivateId", "type") != "String" {
		t.Errorf("deployment %s", r.raw)
	}
	if p := get(r.body, "properties", "parameters", "gpuAdminPassword"); p == nil || get(p, "type") != "SecureString" || get(p, "value") != nil {
		t.Errorf("secure parameter shown as %v", p)
	}
	r = do(t, s, "GET", computeURL+api, nil).wantStatus(t, http.StatusOK)
	props := get(r.body, "properties", "properties")
	if get(props, "vmSize") != "Standard_NC6s_v3" || get(props, "remoteLoginPortPublicAccess") != "Disabled" ||
		get(props, "enableNodePublicIp") != false || get(r.body, "properties", "provisioningState") != "Succeeded" ||
		get(props, "userAccountCredentials", "adminUserName") != "azureuser" {
		t.Errorf("compute %s", r.raw)
	}
	if creds := get(props, "userAccountCredentials").(map[string]any); len(creds) != 1 {
		t.Errorf("userAccountCredentials %v holds more than the user name", creds)
	}
	c, _ := s.Compute(secureWS.Subscription, secureWS.ResourceGroup, "ml-secure", "gpu-private")
	if c.AdminUserPassword != password || !strings.HasPrefix(c.AdminUserSSHPublicKey, "ssh-ed25519 ") {
		t.Errorf("the secrets did not reach the compute: %q %q", c.AdminUserPassword, c.AdminUserSSHPublicKey)
	}
	if c.Identity == nil || c.Identity.Type != "UserAssigned" || len(c.Identity.UserAssignedIdentities) != 1 || c.Tags["owner"] != "platform" {
		t.Errorf("identity %+v tags %v", c.Identity, c.Tags)
	}
	// The same deployment again overwrites it: 200.
	do(t, s, "PUT", deploymentsPath+"amlc-1"+deployAPI, deployRequest(secureTemplate(t), map[string]any{"gpuAdminPassword": password})).
		wantStatus(t, http.StatusOK)
}

func TestDeploymentRejectsParameters(t *testing.T) {
	s := newTestServer(t, Options{Workspaces: []Workspace{secureWS}})
	for name, tc := range map[string]struct {
		params map[string]any
		want   string
	}{
		"missing secure":  {nil, "deployment parameter 'gpuAdminPassword' is missing a value"},
		"undeclared":      {map[string]any{"gpuAdminPassword": "x", "other": "y"}, "'other'"},
		"wrong JSON type": {map[string]any{"gpuAdminPassword": 42}, "Expected 'String'. Actual 'Integer'"},
	} {
		r := do(t, s, "PUT", deploymentsPath+"d"+deployAPI, deployRequest(secureTemplate(t), tc.params))
		msg, _ := get(r.body, "error", "message").(string)
		if r.status != http.StatusBadRequest || r.errorCode() != "InvalidTemplate" || !strings.Contains(msg, tc.want) {
			t.Errorf("%s: %d %s", name, r.status, r.raw)
		}
	}
	do(t, s, "GET", deploymentsPath+"d"+deployAPI, nil).wantStatus(t, http.StatusNotFound)
	for name, body := range map[string]string{
		"no mode":       `{"properties":{"template":{"resources":[]}}}`,
		"complete mode": `{"properties":{"mode":"Complete","template":{"resources":[]}}}`,
		"no template":   `{"properties":{"mode":"Incremental"}}`,
		"template link": `{"properties":{"mode":"Incremental","templateLink":{"uri":"https://example.com/t.json"}}}`,
	} {
		if r := do(t, s, "PUT", deploymentsPath+"d"+deployAPI, body); r.status != http.StatusBadRequest {
			t.Errorf("%s: status %d", name, r.status)
		}
	}
}

// deployToEnd deploys tpl and returns the final deployment.
func deployToEnd(t *testing.T, s *Server, tpl any, params map[string]any) response {
	t.Helper()
	r := do(t, s, "PUT", deploymentsPath+"d"+deployAPI, deployRequest(tpl, params)).wantStatus(t, http.StatusCreated)
	pollToEnd(t, s, r.header.Get("Azure-AsyncOperation"))
	return do(t, s, "GET", deploymentsPath+"d"+deployAPI, nil).wantStatus(t, http.StatusOK)
}

func TestDeploymentFails(t *testing.T) {
	for name, tc := range map[string]struct {
		edit func(tpl map[string]any)
		code string
	}{
		"unsupported function": {func(tpl map[string]any) {
			res := tpl["resources"].([]any)[0].(map[string]any)
			res["location"] = "[resourceGroup().location]"
		}, "InvalidTemplate"},
		"property access": {func(tpl map[string]any) {
			res := tpl["resources"].([]any)[0].(map[string]any)
			res["location"] = "[parameters('gpuAdminPassword').x]"
		}, "InvalidTemplate"},
		"secure output": {func(tpl map[string]any) {
			tpl["outputs"] = map[string]any{"leak": map[string]any{"type": "string", "value": "[parameters('gpuAdminPassword')]"}}
		}, "InvalidTemplate"},
		"other resource type": {func(tpl map[string]any) {
			res := tpl["resources"].([]any)[0].(map[string]any)
			res["type"] = "Microsoft.Storage/storageAccounts"
		}, "InvalidTemplate"},
		"unknown workspace": {func(tpl map[string]any) {
			res := tpl["resources"].([]any)[0].(map[string]any)
			res["name"] = "ml-other/gpu-private"
		}, "DeploymentFailed"},
		"invalid compute": {func(tpl map[string]any) {
			res := tpl["resources"].([]any)[0].(map[string]any)
			res["properties"].(map[string]any)["properties"].(map[string]any)["vmSize"] = "Standard_Nope"
		}, "DeploymentFailed"},
	} {
		t.Run(name, func(t *testing.T) {
			s := newTestServer(t, Options{Workspaces: []Workspace{secureWS}})
			tpl := secureTemplate(t)
			tc.edit(tpl)
			r := deployToEnd(t, s, tpl, map[string]any{"gpuAdminPassword": password})
			if get(r.body, "properties", "provisioningState") != "Failed" || get(r.body, "properties", "error", "code") != tc.code {
				t.Errorf("deployment %s", r.raw)
			}
			if strings.Contains(string(r.raw), password) {
				t.Errorf("the error shows the password: %s", r.raw)
			}
			if cs := s.Computes(); len(cs) != 0 {
				t.Errorf("a failed deployment created %d computes", len(cs))
			}
		})
	}
}

func TestDeploymentExpressions(t *testing.T) {
	s := newTestServer(t, Options{Workspaces: []Workspace{secureWS}})
	tpl := map[string]any{
		"parameters": map[string]any{
			"ws":      map[string]any{"type": "string"},
			"cluster": map[string]any{"type": "string", "defaultValue": "cpu-a"},
			"nodes":   map[string]any{"type": "int", "allowedValues": []any{2, 4}},
		},
		"resources": []any{map[string]any{
			"type": ComputeType, "apiVersion": "2026-05-01",
			"name":     "[concat(parameters('ws'), '/', parameters('cluster'))]",
			"location": "eastus",
			"properties": map[string]any{
				"computeType": "AmlCompute", "description": "[[not an expression]",
				"properties": map[string]any{"vmSize": "Standard_D2_v2", "scaleSettings": map[string]any{"maxNodeCount": "[parameters('nodes')]"}},
			},
		}},
		"outputs": map[string]any{
			"id":   map[string]any{"type": "string", "value": "[resourceId('rg-ml-secure', 'Microsoft.MachineLearningServices/workspaces/computes', parameters('ws'), parameters('cluster'))]"},
			"name": map[string]any{"type": "string", "value": "[parameters('cluster')]"},
		},
	}
	r := deployToEnd(t, s, tpl, map[string]any{"ws": "ml-secure", "nodes": 4})
	if get(r.body, "properties", "provisioningState") != "Succeeded" ||
		get(r.body, "properties", "outputs", "id", "value") != "/subscriptions/"+secureWS.Subscription+"/resourceGroups/rg-ml-secure/providers/Microsoft.MachineLearningServices/workspaces/ml-secure/computes/cpu-a" ||
		get(r.body, "properties", "parameters", "nodes", "value") != 4.0 {
		t.Fatalf("deployment %s", r.raw)
	}
	c, ok := s.Compute(secureWS.Subscription, "rg-ml-secure", "ml-secure", "cpu-a")
	if !ok || c.MaxNodes != 4 || c.Description != "[not an expression]" || c.IdleTimeBeforeScaleDown != "PT2M" {
		t.Errorf("compute %+v", c)
	}
	if r := do(t, s, "PUT", deploymentsPath+"d2"+deployAPI, deployRequest(tpl, map[string]any{"ws": "ml-secure", "nodes": 3})); r.errorCode() != "InvalidTemplate" {
		t.Errorf("a value outside allowedValues: %d %s", r.status, r.raw)
	}
}

func TestDeploymentInjectedFailure(t *testing.T) {
	s := newTestServer(t, Options{Workspaces: []Workspace{secureWS}})
	s.Inject(Fault{Method: "PUT", PathContains: "/deployments/", FailOperation: true, Code: "QuotaExceeded", Message: "no cores", Times: 1})
	r := deployToEnd(t, s, secureTemplate(t), map[string]any{"gpuAdminPassword": password})
	if get(r.body, "properties", "provisioningState") != "Failed" || get(r.body, "properties", "error", "code") != "QuotaExceeded" {
		t.Errorf("deployment %s", r.raw)
	}
	if len(s.Computes()) != 0 {
		t.Error("a failed deployment created computes")
	}
}
