package armfake

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestCreatePollsThenSucceeds(t *testing.T) {
	s := newTestServer(t, Options{Polls: 2})
	r := do(t, s, "PUT", computePath("cpu")+api, basicBody(4)).wantStatus(t, http.StatusCreated)
	if got := r.header.Get("Retry-After"); got != "0" {
		t.Errorf("Retry-After %q, want 0", got)
	}
	opURL := r.header.Get("Azure-AsyncOperation")
	if !strings.HasPrefix(opURL, s.URL()+"/subscriptions/"+testSub+"/providers/Microsoft.MachineLearningServices/locations/eastus/computeOperationsStatus/") ||
		!strings.HasSuffix(opURL, "?api-version=2026-05-01") {
		t.Errorf("Azure-AsyncOperation %q", opURL)
	}
	if got := get(do(t, s, "GET", computePath("cpu")+api, nil).body, "properties", "provisioningState"); got != "Creating" {
		t.Errorf("state while the create runs: %v", got)
	}
	// A write while the operation runs conflicts.
	do(t, s, "PUT", computePath("cpu")+api, basicBody(5)).wantStatus(t, http.StatusConflict)
	// The GET above counted as one of the two in-progress polls: the
	// operation goes on whether or not its client polls it.
	seen := pollToEnd(t, s, opURL)
	if want := []string{"InProgress", "Succeeded"}; !slices.Equal(seen, want) {
		t.Errorf("statuses %v, want %v", seen, want)
	}
	r = do(t, s, "GET", computePath("cpu")+api, nil).wantStatus(t, http.StatusOK)
	if got := get(r.body, "properties", "provisioningState"); got != "Succeeded" {
		t.Errorf("state after the create: %v", got)
	}
	// The status of a finished operation stays final.
	if got := pollToEnd(t, s, opURL); !slices.Equal(got, []string{"Succeeded"}) {
		t.Errorf("a second poll: %v", got)
	}
}

func TestDeletePollsLocationThenGone(t *testing.T) {
	s := newTestServer(t, Options{Polls: 2, Computes: []SeedCompute{seed("cpu", basicBody(4))}})
	r := do(t, s, "DELETE", computePath("cpu")+api+"&underlyingResourceAction=Delete", nil).wantStatus(t, http.StatusAccepted)
	loc := r.header.Get("Location")
	if !strings.Contains(loc, "/computeOperationsResults/") || r.header.Get("Azure-AsyncOperation") == "" {
		t.Fatalf("headers %v", r.header)
	}
	if got := get(do(t, s, "GET", computePath("cpu")+api, nil).body, "properties", "provisioningState"); got != "Deleting" {
		t.Errorf("state while deleting: %v", got)
	}
	do(t, s, "GET", loc, nil).wantStatus(t, http.StatusAccepted)
	do(t, s, "GET", loc, nil).wantStatus(t, http.StatusNoContent)
	do(t, s, "GET", computePath("cpu")+api, nil).wantStatus(t, http.StatusNotFound)
	if _, ok := s.Compute(testSub, testRG, testWS, "cpu"); ok {
		t.Error("the deleted compute is still held")
	}
}

func TestPatchScale(t *testing.T) {
	s := newTestServer(t, Options{Polls: -1, Computes: []SeedCompute{seed("cpu", basicBody(4))}})
	patch := func(maxN, minN int, idle string) response {
		return do(t, s, "PATCH", computePath("cpu")+api, map[string]any{"properties": map[string]any{"properties": map[string]any{
			"scaleSettings": map[string]any{"maxNodeCount": maxN, "minNodeCount": minN, "nodeIdleTimeBeforeScaleDown": idle}}}})
	}
	// The seed's idle time PT120S reads back as PT2M: the same settings
	// are no change, and Azure sends no operation then.
	r := patch(4, 0, "PT2M").wantStatus(t, http.StatusOK)
	if h := r.header.Get("Azure-AsyncOperation"); h != "" {
		t.Errorf("a PATCH without change has Azure-AsyncOperation %q", h)
	}
	r = patch(8, 1, "PT1800S").wantStatus(t, http.StatusOK)
	if got := pollToEnd(t, s, r.header.Get("Azure-AsyncOperation")); !slices.Equal(got, []string{"Succeeded"}) {
		t.Errorf("with Polls < 0 the first poll ends the operation: %v", got)
	}
	c, _ := s.Compute(testSub, testRG, testWS, "cpu")
	if c.MaxNodes != 8 || c.MinNodes != 1 || c.IdleTimeBeforeScaleDown != "PT30M" || c.ProvisioningState != "Succeeded" {
		t.Errorf("after the PATCH: max %d min %d idle %s state %s", c.MaxNodes, c.MinNodes, c.IdleTimeBeforeScaleDown, c.ProvisioningState)
	}
	for name, body := range map[string]any{
		"no maxNodeCount": `{"properties":{"properties":{"scaleSettings":{"minNodeCount":1}}}}`,
		"vmSize":          `{"properties":{"properties":{"vmSize":"Standard_D2_v2","scaleSettings":{"maxNodeCount":2}}}}`,
		"tags":            `{"tags":{"a":"b"},"properties":{"properties":{"scaleSettings":{"maxNodeCount":2}}}}`,
		"nothing":         `{"properties":{}}`,
		"min above max":   `{"properties":{"properties":{"scaleSettings":{"maxNodeCount":1,"minNodeCount":2}}}}`,
		"bad duration":    `{"properties":{"properties":{"scaleSettings":{"maxNodeCount":2,"nodeIdleTimeBeforeScaleDown":"5 minutes"}}}}`,
	} {
		if r := do(t, s, "PATCH", computePath("cpu")+api, body); r.status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", name, r.status)
		}
	}
}

func TestFailedOperation(t *testing.T) {
	s := newTestServer(t, Options{Computes: []SeedCompute{seed("cpu", basicBody(4))}})
	s.Inject(Fault{Method: "PATCH", PathContains: "/computes/cpu", FailOperation: true, Code: "ResizeFailed", Message: "no capacity", Times: 1})
	body := `{"properties":{"properties":{"scaleSettings":{"maxNodeCount":9}}}}`
	r := do(t, s, "PATCH", computePath("cpu")+api, body).wantStatus(t, http.StatusOK)
	opURL := r.header.Get("Azure-AsyncOperation")
	if got := pollToEnd(t, s, opURL); !slices.Equal(got, []string{"InProgress", "Failed"}) {
		t.Fatalf("statuses %v", got)
	}
	r = do(t, s, "GET", opURL, nil)
	if get(r.body, "error", "code") != "ResizeFailed" || get(r.body, "error", "message") != "no capacity" {
		t.Errorf("operation error %s", r.raw)
	}
	r = do(t, s, "GET", computePath("cpu")+api, nil)
	if get(r.body, "properties", "provisioningState") != "Failed" || get(r.body, "properties", "properties", "scaleSettings", "maxNodeCount") != 4.0 {
		t.Errorf("after a failed resize: %s", r.raw)
	}
	errs, _ := get(r.body, "properties", "provisioningErrors").([]any)
	if len(errs) != 1 || get(errs[0], "error", "code") != "ResizeFailed" {
		t.Errorf("provisioningErrors %v", errs)
	}
	// The fault was for one operation: the next resize succeeds.
	r = do(t, s, "PATCH", computePath("cpu")+api, body).wantStatus(t, http.StatusOK)
	if got := pollToEnd(t, s, r.header.Get("Azure-AsyncOperation")); got[len(got)-1] != "Succeeded" {
		t.Errorf("statuses %v", got)
	}
}

func TestFailedDeleteKeepsCompute(t *testing.T) {
	s := newTestServer(t, Options{Computes: []SeedCompute{seed("cpu", basicBody(4))}})
	s.Inject(Fault{Method: "DELETE", FailOperation: true})
	r := do(t, s, "DELETE", computePath("cpu")+api+"&underlyingResourceAction=Delete", nil).wantStatus(t, http.StatusAccepted)
	loc := r.header.Get("Location")
	do(t, s, "GET", loc, nil).wantStatus(t, http.StatusAccepted)
	if r := do(t, s, "GET", loc, nil); r.status != http.StatusInternalServerError || r.errorCode() != "InternalServerError" {
		t.Errorf("Location after the failure: %d %s", r.status, r.raw)
	}
	c, ok := s.Compute(testSub, testRG, testWS, "cpu")
	if !ok || c.ProvisioningState != "Failed" {
		t.Errorf("after a failed delete: %v %v", ok, c.ProvisioningState)
	}
}

func TestSettle(t *testing.T) {
	s := newTestServer(t, Options{Polls: 5})
	do(t, s, "PUT", computePath("cpu")+api, basicBody(4)).wantStatus(t, http.StatusCreated)
	s.Settle()
	if c, _ := s.Compute(testSub, testRG, testWS, "cpu"); c.ProvisioningState != "Succeeded" {
		t.Errorf("state after Settle: %s", c.ProvisioningState)
	}
}
