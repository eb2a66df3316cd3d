package armfake

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/amlc-dev/amlc/internal/testkit"
)

// example is a REST API example of the spec repository, copied into the
// repository's testdata/rest-examples (see the SOURCES.md of each version).
type example struct {
	Parameters map[string]any `json:"parameters"`
	Responses  map[string]struct {
		Body    any               `json:"body"`
		Headers map[string]string `json:"headers"`
	} `json:"responses"`
}

func loadExample(t *testing.T, rel string) *example {
	t.Helper()
	data := testkit.ReadTestdata(t, "rest-examples/"+rel)
	var ex example
	if err := json.Unmarshal(data, &ex); err != nil {
		t.Fatal(err)
	}
	return &ex
}

// param is a string parameter of the example.
func (ex *example) param(name string) string {
	s, _ := ex.Parameters[name].(string)
	return s
}

// path is the example's request path, from its parameters, with its
// api-version and the other query parameters named.
func (ex *example) path(tmpl string, query ...string) string {
	p := tmpl
	for _, n := range []string{"subscriptionId", "resourceGroupName", "workspaceName", "computeName", "location"} {
		p = strings.ReplaceAll(p, "{"+n+"}", url.PathEscape(ex.param(n)))
	}
	q := url.Values{"api-version": {ex.param("api-version")}}
	for _, n := range query {
		q.Set(n, ex.param(n))
	}
	return p + "?" + q.Encode()
}

// body is the example's request body (its parameter "parameters").
func (ex *example) body() any { return ex.Parameters["parameters"] }

// check compares an answer with the example's response of the same
// status: the headers it names are set and the body has its shape.
func (ex *example) check(t *testing.T, r response, extra ...string) {
	t.Helper()
	want, ok := ex.Responses[strconv.Itoa(r.status)]
	if !ok {
		t.Fatalf("status %d is not one of the example's; body: %s", r.status, r.raw)
	}
	for h := range want.Headers {
		if v := r.header.Get(h); !strings.HasPrefix(v, "https://127.0.0.1:") {
			t.Errorf("header %s = %q, want a URL of the fake", h, v)
		}
	}
	if want.Body == nil {
		if len(r.raw) != 0 {
			t.Errorf("the example has no body, the answer has %s", r.raw)
		}
		return
	}
	sameShape(t, want.Body, r.body, extra...)
}

const (
	computesTmpl = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}/computes"
	computeTmpl  = computesTmpl + "/{computeName}"
	locTmpl      = "/subscriptions/{subscriptionId}/providers/Microsoft.MachineLearningServices/locations/{location}"
)

// fullComputeExtras are the members a full compute has beyond the get
// example: the envelope's tags and identity (when set) and read-only or
// optional members the swagger defines and the example leaves out.
var fullComputeExtras = []string{
	"tags", "identity",
	"properties.computeLocation", "properties.resourceId", "properties.provisioningErrors",
	"properties.isAttachedCompute", "properties.disableLocalAuth",
	"properties.properties.userAccountCredentials", "properties.properties.propertyBag",
}

// exampleCompute is the compute the examples GET, PATCH and DELETE: the
// create example's body with a size that is in the recorded list
// (Standard_NC6 was retired in 2023 and is not), and with the subnet,
// description and SSH account of the get example.
func exampleCompute(t *testing.T) map[string]any {
	ex := loadExample(t, "2025-09-01/Compute/createOrUpdate/BasicAmlCompute.json")
	b := ex.body().(map[string]any)
	props := b["properties"].(map[string]any)
	props["description"] = "some compute"
	aml := props["properties"].(map[string]any)
	aml["vmSize"] = "STANDARD_NC6S_V3"
	aml["subnet"] = map[string]any{"id": "/subscriptions/" + testSub + "/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/train"}
	aml["userAccountCredentials"] = map[string]any{"adminUserName": "azureuser", "adminUserPassword": "example-Passw0rd"}
	return b
}

func TestExampleCreate(t *testing.T) {
	ex := loadExample(t, "2025-09-01/Compute/createOrUpdate/BasicAmlCompute.json")
	s := newTestServer(t, Options{})
	body := ex.body().(map[string]any)
	body["properties"].(map[string]any)["properties"].(map[string]any)["vmSize"] = "STANDARD_NC6S_V3" // NC6 is retired
	r := do(t, s, "PUT", ex.path(computeTmpl), body).wantStatus(t, http.StatusCreated)
	ex.check(t, r)
	if got := get(r.body, "properties", "provisioningState"); got != "Creating" {
		t.Errorf("provisioningState %v, want Creating", got)
	}
}

func TestExampleUpdatePut(t *testing.T) {
	ex := loadExample(t, "2026-05-01/Compute/createOrUpdate/AmlCompute.json")
	s := newTestServer(t, Options{Computes: []SeedCompute{seed(ex.param("computeName"), exampleCompute(t))}})
	r := do(t, s, "PUT", ex.path(computeTmpl), ex.body()).wantStatus(t, http.StatusOK)
	ex.check(t, r, fullComputeExtras...)
	if r.header.Get("Azure-AsyncOperation") == "" {
		t.Error("an overwrite has no Azure-AsyncOperation")
	}
	// The example's answer keeps the size the request does not name.
	if got := get(r.body, "properties", "properties", "vmSize"); got != "STANDARD_NC6S_V3" {
		t.Errorf("vmSize %v after the overwrite, want it kept", got)
	}
	if got := get(r.body, "properties", "properties", "scaleSettings", "maxNodeCount"); got != 4.0 {
		t.Errorf("maxNodeCount %v after the overwrite, want 4", got)
	}
}

func TestExampleGet(t *testing.T) {
	ex := loadExample(t, "2026-05-01/Compute/get/AmlCompute.json")
	s := newTestServer(t, Options{Computes: []SeedCompute{seed(ex.param("computeName"), exampleCompute(t))}})
	r := do(t, s, "GET", ex.path(computeTmpl), nil).wantStatus(t, http.StatusOK)
	ex.check(t, r, fullComputeExtras...)
}

func TestExampleList(t *testing.T) {
	ex := loadExample(t, "2026-05-01/Compute/list.json")
	s := newTestServer(t, Options{Computes: []SeedCompute{
		seed("compute123", exampleCompute(t)), seed("compute1234", basicBody(2)), seed("compute12345", basicBody(3)),
	}})
	r := do(t, s, "GET", ex.path(computesTmpl), nil).wantStatus(t, http.StatusOK)
	// The example lists attached AKS computes; an AmlCompute has its own
	// properties and the members of a full compute.
	extras := []string{"value[].properties.properties"}
	for _, e := range fullComputeExtras {
		if !strings.HasPrefix(e, "properties.properties.") && e != "properties.resourceId" {
			extras = append(extras, "value[]."+e)
		}
	}
	ex.check(t, r, extras...)
}

func TestExamplePatch(t *testing.T) {
	ex := loadExample(t, "2026-05-01/Compute/patch.json")
	s := newTestServer(t, Options{Computes: []SeedCompute{seed(ex.param("computeName"), exampleCompute(t))}})
	r := do(t, s, "PATCH", ex.path(computeTmpl), ex.body()).wantStatus(t, http.StatusOK)
	ex.check(t, r)
	if got := get(r.body, "properties", "provisioningState"); got != "Updating" {
		t.Errorf("provisioningState %v, want Updating", got)
	}
}

func TestExampleDelete(t *testing.T) {
	ex := loadExample(t, "2025-09-01/Compute/delete.json")
	s := newTestServer(t, Options{Computes: []SeedCompute{seed(ex.param("computeName"), exampleCompute(t))}})
	path := ex.path(computeTmpl, "underlyingResourceAction")
	ex.check(t, do(t, s, "DELETE", path, nil).wantStatus(t, http.StatusAccepted))
	s.Settle()
	ex.check(t, do(t, s, "DELETE", path, nil).wantStatus(t, http.StatusNoContent))
}

func TestExampleUsages(t *testing.T) {
	ex := loadExample(t, "2025-09-01/Usage/list.json")
	s := newTestServer(t, Options{Workspaces: []Workspace{{Subscription: ex.param("subscriptionId"), ResourceGroup: "rg", Name: "ws", Location: "eastus"}}})
	r := do(t, s, "GET", ex.path(locTmpl+"/usages"), nil).wantStatus(t, http.StatusOK)
	ex.check(t, r)
}

func TestExampleVMSizes(t *testing.T) {
	ex := loadExample(t, "2025-09-01/VirtualMachineSize/list.json")
	s := newTestServer(t, Options{})
	r := do(t, s, "GET", ex.path(locTmpl+"/vmSizes"), nil).wantStatus(t, http.StatusOK)
	// The recorded (2025) list has two members the 2025-09-01 swagger
	// and its example lack.
	ex.check(t, r, "value[].generation", "value[].supportsIB")
}
