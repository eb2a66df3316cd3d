package armfake

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// lookupCompute finds the workspace and the compute of a request; rec is
// nil when the workspace exists but the compute does not.
func (s *Server) lookupCompute(p params) (*Workspace, *computeRec, *armError) {
	ws, err := s.st.workspace(p["sub"], p["rg"], p["ws"])
	if err != nil {
		return nil, nil, err
	}
	return ws, s.st.computes[key(p["sub"], p["rg"], p["ws"], p["name"])], nil
}

// existingCompute is lookupCompute for a compute that must exist: a
// missing one is ARM's 404.
func (s *Server) existingCompute(p params) (*computeRec, *armError) {
	ws, rec, err := s.lookupCompute(p)
	if err == nil && rec == nil {
		err = computeNotFound(ws, p["name"])
	}
	return rec, err
}

func computeNotFound(ws *Workspace, name string) *armError {
	return notFound("Microsoft.MachineLearningServices/workspaces/"+ws.Name+"/computes/"+name, ws.ResourceGroup)
}

// getCompute is Compute_Get. A read of the compute counts as a poll of
// the operation running on it: an operation goes on in Azure whether or
// not the client that started it still polls it (say it was interrupted,
// or its answer was lost).
func (s *Server) getCompute(w http.ResponseWriter, r *http.Request, p params, _ []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, rec, err := s.lookupCompute(p); err == nil && rec != nil && rec.op != nil {
		s.advance(rec.op)
	}
	rec, err := s.existingCompute(p)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, s.computeView(rec.c))
}

// getWorkspace answers a workspace GET with its envelope only.
func (s *Server) getWorkspace(w http.ResponseWriter, r *http.Request, p params, _ []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ws, err := s.st.workspace(p["sub"], p["rg"], p["ws"])
	if err != nil {
		writeError(w, err)
		return
	}
	props := map[string]any{
		"provisioningState": StateSucceeded,
	}
	if ws.IsolationMode != "" {
		// ManagedNetworkSettings [SW]: the mode, and its provisioning
		// status once the network exists.
		mn := map[string]any{"isolationMode": ws.IsolationMode}
		if !strings.EqualFold(ws.IsolationMode, "Disabled") {
			mn["status"] = map[string]any{"status": "Active", "sparkReady": false}
		}
		props["managedNetwork"] = mn
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"id":         "/subscriptions/" + ws.Subscription + "/resourceGroups/" + ws.ResourceGroup + "/providers/Microsoft.MachineLearningServices/workspaces/" + ws.Name,
		"name":       ws.Name,
		"type":       "Microsoft.MachineLearningServices/workspaces",
		"location":   ws.Location,
		"properties": props,
	})
}

// listComputes is Compute_List: pages of Options.PageSize computes in
// name order. nextLink is an absolute URL whose $skip is an opaque token.
func (s *Server) listComputes(w http.ResponseWriter, r *http.Request, p params, _ []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ws, err := s.st.workspace(p["sub"], p["rg"], p["ws"])
	if err != nil {
		writeError(w, err)
		return
	}
	offset := 0
	if tok := r.URL.Query().Get("$skip"); tok != "" {
		if offset, err = decodeSkip(tok); err != nil {
			writeError(w, err)
			return
		}
	}
	var all []*Compute
	prefix := key(ws.Subscription, ws.ResourceGroup, ws.Name) + "/"
	for k, rec := range s.st.computes {
		if strings.HasPrefix(k, prefix) {
			all = append(all, rec.c)
		}
	}
	slices.SortFunc(all, func(a, b *Compute) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	page := struct {
		Value    []computeJSON `json:"value"`
		NextLink string        `json:"nextLink,omitempty"`
	}{Value: []computeJSON{}}
	end := min(offset+s.opts.PageSize, len(all))
	for _, c := range all[min(offset, len(all)):end] {
		page.Value = append(page.Value, s.computeView(c))
	}
	if end < len(all) {
		q := url.Values{}
		q.Set("api-version", r.URL.Query().Get("api-version"))
		q.Set("$skip", encodeSkip(end))
		page.NextLink = s.URL() + r.URL.EscapedPath() + "?" + q.Encode()
	}
	writeJSON(w, http.StatusOK, page)
}

const skipPrefix = "armfake-offset:"

func encodeSkip(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(skipPrefix + strconv.Itoa(offset)))
}

func decodeSkip(tok string) (int, *armError) {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	n, ok := strings.CutPrefix(string(raw), skipPrefix)
	off, aerr := strconv.Atoi(n)
	if err != nil || !ok || aerr != nil || off < 0 {
		return 0, badRequest("The $skip token '%s' is invalid: use the nextLink of the previous page as it is.", tok)
	}
	return off, nil
}
