package azure

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// aml is an AmlCompute as Azure lists it, with every member amlc needs.
const aml = `{"name":"cpu-cluster","location":"eastus","properties":{"computeType":"AmlCompute","properties":{"vmSize":"STANDARD_D2_V2","vmPriority":"Dedicated","scaleSettings":{"maxNodeCount":4}}}}`

// TestComputeListFailsClosed: a compute list that is empty, {}, has a
// null or mistyped value, or an item without a member amlc relies on, is
// an error naming what is missing, never "no clusters".
func TestComputeListFailsClosed(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{``, `is empty, where Azure always sends a JSON object`},
		{`   `, `is empty`},
		{`not json`, `is not JSON`},
		{`[]`, `is a list, where Azure always sends a JSON object`},
		{`null`, `is null`},
		{`{}`, `has no "value", which Azure always sends`},
		{`{"value": null}`, `has no "value"`},
		{`{"value": {}}`, `has "value" as an object, where Azure sends a list`},
		{`{"value": [{}]}`, `has no "value[0].name"`},
		{`{"value": [{"name": "x"}]}`, `has no "value[0].properties"`},
		{`{"value": [{"name": "x", "properties": {}}]}`, `has no "value[0].properties.computeType"`},
		{`{"value": [{"name": 7, "properties": {"computeType": "AKS"}}]}`, `has "value[0].name" as a number, where Azure sends a string`},
		{`{"value": [` + strings.Replace(aml, `"vmSize":"STANDARD_D2_V2",`, ``, 1) + `]}`, `has no "value[0].properties.properties.vmSize"`},
		{`{"value": [` + strings.Replace(aml, `"vmPriority":"Dedicated",`, ``, 1) + `]}`, `has no "value[0].properties.properties.vmPriority"`},
		{`{"value": [` + strings.Replace(aml, `"maxNodeCount":4`, `"minNodeCount":0`, 1) + `]}`, `has no "value[0].properties.properties.scaleSettings.maxNodeCount"`},
		{`{"value": [` + strings.Replace(aml, `"location":"eastus",`, ``, 1) + `]}`, `has no "value[0].location"`},
		{`{"value": [` + strings.Replace(aml, `"properties":{"vmSize"`, `"properties":{"subnet":{},"vmSize"`, 1) + `]}`, `has no "value[0].properties.properties.subnet.id"`},
		{`{"value": [` + strings.Replace(aml, `"name":"cpu-cluster",`, `"name":"cpu-cluster","identity":{"principalId":"x"},`, 1) + `]}`, `has no "value[0].identity.type"`},
	} {
		a := newTinyARM(t)
		a.answer = func(w http.ResponseWriter, r *http.Request, n int) bool {
			io.WriteString(w, tc.body)
			return true
		}
		obs, err := a.client(t).Observe(context.Background(), Refs(fixture(t, "quickstart")))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "Compute_List (GET "+wsPath+"/computes)") {
			t.Errorf("%s: obs %v, err = %v", tc.body, obs, err)
		}
		if n := len(a.requests()); n != 1 {
			t.Errorf("%s: %d requests, want 1", tc.body, n)
		}
	}
}

// TestComputeListAccepts: what Azure sends passes — an empty list, other
// compute types with only their type, null optional members — and a
// second page is checked like the first.
func TestComputeListAccepts(t *testing.T) {
	a := newTinyARM(t)
	a.answer = func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.URL.Query().Get("page") == "" {
			fmt.Fprintf(w, `{"value":[%s,{"name":"aks","properties":{"computeType":"AKS"}},{"name":"nb","identity":null,"properties":{"computeType":"ComputeInstance","properties":null}}],"nextLink":%q}`,
				strings.Replace(aml, `"vmSize"`, `"subnet":null,"userAccountCredentials":null,"vmSize"`, 1), a.srv.URL+wsPath+"/computes?page=2&api-version=2026-05-01")
			return true
		}
		io.WriteString(w, `{"value":[]}`)
		return true
	}
	obs, err := a.client(t).Observe(context.Background(), Refs(fixture(t, "quickstart")))
	if err != nil {
		t.Fatal(err)
	}
	if ws := obs.Workspaces[0]; len(ws.Clusters) != 1 || ws.Clusters[0].Cluster.OSType != "Linux" || len(ws.Others) != 2 {
		t.Errorf("observation %+v", ws)
	}

	a = newTinyARM(t)
	a.answer = func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.URL.Query().Get("page") == "" {
			fmt.Fprintf(w, `{"value":[],"nextLink":%q}`, a.srv.URL+wsPath+"/computes?page=2&api-version=2026-05-01")
			return true
		}
		io.WriteString(w, `{}`)
		return true
	}
	if _, err := a.client(t).Observe(context.Background(), Refs(fixture(t, "quickstart"))); err == nil || !strings.Contains(err.Error(), `has no "value"`) {
		t.Errorf("second page {}: err = %v", err)
	}
}

// TestOtherAnswersFailClosed: the other answers amlc reads.
func TestOtherAnswersFailClosed(t *testing.T) {
	spec := fixture(t, "quickstart")
	for _, tc := range []struct{ path, body, want string }{
		{"/usages", `{"value":[{"name":{"value":"TotalClusters"},"currentValue":1}]}`, `Usages_List (GET /subscriptions/6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/providers/Microsoft.MachineLearningServices/locations/eastus/usages) has no "value[0].limit"`},
		{"/vmSizes", `{}`, `VirtualMachineSizes_List`},
		{"/locks", `{"value":[{"name":"l","properties":{}}]}`, `ManagementLocks_ListAtResourceGroupLevel (GET /subscriptions/6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/resourceGroups/rg-ml-quickstart/providers/Microsoft.Authorization/locks) has no "value[0].properties.level"`},
	} {
		a := newTinyARM(t)
		a.answer = func(w http.ResponseWriter, r *http.Request, n int) bool {
			switch {
			case strings.HasSuffix(r.URL.Path, tc.path):
				io.WriteString(w, tc.body)
			case strings.HasSuffix(r.URL.Path, "/usages"), strings.HasSuffix(r.URL.Path, "/vmSizes"), strings.HasSuffix(r.URL.Path, "/locks"):
				io.WriteString(w, `{"value":[]}`)
			default:
				return false
			}
			return true
		}
		if _, err := a.client(t).GatherFacts(context.Background(), spec); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %s: err = %v", tc.path, tc.body, err)
		}
	}

	a := newTinyARM(t)
	a.answer = func(w http.ResponseWriter, r *http.Request, n int) bool {
		io.WriteString(w, `{"name":"ml-quickstart"}`)
		return true
	}
	ref := Refs(spec)[0]
	ref.Location = ""
	if _, _, err := a.client(t).Import(context.Background(), ref); err == nil || !strings.Contains(err.Error(), `Workspaces_Get`) || !strings.Contains(err.Error(), `has no "location"`) {
		t.Errorf("workspace without location: err = %v", err)
	}
}

// FuzzComputeListAnswer: whatever a compute list answers, the check never
// panics; and an answer it lets through decodes, as the SDK reads it, to
// a list of computes that each have a name and a type, and, when they are
// AmlCompute clusters, every field whose absence would read as a change
// of a create-only one.
func FuzzComputeListAnswer(f *testing.F) {
	for _, body := range []string{``, `{}`, `{"value": null}`, `{"value": []}`, `{"value": [` + aml + `]}`,
		`{"value": [{"name": "x", "properties": {"computeType": "AKS"}}]}`, `[]`, `{"value": [null]}`,
		`{"value": [` + strings.Replace(aml, `"vmSize":"STANDARD_D2_V2",`, ``, 1) + `]}`} {
		f.Add([]byte(body))
	}
	list := &answers[0]
	if list.op != "Compute_List" {
		f.Fatalf("answers[0] is %s", list.op)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if checkAnswer(list, body) != nil {
			return
		}
		var page armmachinelearning.PaginatedComputeResourcesList
		if err := json.Unmarshal(body, &page); err != nil {
			return // the SDK refuses it too: an error, not an empty list
		}
		if page.Value == nil {
			t.Fatalf("accepted, but reads as no list: %s", body)
		}
		for _, res := range page.Value {
			if res == nil || res.Name == nil || res.Properties == nil || res.Properties.GetCompute().ComputeType == nil {
				t.Fatalf("accepted an item without name or type: %s", body)
			}
			if a, ok := res.Properties.(*armmachinelearning.AmlCompute); ok {
				p := a.Properties
				if res.Location == nil || p == nil || p.VMSize == nil || p.VMPriority == nil || p.ScaleSettings == nil || p.ScaleSettings.MaxNodeCount == nil {
					t.Fatalf("accepted a cluster without what amlc compares: %s", body)
				}
			}
		}
	})
}
