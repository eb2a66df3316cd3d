package armfake

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
)

// LoggedRequest is a request the fake received. Body never holds a
// secret value (see Redacted).
type LoggedRequest struct {
	Method string
	Path   string     // unescaped
	Query  url.Values // parsed query
	Body   []byte     // JSON, secret values replaced by Redacted; nil when empty
	Status int        // the answer's status; 0 when there was none (reset, or the client left)
}

// logRequest appends r to the log and returns its place: the log's
// generation (Reset starts a new one) and index.
func (s *Server) logRequest(r *http.Request, body []byte) (gen, i int) {
	lr := LoggedRequest{
		Method: r.Method,
		Path:   r.URL.Path,
		Query:  r.URL.Query(),
		Body:   redactBody(r.URL.Path, body),
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = append(s.log, lr)
	return s.logGen, len(s.log) - 1
}

// logStatus records the status of the answer to request i.
func (s *Server) logStatus(gen, i, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if gen == s.logGen && i < len(s.log) {
		s.log[i].Status = status
	}
}

// Requests returns a copy of the log, in the order the requests arrived.
func (s *Server) Requests() []LoggedRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.log)
	for i := range out {
		out[i].Query = cloneValues(out[i].Query)
		out[i].Body = bytes.Clone(out[i].Body)
	}
	return out
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// statusWriter remembers the status of an answer.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}
