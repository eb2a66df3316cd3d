package armfake

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault is a failure to inject into the requests it matches: those with
// its Method (any when "") whose path contains PathContains (ignoring
// case; any when "").
//
// A fault with FailOperation matches only requests that start a
// long-running operation, and only makes that operation end Failed (with
// Code and Message). Any other fault delays the request by Latency and
// then either answers instead of handling the request — Reset drops the
// connection without an answer; Redirect, Raw and Echo answer as they
// say; Status alone answers with that status and an ARM error — or
// handles it and then tampers with the answer (LinkBase,
// RetryAfterValue, LoseAnswer). A fault with none of these only delays it.
//
// The tampering faults play a misbehaving or hostile endpoint, for the
// tests of what amlc sends where, what it prints, and how it reads odd
// answers (tamper.go).
type Fault struct {
	Method       string
	PathContains string

	Status     int           // e.g. 429, 500, 503
	Code       string        // the error's code; default from Status (TooManyRequests, InternalServerError, …)
	Message    string        // the error's message; default a generic one
	RetryAfter time.Duration // with Status: Retry-After (whole seconds, rounded up) and retry-after-ms headers
	Reset      bool          // close the connection abruptly (TCP RST), no answer
	Latency    time.Duration // delay before answering

	// Redirect answers with a redirect (Status, default 307 Temporary
	// Redirect) to this base URL followed by the request's path and
	// query: http://127.0.0.1:PORT for plain http on the same host, a
	// Witness's URL for another host.
	Redirect string
	// Raw answers with Status (default 200) and Body exactly as given —
	// an empty body, {}, {"value": null}, any JSON or none.
	Raw  bool
	Body string
	// Echo answers with Status (default 400) and an ARM error whose
	// message echoes the request's Authorization header and body, as
	// they are and encoded (a JSON string, URL-encoded, base64, hex,
	// HTML), as a careless or hostile server might.
	Echo bool

	// LinkBase handles the request, then points the links of its answer
	// (the Azure-AsyncOperation and Location headers and a nextLink) at
	// this base URL instead of the server's own.
	LinkBase string
	// RetryAfterValue handles the request, then sets the Retry-After
	// header of its answer to this value as it is ("100000", an HTTP date
	// in 2099), without retry-after-ms.
	RetryAfterValue string
	// LoseAnswer handles the request — its change is made — and then drops the
	// connection: the answer is lost.
	LoseAnswer bool

	FailOperation bool // the operation the request starts ends Failed

	Times int // how many matching requests it affects; 0 for every one
}

// answers reports whether the fault answers instead of handling the
// request.
func (f *Fault) answers() bool {
	return f.Reset || f.Status != 0 || f.Redirect != "" || f.Raw || f.Echo
}

// tampers reports whether the fault changes the answer of a handled
// request.
func (f *Fault) tampers() bool {
	return f.LinkBase != "" || f.RetryAfterValue != "" || f.LoseAnswer
}

// faultRec is an injected fault and how many more requests it affects.
type faultRec struct {
	f    Fault
	left int // -1: unlimited
}

// Inject adds a fault. Faults apply in the order they were added.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	left := f.Times
	if left <= 0 {
		left = -1
	}
	s.faults = append(s.faults, &faultRec{f: f, left: left})
}

// ClearFaults removes every injected fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

func (fr *faultRec) matches(r *http.Request) bool {
	f := fr.f
	return fr.left != 0 &&
		(f.Method == "" || strings.EqualFold(f.Method, r.Method)) &&
		strings.Contains(strings.ToLower(r.URL.Path), strings.ToLower(f.PathContains))
}

// use counts one request a fault affected.
func (fr *faultRec) use() {
	if fr.left > 0 {
		fr.left--
	}
}

// takeFaults returns the delay the faults matching r add, the first of
// them that answers instead of handling r, if any, and the ones that
// tamper with the answer of r once handled.
func (s *Server) takeFaults(r *http.Request) (time.Duration, *Fault, []Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var delay time.Duration
	var answer *Fault
	var tamper []Fault
	for _, fr := range s.faults {
		if fr.f.FailOperation || !fr.matches(r) {
			continue
		}
		answers := fr.f.answers()
		if answers && answer != nil {
			continue // one answer per request; this fault waits for the next
		}
		fr.use()
		delay += fr.f.Latency
		switch {
		case answers:
			f := fr.f
			answer = &f
		case fr.f.tampers():
			tamper = append(tamper, fr.f)
		}
	}
	if answer != nil {
		tamper = nil
	}
	return delay, answer, tamper
}

// takeOperationFault returns the error of a FailOperation fault matching
// r, which starts an operation. The caller holds s.mu.
func (s *Server) takeOperationFault(r *http.Request) *armError {
	for _, fr := range s.faults {
		if fr.f.FailOperation && fr.matches(r) {
			fr.use()
			return &armError{
				status:  http.StatusInternalServerError,
				Code:    orDefault(fr.f.Code, "InternalServerError"),
				Message: orDefault(fr.f.Message, "The operation failed (a fault injected into the fake)."),
			}
		}
	}
	return nil
}

// answerFault answers r (whose body is body) as f says.
func answerFault(w http.ResponseWriter, r *http.Request, body []byte, f *Fault) {
	switch {
	case f.Reset:
		resetConn(w)
		return
	case f.Redirect != "":
		answerRedirect(w, r, f)
		return
	case f.Raw:
		answerRaw(w, f)
		return
	case f.Echo:
		answerEcho(w, r, body, f)
		return
	}
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((f.RetryAfter+time.Second-1)/time.Second)))
		w.Header().Set("retry-after-ms", strconv.FormatInt((f.RetryAfter+time.Millisecond-1).Milliseconds(), 10))
	}
	writeError(w, &armError{status: f.Status, Code: orDefault(f.Code, faultCode(f.Status)), Message: orDefault(f.Message, faultMessage(f.Status))})
}

func faultCode(status int) string {
	switch status {
	case http.StatusTooManyRequests:
		return "TooManyRequests"
	case http.StatusInternalServerError:
		return "InternalServerError"
	case http.StatusServiceUnavailable:
		return "ServiceUnavailable"
	case http.StatusGatewayTimeout:
		return "GatewayTimeout"
	}
	return strings.ReplaceAll(http.StatusText(status), " ", "")
}

func faultMessage(status int) string {
	if status == http.StatusTooManyRequests {
		return "The request is being throttled as the limit has been reached for operation type. Please retry after the time in the Retry-After header."
	}
	return "The fake failed the request as a fault injected into it said."
}

// resetConn drops the connection under w with a TCP RST.
func resetConn(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if nc, ok := conn.(interface{ NetConn() net.Conn }); ok {
		conn = nc.NetConn()
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		tcp.SetLinger(0)
	}
	conn.Close()
}

// sleep waits d, or until ctx is done; it reports whether it waited d.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
