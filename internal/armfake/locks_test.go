package armfake

import (
	"net/http"
	"testing"
)

func locksPath(rg string) string {
	return "/subscriptions/" + testSub + "/resourceGroups/" + rg + "/providers/Microsoft.Authorization/locks?api-version=2016-09-01"
}

func TestLocks(t *testing.T) {
	s := newTestServer(t, Options{
		Computes: []SeedCompute{seed("cpu", basicBody(2))},
		Locks:    []Lock{{Subscription: testSub, ResourceGroup: testRG, Name: "keep", Level: CanNotDelete, Notes: "production"}},
	})
	r := do(t, s, "GET", locksPath(testRG), nil).wantStatus(t, http.StatusOK)
	locks := r.body.(map[string]any)["value"].([]any)
	if len(locks) != 1 || get(locks[0], "name") != "keep" || get(locks[0], "type") != "Microsoft.Authorization/locks" ||
		get(locks[0], "properties", "level") != "CanNotDelete" || get(locks[0], "properties", "notes") != "production" ||
		get(locks[0], "id") != "/subscriptions/"+testSub+"/resourceGroups/"+testRG+"/providers/Microsoft.Authorization/locks/keep" {
		t.Errorf("locks %s", r.raw)
	}
	do(t, s, "GET", locksPath("rg-unknown"), nil).wantStatus(t, http.StatusNotFound)

	// CanNotDelete blocks deletion only.
	if r := do(t, s, "DELETE", computePath("cpu")+api+"&underlyingResourceAction=Delete", nil); r.status != http.StatusConflict || r.errorCode() != "ScopeLocked" {
		t.Errorf("delete under CanNotDelete: %d %s", r.status, r.raw)
	}
	do(t, s, "PATCH", computePath("cpu")+api, `{"properties":{"properties":{"scaleSettings":{"maxNodeCount":3}}}}`).wantStatus(t, http.StatusOK)
}

func TestReadOnlyLock(t *testing.T) {
	s := newTestServer(t, Options{
		Computes: []SeedCompute{seed("cpu", basicBody(2))},
		Locks:    []Lock{{Subscription: testSub, ResourceGroup: testRG, Name: "frozen", Level: ReadOnly}},
	})
	for name, req := range map[string][3]string{
		"create":  {"PUT", computePath("gpu") + api, ""},
		"scale":   {"PATCH", computePath("cpu") + api, `{"properties":{"properties":{"scaleSettings":{"maxNodeCount":3}}}}`},
		"re-PUT":  {"PUT", computePath("cpu") + api, `{"location":"eastus","tags":{"a":"b"},"properties":{"computeType":"AmlCompute"}}`},
		"delete":  {"DELETE", computePath("cpu") + api + "&underlyingResourceAction=Delete", ""},
		"deploys": {"PUT", "/subscriptions/" + testSub + "/resourceGroups/" + testRG + "/providers/Microsoft.Resources/deployments/d" + api, `{"properties":{"mode":"Incremental","template":{"resources":[]}}}`},
	} {
		var body any
		if req[2] != "" {
			body = req[2]
		} else if req[0] == "PUT" {
			body = basicBody(2)
		}
		if r := do(t, s, req[0], req[1], body); r.status != http.StatusConflict || r.errorCode() != "ScopeLocked" {
			t.Errorf("%s under ReadOnly: %d %s", name, r.status, r.raw)
		}
	}
	do(t, s, "GET", computePath("cpu")+api, nil).wantStatus(t, http.StatusOK)
}
