package armfake

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// TestConcurrentClients creates, polls, lists and deletes computes from
// many goroutines at once (run with -race).
func TestConcurrentClients(t *testing.T) {
	s := newTestServer(t, Options{PageSize: 3})
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Go(func() {
			name := fmt.Sprintf("cpu-%c", 'a'+i)
			steps := []struct {
				method, path string
				body         any
				status       int
			}{
				{"PUT", computePath(name) + api, basicBody(i + 1), http.StatusCreated},
				{"GET", computePath(name) + api, nil, http.StatusOK},
				{"GET", computePath(name)[:len(computePath(name))-len(name)-1] + api, nil, http.StatusOK},
			}
			var opURL string
			for _, st := range steps {
				req := newRequest(t, s, st.method, st.path, st.body)
				req.Header.Set("Authorization", "Bearer x")
				res, err := s.Client().Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				res.Body.Close()
				if res.StatusCode != st.status {
					t.Errorf("%s %s: %d", st.method, st.path, res.StatusCode)
				}
				if h := res.Header.Get("Azure-AsyncOperation"); h != "" {
					opURL = h
				}
			}
			for range 2 {
				req := newRequest(t, s, "GET", opURL, nil)
				req.Header.Set("Authorization", "Bearer x")
				if res, err := s.Client().Do(req); err == nil {
					res.Body.Close()
				}
			}
		})
	}
	wg.Wait()
	cs := s.Computes()
	if len(cs) != 12 {
		t.Fatalf("%d computes, want 12", len(cs))
	}
	for _, c := range cs {
		if c.ProvisioningState != "Succeeded" {
			t.Errorf("%s: %s", c.Name, c.ProvisioningState)
		}
	}
	if n := len(s.Requests()); n != 12*5 {
		t.Errorf("%d requests logged, want 60", n)
	}
}
