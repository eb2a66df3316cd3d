package armfake

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// The names of the REST examples, which the tests use throughout.
const (
	testSub = "34adfa4f-cedf-4dc0-ba29-b6d1a69ab345"
	testRG  = "testrg123"
	testWS  = "workspaces123"
)

var testWorkspace = Workspace{Subscription: testSub, ResourceGroup: testRG, Name: testWS, Location: "eastus"}

// newTestServer starts a server with the examples' workspace (unless opts
// names workspaces) and closes it when the test ends.
func newTestServer(t testing.TB, opts Options) *Server {
	t.Helper()
	if opts.Workspaces == nil {
		opts.Workspaces = []Workspace{testWorkspace}
	}
	s, err := Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// response is an answer, its body decoded when it is JSON.
type response struct {
	status int
	header http.Header
	raw    []byte
	body   any
}

// do sends a request with a bearer token. target is a path (joined to the
// server's URL) or an absolute URL; body is JSON text, bytes, or a value
// to marshal (nil for none).
func do(t testing.TB, s *Server, method, target string, body any) response {
	t.Helper()
	req := newRequest(t, s, method, target, body)
	req.Header.Set("Authorization", "Bearer test-token")
	return send(t, s, req)
}

func newRequest(t testing.TB, s *Server, method, target string, body any) *http.Request {
	t.Helper()
	if !strings.HasPrefix(target, "https://") {
		target = s.URL() + target
	}
	var r io.Reader
	if body != nil {
		var data []byte
		switch b := body.(type) {
		case string:
			data = []byte(b)
		case []byte:
			data = b
		default:
			var err error
			if data, err = json.Marshal(b); err != nil {
				t.Fatal(err)
			}
		}
		r = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, target, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

func send(t testing.TB, s *Server, req *http.Request) response {
	t.Helper()
	res, err := s.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := response{status: res.StatusCode, header: res.Header, raw: raw}
	if len(raw) > 0 && strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(raw, &r.body); err != nil {
			t.Fatalf("%s %s: the answer is not JSON: %v\n%s", req.Method, req.URL, err, raw)
		}
	}
	return r
}

// wantStatus fails the test unless r has status.
func (r response) wantStatus(t testing.TB, status int) response {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body: %s", r.status, status, r.raw)
	}
	return r
}

// errorCode is the code of an ARM error body.
func (r response) errorCode() string {
	code, _ := get(r.body, "error", "code").(string)
	return code
}

// get walks decoded JSON by member names.
func get(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

// computePath is the path of a compute of the examples' workspace.
func computePath(name string) string {
	return "/subscriptions/" + testSub + "/resourceGroups/" + testRG +
		"/providers/Microsoft.MachineLearningServices/workspaces/" + testWS + "/computes/" + name
}

const api = "?api-version=2026-05-01"

// basicBody is a minimal valid create body.
func basicBody(maxNodes int) map[string]any {
	return map[string]any{
		"location": "eastus",
		"properties": map[string]any{
			"computeType": "AmlCompute",
			"properties": map[string]any{
				"vmSize":        "Standard_DS3_v2",
				"scaleSettings": map[string]any{"maxNodeCount": maxNodes, "minNodeCount": 0, "nodeIdleTimeBeforeScaleDown": "PT120S"},
			},
		},
	}
}

// seed is a SeedCompute of the examples' workspace.
func seed(name string, body any) SeedCompute {
	return SeedCompute{Subscription: testSub, ResourceGroup: testRG, Workspace: testWS, Name: name, Body: body}
}

// pollToEnd polls an Azure-AsyncOperation URL until a final status and
// returns the statuses seen.
func pollToEnd(t testing.TB, s *Server, statusURL string) []string {
	t.Helper()
	var seen []string
	for range 20 {
		r := do(t, s, "GET", statusURL, nil).wantStatus(t, http.StatusOK)
		st, _ := get(r.body, "status").(string)
		seen = append(seen, st)
		if st == "Succeeded" || st == "Failed" || st == "Canceled" {
			return seen
		}
	}
	t.Fatalf("the operation did not end: %v", seen)
	return nil
}
