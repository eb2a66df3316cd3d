package azure

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// witness is a second host: it records every request that reaches it and
// whether it carried a token. It answers like ARM would, so that a client
// that reached it would go on as if nothing were wrong.
type witness struct {
	srv *httptest.Server
	mu  sync.Mutex
	got []string
}

func newWitness(t *testing.T, tls bool) *witness {
	w := &witness{}
	h := http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.mu.Lock()
		w.got = append(w.got, fmt.Sprintf("%s %s token=%t body=%dB", r.Method, r.URL.Path, r.Header.Get("Authorization") != "", len(body)))
		w.mu.Unlock()
		rw.Header().Set("Content-Type", "application/json")
		io.WriteString(rw, `{"status":"Succeeded","value":[]}`)
	})
	if tls {
		// httptest's TLS servers share one certificate, so the client of
		// the tiny ARM trusts this host too: a request sent here would
		// succeed, and only amlc's own checks keep it from being sent.
		w.srv = httptest.NewTLSServer(h)
	} else {
		w.srv = httptest.NewServer(h)
	}
	t.Cleanup(w.srv.Close)
	return w
}

func (w *witness) requests() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.got...)
}

func TestCheckEndpoint(t *testing.T) {
	for _, tc := range []struct{ in, err string }{
		{"https://management.azure.com", ""},
		{"https://management.azure.com/", ""},
		{"https://127.0.0.1:8443", ""},
		{"http://management.azure.com", "only https"},
		{"HTTP://management.azure.com", "only https"},
		{"ftp://management.azure.com", "only https"},
		{"management.azure.com", "only https"},
		{"https://", "no host"},
		{"https://:443", "no host"},
		{"https://user:pa55word@management.azure.com", "user information"},
		{"https://user@management.azure.com", "user information"},
		{"https://management.azure.com/?x=1", "query"},
		{"https://management.azure.com/?", "query"},
		{"https://management.azure.com/#frag", "fragment"},
		{"https://management.azure.com#", "fragment"},
		{"https:opaque", "want a URL"},
	} {
		_, err := CheckEndpoint(tc.in)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%s: %v", tc.in, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s: err = %v, want %q", tc.in, err, tc.err)
		}
		if err != nil && strings.Contains(err.Error(), "pa55word") {
			t.Errorf("%s: the error shows the password: %v", tc.in, err)
		}
		if _, nerr := New(Options{Endpoint: tc.in, Token: "t"}); (nerr == nil) != (tc.err == "") {
			t.Errorf("New(%s): %v", tc.in, nerr)
		}
	}
}

// TestRedirectsNotFollowed: a redirect to plain http on the same host or
// to another https host is an error; neither receives anything.
func TestRedirectsNotFollowed(t *testing.T) {
	plain := newWitness(t, false)
	other := newWitness(t, true)
	for _, to := range []*witness{plain, other} {
		for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
			a := newTinyARM(t)
			a.answer = func(w http.ResponseWriter, r *http.Request, n int) bool {
				http.Redirect(w, r, to.srv.URL+r.URL.RequestURI(), status)
				return true
			}
			_, err := a.client(t).Observe(context.Background(), Refs(fixture(t, "quickstart")))
			if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("redirect (%d) to %s", status, to.srv.URL)) || !strings.Contains(err.Error(), "never follows redirects") {
				t.Errorf("redirect %d to %s: err = %v", status, to.srv.URL, err)
			}
			if n := len(a.requests()); n != 1 {
				t.Errorf("redirect %d: %d requests to the endpoint, want 1 (a redirect is not retried)", status, n)
			}
		}
		if got := to.requests(); len(got) > 0 {
			t.Errorf("%s received %v", to.srv.URL, got)
		}
	}
}

// TestLinksElsewhereRefused: an operation URL (Azure-AsyncOperation or
// Location) or a nextLink on another host, or on the same host over plain
// http, is refused before anything is sent there.
func TestLinksElsewhereRefused(t *testing.T) {
	other := newWitness(t, true)
	plain := newWitness(t, false)
	ctx := context.Background()
	for _, header := range []string{"Azure-AsyncOperation", "Location"} {
		for _, w := range []*witness{other, plain} {
			a := newTinyARM(t)
			a.answer = func(rw http.ResponseWriter, r *http.Request, n int) bool {
				rw.Header().Set(header, w.srv.URL+"/operations/1?api-version=2026-05-01")
				rw.WriteHeader(http.StatusAccepted)
				return true
			}
			c := a.client(t)
			req, err := runtime.NewRequest(ctx, http.MethodDelete, c.Endpoint()+wsPath+"/computes/gone?api-version=2026-05-01")
			if err != nil {
				t.Fatal(err)
			}
			resp, err := c.Pipeline().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			p, err := runtime.NewPoller[struct{}](resp, c.Pipeline(), nil)
			if err != nil {
				t.Fatal(err)
			}
			_, err = pollToEnd(ctx, c, p)
			if !errors.Is(err, ErrNotEndpoint) || !strings.Contains(err.Error(), "refusing to send GET to "+w.srv.URL) {
				t.Errorf("%s to %s: err = %v", header, w.srv.URL, err)
			}
		}
	}

	a := newTinyARM(t)
	a.answer = func(rw http.ResponseWriter, r *http.Request, n int) bool {
		if strings.HasSuffix(r.URL.Path, "/computes") {
			fmt.Fprintf(rw, `{"value":[],"nextLink":%q}`, other.srv.URL+wsPath+"/computes?$skipToken=2&api-version=2026-05-01")
			return true
		}
		return false
	}
	_, err := a.client(t).Observe(ctx, Refs(fixture(t, "quickstart")))
	if err == nil || !strings.Contains(err.Error(), "refusing to send GET to "+other.srv.URL+", which is not the ARM endpoint") {
		t.Errorf("nextLink elsewhere: err = %v", err)
	}
	for _, w := range []*witness{other, plain} {
		if got := w.requests(); len(got) > 0 {
			t.Errorf("%s received %v", w.srv.URL, got)
		}
	}
}
