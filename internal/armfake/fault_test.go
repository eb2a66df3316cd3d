package armfake

import (
	"net/http"
	"sync"
	"testing"
	"time"
)

func TestFaultThrottle(t *testing.T) {
	s := newTestServer(t, Options{Computes: []SeedCompute{seed("cpu", basicBody(4))}})
	s.Inject(Fault{Method: "GET", PathContains: "/COMPUTES/cpu", Status: 429, RetryAfter: 1500 * time.Millisecond, Times: 2})
	for range 2 {
		r := do(t, s, "GET", computePath("cpu")+api, nil).wantStatus(t, http.StatusTooManyRequests)
		if r.header.Get("Retry-After") != "2" || r.header.Get("retry-after-ms") != "1500" || r.errorCode() != "TooManyRequests" {
			t.Errorf("throttled answer: %v %s", r.header, r.raw)
		}
	}
	do(t, s, "GET", computePath("cpu")+api, nil).wantStatus(t, http.StatusOK)
	log := s.Requests()
	if len(log) != 3 || log[0].Status != 429 || log[2].Status != 200 {
		t.Errorf("log %+v", log)
	}
}

func TestFaultServerErrors(t *testing.T) {
	s := newTestServer(t, Options{})
	s.Inject(Fault{Status: 500, Times: 1})
	s.Inject(Fault{Status: 503, Code: "Busy", Message: "try later", Times: 1})
	path := "/subscriptions/" + testSub + "/providers/Microsoft.MachineLearningServices/locations/eastus/vmSizes" + api
	if r := do(t, s, "GET", path, nil); r.status != 500 || r.errorCode() != "InternalServerError" {
		t.Errorf("first: %d %s", r.status, r.raw)
	}
	if r := do(t, s, "GET", path, nil); r.status != 503 || r.errorCode() != "Busy" || get(r.body, "error", "message") != "try later" {
		t.Errorf("second: %d %s", r.status, r.raw)
	}
	do(t, s, "GET", path, nil).wantStatus(t, http.StatusOK)
	s.Inject(Fault{Status: 500})
	do(t, s, "GET", path, nil).wantStatus(t, 500)
	do(t, s, "GET", path, nil).wantStatus(t, 500)
	s.ClearFaults()
	do(t, s, "GET", path, nil).wantStatus(t, http.StatusOK)
}

func TestFaultReset(t *testing.T) {
	s := newTestServer(t, Options{})
	s.Inject(Fault{PathContains: "/vmSizes", Reset: true, Times: 1})
	path := s.URL() + "/subscriptions/" + testSub + "/providers/Microsoft.MachineLearningServices/locations/eastus/vmSizes" + api
	req := newRequest(t, s, "GET", path, nil)
	req.Header.Set("Authorization", "Bearer x")
	if res, err := s.Client().Do(req); err == nil {
		res.Body.Close()
		t.Fatalf("a reset connection answered %d", res.StatusCode)
	}
	do(t, s, "GET", path, nil).wantStatus(t, http.StatusOK)
	if log := s.Requests(); log[0].Status != 0 {
		t.Errorf("a reset request has status %d in the log", log[0].Status)
	}
}

func TestFaultLatency(t *testing.T) {
	s := newTestServer(t, Options{})
	s.Inject(Fault{Method: "GET", Latency: 150 * time.Millisecond, Times: 1})
	path := "/subscriptions/" + testSub + "/providers/Microsoft.MachineLearningServices/locations/eastus/usages" + api
	start := time.Now()
	do(t, s, "GET", path, nil).wantStatus(t, http.StatusOK)
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Errorf("answered after %v, want at least 150ms", d)
	}
}

func TestLatencyAndMaxInFlight(t *testing.T) {
	// Each request waits a second, so that the eight are in flight at once
	// even when their TLS handshakes are slow (under the race detector on
	// a loaded 2-core machine, 100 ms did not always cover them).
	s := newTestServer(t, Options{Latency: time.Second})
	path := "/subscriptions/" + testSub + "/providers/Microsoft.MachineLearningServices/locations/eastus/usages" + api
	var wg sync.WaitGroup
	start := time.Now()
	for range 8 {
		wg.Go(func() {
			req := newRequest(t, s, "GET", path, nil)
			req.Header.Set("Authorization", "Bearer x")
			res, err := s.Client().Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Errorf("status %d", res.StatusCode)
			}
		})
	}
	wg.Wait()
	if d := time.Since(start); d < time.Second || d > 10*time.Second {
		t.Errorf("8 parallel requests took %v", d)
	}
	if got := s.MaxInFlight(); got != 8 {
		t.Errorf("MaxInFlight %d, want 8", got)
	}
	s.Reset()
	if got := s.MaxInFlight(); got != 0 {
		t.Errorf("MaxInFlight after Reset %d", got)
	}
}

// A lost answer: the request is carried out, the client gets no answer,
// and its retry meets the operation the first one started.
func TestFaultLoseAnswer(t *testing.T) {
	s := newTestServer(t, Options{Computes: []SeedCompute{seed("cpu", basicBody(4))}})
	s.Inject(Fault{Method: "PATCH", PathContains: "/computes/cpu", LoseAnswer: true, Times: 1})
	body := `{"properties":{"properties":{"scaleSettings":{"maxNodeCount":8}}}}`
	req := newRequest(t, s, "PATCH", s.URL()+computePath("cpu")+api, body)
	req.Header.Set("Authorization", "Bearer x")
	if res, err := s.Client().Do(req); err == nil {
		res.Body.Close()
		t.Fatalf("a lost answer arrived: %d", res.StatusCode)
	}
	if c, _ := s.Compute(testSub, testRG, testWS, "cpu"); c.MaxNodes != 8 || c.ProvisioningState != StateUpdating {
		t.Errorf("the PATCH was not carried out: %+v", c)
	}
	r := do(t, s, "PATCH", computePath("cpu")+api, body).wantStatus(t, http.StatusConflict)
	if r.errorCode() != "Conflict" {
		t.Errorf("retry: %s", r.raw)
	}
	// Reads of the compute move its operation on, as time does in Azure.
	do(t, s, "GET", computePath("cpu")+api, nil)
	r = do(t, s, "GET", computePath("cpu")+api, nil)
	if get(r.body, "properties", "provisioningState") != "Succeeded" {
		t.Errorf("after two reads: %s", r.raw)
	}
	if log := s.Requests(); log[0].Status != 0 || log[1].Status != http.StatusConflict {
		t.Errorf("log %+v", log)
	}
}
