package armfake

import (
	"net/http"
	"sync"
	"testing"
	"time"
)

// control sends a request of the control API, without a token.
func control(t *testing.T, s *Server, method, name string) response {
	t.Helper()
	return send(t, s, newRequest(t, s, method, ControlPrefix+name, nil))
}

// stats reads the control API's stats.
func stats(t *testing.T, s *Server) Stats {
	t.Helper()
	r := control(t, s, "GET", "stats").wantStatus(t, http.StatusOK)
	num := func(name string) int {
		f, ok := get(r.body, name).(float64)
		if !ok {
			t.Fatalf("stats without %q: %s", name, r.raw)
		}
		return int(f)
	}
	return Stats{Requests: num("requests"), InFlight: num("inFlight"), MaxInFlight: num("maxInFlight")}
}

func TestControlStats(t *testing.T) {
	// Each request waits a second, so that the five are in flight at once
	// even when their TLS handshakes are slow (a loaded CI machine under
	// the race detector took more than 50 ms).
	s := newTestServer(t, Options{Control: true, Token: "the-token", Latency: time.Second,
		Computes: []SeedCompute{seed("cpu", basicBody(4))}})
	if got := stats(t, s); got != (Stats{}) {
		t.Errorf("stats of a new server: %+v", got)
	}
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			req := newRequest(t, s, "GET", computePath("cpu")+api, nil)
			req.Header.Set("Authorization", "Bearer the-token")
			res, err := s.Client().Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			res.Body.Close()
		})
	}
	wg.Wait()
	want := Stats{Requests: 5, MaxInFlight: 5}
	// Control requests need no token, and are not counted, logged,
	// delayed or faulted.
	s.Inject(Fault{Status: 500, Latency: time.Hour})
	for range 2 {
		if got := stats(t, s); got != want {
			t.Errorf("stats %+v, want %+v", got, want)
		}
	}
	if got := s.Stats(); got != want {
		t.Errorf("Server.Stats %+v, want %+v", got, want)
	}
	if n := len(s.Requests()); n != 5 {
		t.Errorf("%d requests logged, want 5", n)
	}
}

func TestControlReset(t *testing.T) {
	s := newTestServer(t, Options{Control: true, Computes: []SeedCompute{seed("cpu", basicBody(4))}})
	do(t, s, "PUT", computePath("gpu")+api, basicBody(2)).wantStatus(t, http.StatusCreated)
	do(t, s, "DELETE", computePath("cpu")+api+"&underlyingResourceAction=Delete", nil)
	if got := stats(t, s); got.Requests != 2 || got.MaxInFlight != 1 {
		t.Errorf("stats before the reset: %+v", got)
	}
	r := control(t, s, "POST", "reset").wantStatus(t, http.StatusNoContent)
	if len(r.raw) != 0 {
		t.Errorf("reset answered a body: %s", r.raw)
	}
	if got := stats(t, s); got != (Stats{}) {
		t.Errorf("stats after the reset: %+v", got)
	}
	do(t, s, "GET", computePath("cpu")+api, nil).wantStatus(t, http.StatusOK)
	do(t, s, "GET", computePath("gpu")+api, nil).wantStatus(t, http.StatusNotFound)
}

func TestControlErrors(t *testing.T) {
	s := newTestServer(t, Options{Control: true})
	for _, tc := range []struct {
		method, name string
		status       int
		allow        string
	}{
		{"POST", "stats", http.StatusMethodNotAllowed, "GET"},
		{"GET", "reset", http.StatusMethodNotAllowed, "POST"},
		{"GET", "nope", http.StatusNotFound, ""},
	} {
		r := control(t, s, tc.method, tc.name)
		if r.status != tc.status || r.header.Get("Allow") != tc.allow {
			t.Errorf("%s %s: %d, Allow %q: %s", tc.method, tc.name, r.status, r.header.Get("Allow"), r.raw)
		}
	}
	if got := s.Stats(); got.Requests != 0 {
		t.Errorf("control requests counted: %+v", got)
	}
}

// TestControlOff: without Options.Control the control paths are unknown
// ARM routes.
func TestControlOff(t *testing.T) {
	s := newTestServer(t, Options{})
	control(t, s, "GET", "stats").wantStatus(t, http.StatusUnauthorized)
	if r := do(t, s, "GET", ControlPrefix+"stats", nil); r.status != http.StatusNotFound || r.errorCode() != "NotFound" {
		t.Errorf("GET stats: %d %s", r.status, r.raw)
	}
	do(t, s, "POST", ControlPrefix+"reset", nil).wantStatus(t, http.StatusNotFound)
	if got := s.Stats(); got.Requests != 3 {
		t.Errorf("stats %+v, want the 3 requests counted", got)
	}
}
