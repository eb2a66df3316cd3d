package armfake

import (
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
)

// Witness is a second host beside a fake server: it records whatever
// reaches it, so that a test can show that nothing — no token, no body —
// was sent there. Its TLS listener presents the fake's own certificate,
// which a client of the fake trusts: a request sent there would succeed,
// so only the client's own checks keep it away. It answers every request
// like a successful ARM call would ({"status": "Succeeded", "value": []}).
type Witness struct {
	hs *httptest.Server

	mu  sync.Mutex
	got []WitnessedRequest
}

// WitnessedRequest is a request that reached a Witness.
type WitnessedRequest struct {
	Method, Path string
	// Token says whether it carried an Authorization header.
	Token bool
	// BodyBytes is the size of its body (the body itself is not kept: it
	// may hold a secret).
	BodyBytes int
}

// StartWitness starts a witness on another port of 127.0.0.1: over TLS
// with the fake's certificate, or, with plain, over plain http (the
// target of a redirect to http on the same host).
func (s *Server) StartWitness(plain bool) (*Witness, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	wt := &Witness{}
	wt.hs = httptest.NewUnstartedServer(http.HandlerFunc(wt.serve))
	wt.hs.Listener.Close()
	wt.hs.Listener = ln
	if plain {
		wt.hs.Start()
		return wt, nil
	}
	wt.hs.TLS = &tls.Config{Certificates: s.hs.TLS.Certificates, MinVersion: tls.VersionTLS12}
	wt.hs.StartTLS()
	return wt, nil
}

func (wt *Witness) serve(w http.ResponseWriter, r *http.Request) {
	n, _ := io.Copy(io.Discard, io.LimitReader(r.Body, maxBody))
	wt.mu.Lock()
	wt.got = append(wt.got, WitnessedRequest{Method: r.Method, Path: r.URL.Path, Token: strings.TrimSpace(r.Header.Get("Authorization")) != "", BodyBytes: int(n)})
	wt.mu.Unlock()
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	io.WriteString(w, `{"status":"Succeeded","value":[]}`)
}

// URL is the witness's base URL (https:// or http://127.0.0.1:PORT).
func (wt *Witness) URL() string { return wt.hs.URL }

// Requests returns what reached the witness, in order.
func (wt *Witness) Requests() []WitnessedRequest {
	wt.mu.Lock()
	defer wt.mu.Unlock()
	return slices.Clone(wt.got)
}

// Close stops the witness.
func (wt *Witness) Close() { wt.hs.Close() }
