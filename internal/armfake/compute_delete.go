package armfake

import (
	"net/http"
	"strings"
)

// deleteCompute is Compute_Delete. underlyingResourceAction is required
// (Delete or Detach) [SW]: 202 with Azure-AsyncOperation and Location, or
// 204 when the compute does not exist. The compute is Deleting until its
// operation succeeds, then gone; a detached one is remembered (see
// newCompute).
func (s *Server) deleteCompute(w http.ResponseWriter, r *http.Request, p params, _ []byte) {
	action, ok := oneOf(r.URL.Query().Get("underlyingResourceAction"), "Delete", "Detach")
	if !ok {
		writeError(w, badRequest("The query parameter 'underlyingResourceAction' is required: Delete deletes the underlying compute, Detach detaches it from the workspace."))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ws, rec, err := s.lookupCompute(p)
	if err != nil {
		writeError(w, err)
		return
	}
	if rec == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if rec.busy() {
		writeError(w, busy(rec.c))
		return
	}
	if err := s.st.checkLock(ws.Subscription, ws.ResourceGroup, rec.c.ID, true); err != nil {
		writeError(w, err)
		return
	}
	k := key(ws.Subscription, ws.ResourceGroup, ws.Name, p["name"])
	rec.c.ProvisioningState = StateDeleting
	rec.op = s.startComputeOp(r, rec.c, true, func() *armError {
		if s.st.computes[k] == rec {
			delete(s.st.computes, k)
		}
		if strings.EqualFold(action, "Detach") {
			s.st.detached[k] = rec.c.clone()
		}
		return nil
	}, s.failCompute(rec, nil))
	s.setLROHeaders(w, rec.op)
	w.WriteHeader(http.StatusAccepted)
}
