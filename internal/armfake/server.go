package armfake

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultTenantID is the tenant of system-assigned identities unless
// Options.TenantID says otherwise.
const DefaultTenantID = "8a1e4b2c-5d6f-4a7b-9c0d-1e2f3a4b5c6d"

// maxBody is the largest request body the fake reads (ARM's limit for a
// deployment request is 4 MB).
const maxBody = 4 << 20

// Server is a fake ARM endpoint over TLS on a loopback address.
type Server struct {
	opts    Options
	hs      *httptest.Server
	certPEM []byte
	cat     *catalogData
	now     func() time.Time

	mu     sync.Mutex // guards what follows
	st     *state
	faults []*faultRec
	log    []LoggedRequest
	logGen int

	inFlight    atomic.Int64
	maxInFlight atomic.Int64
}

// New starts a server; it panics when Start fails, like httptest.NewServer.
func New(opts Options) *Server {
	s, err := Start(opts)
	if err != nil {
		panic("armfake: " + err.Error())
	}
	return s
}

// Start starts a server: it loads the catalog, seeds the state and
// listens with a fresh self-signed certificate.
func Start(opts Options) (*Server, error) {
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	if err := checkLoopback(opts.Addr); err != nil {
		return nil, err
	}
	if opts.TenantID == "" {
		opts.TenantID = DefaultTenantID
	}
	if opts.PageSize <= 0 {
		opts.PageSize = 2
	}
	switch {
	case opts.Polls == 0:
		opts.Polls = 1
	case opts.Polls < 0:
		opts.Polls = 0
	}
	opts.Workspaces = slices.Clone(opts.Workspaces)
	opts.Computes = slices.Clone(opts.Computes)
	opts.Locks = slices.Clone(opts.Locks)
	opts.Usages = slices.Clone(opts.Usages)
	cat, err := loadCatalog(opts.CatalogDir)
	if err != nil {
		return nil, fmt.Errorf("loading the catalog: %w", err)
	}
	s := &Server{opts: opts, cat: cat, now: time.Now}
	if err := s.reset(); err != nil {
		return nil, err
	}
	cert, certPEM, err := newCert()
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return nil, err
	}
	s.certPEM = certPEM
	s.hs = httptest.NewUnstartedServer(s)
	s.hs.Listener.Close()
	s.hs.Listener = ln
	s.hs.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	s.hs.StartTLS()
	return s, nil
}

// checkLoopback refuses addresses other than loopback ones.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %v", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("address %q: the fake listens on loopback addresses only", addr)
	}
	return nil
}

// URL is the server's base URL, https://127.0.0.1:PORT.
func (s *Server) URL() string { return s.hs.URL }

// CertPEM is the PEM of the server's self-signed certificate, which is
// its own CA: a client trusts the server by trusting it (SSL_CERT_FILE).
func (s *Server) CertPEM() []byte { return slices.Clone(s.certPEM) }

// Client returns an HTTP client that trusts the server.
func (s *Server) Client() *http.Client { return s.hs.Client() }

// Close shuts the server down.
func (s *Server) Close() { s.hs.Close() }

// MaxInFlight is the largest number of requests the server was handling
// at once since it started or was Reset.
func (s *Server) MaxInFlight() int { return int(s.maxInFlight.Load()) }

// Reset brings the server back to its options: the seeded state, no
// faults, an empty log and no in-flight maximum (Stats counts from zero).
func (s *Server) Reset() {
	if err := s.reset(); err != nil {
		panic("armfake: " + err.Error()) // unreachable: Start seeded the same computes
	}
}

func (s *Server) reset() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = newState(&s.opts)
	s.faults, s.log = nil, nil
	s.logGen++
	s.maxInFlight.Store(0)
	for _, sc := range s.opts.Computes {
		if err := s.seed(sc); err != nil {
			return fmt.Errorf("seeding compute %s/%s: %v", sc.Workspace, sc.Name, err)
		}
	}
	return nil
}

// seed creates a seeded compute, Succeeded.
func (s *Server) seed(sc SeedCompute) error {
	ws, aerr := s.st.workspace(sc.Subscription, sc.ResourceGroup, sc.Workspace)
	if aerr != nil {
		return aerr
	}
	data, err := rawJSON(sc.Body)
	if err != nil {
		return err
	}
	var b computeBody
	if aerr := decodeJSON(data, &b); aerr != nil {
		return aerr
	}
	build := s.newCompute
	if sc.LegacyName {
		build = s.buildCompute
	}
	c, aerr := build(ws, sc.Name, &b, s.now())
	if aerr != nil {
		return aerr
	}
	c.ProvisioningState = StateSucceeded
	s.st.computes[key(ws.Subscription, ws.ResourceGroup, ws.Name, sc.Name)] = &computeRec{c: c}
	return nil
}

// Compute returns a copy of a compute the fake holds, secrets included.
func (s *Server) Compute(subscription, resourceGroup, workspace, name string) (Compute, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.st.computes[key(subscription, resourceGroup, workspace, name)]
	if rec == nil {
		return Compute{}, false
	}
	return *rec.c.clone(), true
}

// Computes returns copies of every compute the fake holds, by ID.
func (s *Server) Computes() []Compute {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Compute
	for _, rec := range s.st.computes {
		out = append(out, *rec.c.clone())
	}
	slices.SortFunc(out, func(a, b Compute) int { return strings.Compare(strings.ToLower(a.ID), strings.ToLower(b.ID)) })
	return out
}

// ServeHTTP answers a request: it is logged, delayed, perhaps failed by a
// fault, authenticated and routed. A request of the control API (see
// Options.Control) is answered at once, and none of this applies to it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.isControl(r) {
		s.serveControl(w, r)
		return
	}
	n := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for m := s.maxInFlight.Load(); n > m && !s.maxInFlight.CompareAndSwap(m, n); m = s.maxInFlight.Load() {
	}
	body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	gen, i := s.logRequest(r, body)
	sw := &statusWriter{ResponseWriter: w}
	defer func() { s.logStatus(gen, i, sw.status) }()

	delay, fault, tamper := s.takeFaults(r)
	if !sleep(r.Context(), s.opts.Latency+delay) {
		return
	}
	if fault != nil && fault.Reset {
		resetConn(w)
		return
	}
	s.setRequestIDs(sw, r)
	if fault != nil {
		answerFault(sw, r, body, fault)
		return
	}
	if len(tamper) > 0 {
		// Handle the request into a recording, tamper with it, and pass
		// it on (or lose it).
		rec := newRecording()
		s.handle(rec, r, body, readErr)
		s.tamper(w, sw, rec, tamper)
		return
	}
	s.handle(sw, r, body, readErr)
}

// handle authenticates, routes and answers a request.
func (s *Server) handle(sw http.ResponseWriter, r *http.Request, body []byte, readErr error) {
	if err := s.authenticate(sw, r); err != nil {
		writeError(sw, err)
		return
	}
	segs, ok := pathSegments(r)
	var methods map[string]handlerFunc
	var p params
	if ok {
		methods, p = match(segs)
	}
	if methods == nil {
		writeError(sw, errorf(http.StatusNotFound, codeNotFound, "The fake ARM server has no API at '%s %s'.", r.Method, r.URL.Path))
		return
	}
	h := methods[r.Method]
	if h == nil {
		sw.Header().Set("Allow", strings.Join(slices.Sorted(maps.Keys(methods)), ", "))
		writeError(sw, errorf(http.StatusMethodNotAllowed, codeMethodNotAllowed, "The requested resource does not support http method '%s'.", r.Method))
		return
	}
	if err := checkAPIVersion(r); err != nil {
		writeError(sw, err)
		return
	}
	var tooLarge *http.MaxBytesError
	if errors.As(readErr, &tooLarge) {
		writeError(sw, errorf(http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", "The request content is larger than %d bytes.", maxBody))
		return
	}
	if readErr != nil {
		writeError(sw, invalidContent("the body could not be read"))
		return
	}
	h(s, sw, r, p, body)
}

// setRequestIDs sets the request ID headers ARM answers with.
func (s *Server) setRequestIDs(w http.ResponseWriter, r *http.Request) {
	id := newOpID()
	w.Header().Set("x-ms-request-id", id)
	w.Header().Set("x-ms-correlation-request-id", orDefault(r.Header.Get("x-ms-correlation-request-id"), id))
	if c := r.Header.Get("x-ms-client-request-id"); c != "" {
		w.Header().Set("x-ms-client-request-id", c)
	}
}

// authenticate requires a bearer token (Options.Token, when set).
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) *armError {
	h := r.Header.Get("Authorization")
	if h == "" {
		w.Header().Set("WWW-Authenticate", `Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The authentication failed because of missing 'Authorization' header."`)
		return errorf(http.StatusUnauthorized, codeAuthenticationFailed, "Authentication failed. The 'Authorization' header is missing.")
	}
	scheme, token, _ := strings.Cut(h, " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" || s.opts.Token != "" && token != s.opts.Token {
		w.Header().Set("WWW-Authenticate", `Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The access token is invalid."`)
		return errorf(http.StatusUnauthorized, codeInvalidToken, "The access token is invalid.")
	}
	return nil
}

var apiVersion = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(-preview|-beta|-alpha|-privatepreview)?$`)

// checkAPIVersion requires a well-formed api-version.
func checkAPIVersion(r *http.Request) *armError {
	v := r.URL.Query().Get("api-version")
	switch {
	case v == "":
		return errorf(http.StatusBadRequest, codeMissingAPIVersion, "The api-version query parameter (?api-version=) is required for all requests.")
	case !apiVersion.MatchString(v):
		return errorf(http.StatusBadRequest, codeInvalidAPIVersion, "The api-version '%s' is invalid. The supported versions are dates such as '2026-05-01', optionally with '-preview'.", v)
	}
	return nil
}
