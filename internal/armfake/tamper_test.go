package armfake

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestFaultRedirect(t *testing.T) {
	s := newTestServer(t, Options{})
	plain, err := s.StartWitness(true)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	s.Inject(Fault{Method: "GET", PathContains: "/computes", Redirect: plain.URL(), Times: 1})
	req := newRequest(t, s, "GET", computePath("")+api, nil)
	req.Header.Set("Authorization", "Bearer test-token")
	c := s.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusTemporaryRedirect || res.Header.Get("Location") != plain.URL()+req.URL.RequestURI() {
		t.Errorf("%d, Location %s", res.StatusCode, res.Header.Get("Location"))
	}
	if !strings.HasPrefix(plain.URL(), "http://127.0.0.1:") || len(plain.Requests()) != 0 {
		t.Errorf("witness %s: %v", plain.URL(), plain.Requests())
	}
}

func TestFaultRaw(t *testing.T) {
	s := newTestServer(t, Options{})
	for _, body := range []string{"", "{}", `{"value": null}`} {
		s.Inject(Fault{Method: "GET", PathContains: "/computes", Raw: true, Body: body, Times: 1})
		r := do(t, s, "GET", strings.TrimSuffix(computePath(""), "/")+api, nil).wantStatus(t, http.StatusOK)
		if string(r.raw) != body {
			t.Errorf("body %q, want %q", r.raw, body)
		}
	}
}

// TestFaultEcho: the error echoes the token and the body, also encoded.
func TestFaultEcho(t *testing.T) {
	s := newTestServer(t, Options{})
	s.Inject(Fault{Method: "PUT", Echo: true})
	r := do(t, s, "PUT", computePath("cpu")+api, `{"pw":"s<e&c"}`).wantStatus(t, http.StatusBadRequest)
	msg, _ := get(r.body, "error", "message").(string)
	for _, want := range []string{"Bearer test-token", `{"pw":"s<e&c"}`, `"{\"pw\":\"s\u003ce\u0026c\"}"`, url.QueryEscape(`{"pw":"s<e&c"}`),
		base64.StdEncoding.EncodeToString([]byte("test-token")), "746573742d746f6b656e", "s&lt;e&amp;c"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the echo lacks %s:\n%s", want, msg)
		}
	}
	if _, ok := s.Compute(testSub, testRG, testWS, "cpu"); ok {
		t.Error("an echoed request was handled")
	}
}

// TestFaultLinkBase: the links of an answer point elsewhere; the request
// was handled.
func TestFaultLinkBase(t *testing.T) {
	s := newTestServer(t, Options{Computes: []SeedCompute{seed("aaa", basicBody(2)), seed("bbb", basicBody(2)), seed("ccc", basicBody(2))}})
	s.Inject(Fault{Method: "DELETE", LinkBase: "https://elsewhere.example"})
	s.Inject(Fault{Method: "GET", PathContains: "/computes", LinkBase: "https://elsewhere.example"})
	r := do(t, s, "DELETE", computePath("aaa")+api+"&underlyingResourceAction=Delete", nil).wantStatus(t, http.StatusAccepted)
	for _, h := range []string{"Azure-AsyncOperation", "Location"} {
		if v := r.header.Get(h); !strings.HasPrefix(v, "https://elsewhere.example/subscriptions/") {
			t.Errorf("%s: %s", h, v)
		}
	}
	list := do(t, s, "GET", strings.TrimSuffix(computePath(""), "/")+api, nil).wantStatus(t, http.StatusOK)
	if next, _ := get(list.body, "nextLink").(string); !strings.HasPrefix(next, "https://elsewhere.example/subscriptions/") {
		t.Errorf("nextLink %s", next)
	}
}

func TestFaultRetryAfterValueAndLose(t *testing.T) {
	s := newTestServer(t, Options{Computes: []SeedCompute{seed("aaa", basicBody(2))}})
	s.Inject(Fault{Method: "PATCH", RetryAfterValue: "100000", Times: 1})
	r := do(t, s, "PATCH", computePath("aaa")+api, `{"properties":{"properties":{"scaleSettings":{"maxNodeCount":3}}}}`).wantStatus(t, http.StatusOK)
	if r.header.Get("Retry-After") != "100000" || r.header.Get("retry-after-ms") != "" {
		t.Errorf("headers %v", r.header)
	}
	s.Settle()

	s.Inject(Fault{Method: "PATCH", LoseAnswer: true, Times: 1})
	req := newRequest(t, s, "PATCH", computePath("aaa")+api, `{"properties":{"properties":{"scaleSettings":{"maxNodeCount":5}}}}`)
	req.Header.Set("Authorization", "Bearer test-token")
	if res, err := s.Client().Do(req); err == nil {
		res.Body.Close()
		t.Fatalf("a lost answer arrived: %d", res.StatusCode)
	}
	s.Settle()
	if c, _ := s.Compute(testSub, testRG, testWS, "aaa"); c.MaxNodes != 5 {
		t.Errorf("the change whose answer was lost was not made: maxNodes %d", c.MaxNodes)
	}
}

// TestWitnessTLS: a TLS witness presents the fake's certificate, so that
// a client of the fake would reach it; it records what reached it.
func TestWitnessTLS(t *testing.T) {
	s := newTestServer(t, Options{})
	wt, err := s.StartWitness(false)
	if err != nil {
		t.Fatal(err)
	}
	defer wt.Close()
	req, _ := http.NewRequest("POST", wt.URL()+"/x", strings.NewReader("body"))
	req.Header.Set("Authorization", "Bearer t")
	res, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := wt.Requests(); len(got) != 1 || !got[0].Token || got[0].BodyBytes != 4 || got[0].Path != "/x" {
		t.Errorf("witnessed %+v", got)
	}
}
