package armfake

import (
	"net/http"
	"strings"
)

// ControlPrefix is the path prefix of the control API (Options.Control).
// No ARM path starts with it: ARM's begin with /subscriptions, /providers
// or /tenants.
const ControlPrefix = "/_armfake/"

// Stats count the ARM requests the server received since it started or
// was Reset. Requests of the control API are not counted.
type Stats struct {
	// Requests is how many requests arrived (those Requests logs).
	Requests int `json:"requests"`
	// InFlight is how many are being handled now.
	InFlight int `json:"inFlight"`
	// MaxInFlight is the most that were being handled at once.
	MaxInFlight int `json:"maxInFlight"`
}

// Stats returns the request counts.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	n := len(s.log)
	s.mu.Unlock()
	return Stats{Requests: n, InFlight: int(s.inFlight.Load()), MaxInFlight: s.MaxInFlight()}
}

// isControl reports whether r is a request of the control API.
func (s *Server) isControl(r *http.Request) bool {
	return s.opts.Control && strings.HasPrefix(r.URL.Path, ControlPrefix)
}

// serveControl answers a request of the control API: GET stats and POST
// reset. It needs no token: the server listens on loopback only and the
// API reveals no secret.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	var method string
	switch strings.TrimPrefix(r.URL.Path, ControlPrefix) {
	case "stats":
		method = "GET"
	case "reset":
		method = "POST"
	default:
		writeError(w, errorf(http.StatusNotFound, codeNotFound, "The fake's control API has no '%s'; it has GET %sstats and POST %sreset.", r.URL.Path, ControlPrefix, ControlPrefix))
		return
	}
	if r.Method != method {
		w.Header().Set("Allow", method)
		writeError(w, errorf(http.StatusMethodNotAllowed, codeMethodNotAllowed, "The requested resource does not support http method '%s'.", r.Method))
		return
	}
	if method == "GET" {
		writeJSON(w, http.StatusOK, s.Stats())
		return
	}
	s.Reset()
	w.WriteHeader(http.StatusNoContent)
}
