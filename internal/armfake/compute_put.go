package armfake

import (
	"net/http"
)

// putCompute is Compute_CreateOrUpdate: 201 and an operation for a new
// compute, 200 and an operation for an existing one (see
// overwriteCompute for what an overwrite changes).
func (s *Server) putCompute(w http.ResponseWriter, r *http.Request, p params, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ws, rec, err := s.lookupCompute(p)
	if err != nil {
		writeError(w, err)
		return
	}
	var b computeBody
	if err := decodeJSON(body, &b); err != nil {
		writeError(w, err)
		return
	}
	if rec != nil && rec.busy() {
		writeError(w, busy(rec.c))
		return
	}
	if err := s.st.checkLock(ws.Subscription, ws.ResourceGroup, computeID(ws, p["name"]), false); err != nil {
		writeError(w, err)
		return
	}
	now := s.now()
	if rec == nil {
		c, err := s.newCompute(ws, p["name"], &b, now)
		if err != nil {
			writeError(w, err)
			return
		}
		rec = &computeRec{c: c}
		s.st.computes[key(c.Subscription, c.ResourceGroup, c.Workspace, c.Name)] = rec
		delete(s.st.detached, key(c.Subscription, c.ResourceGroup, c.Workspace, c.Name))
		rec.op = s.startComputeOp(r, c, false, s.succeed(rec), s.failCompute(rec, nil))
		s.setLROHeaders(w, rec.op)
		writeJSON(w, http.StatusCreated, s.acceptedView(c))
		return
	}
	c, err := s.overwriteCompute(rec.c, &b, now)
	if err != nil {
		writeError(w, err)
		return
	}
	prev := rec.c
	c.ProvisioningState = StateUpdating
	rec.c = c
	rec.op = s.startComputeOp(r, c, false, s.succeed(rec), s.failCompute(rec, prev))
	s.setLROHeaders(w, rec.op)
	writeJSON(w, http.StatusOK, s.computeView(c))
}

// busy is the 409 for a write to a compute whose operation still runs.
func busy(c *Compute) *armError {
	return errorf(http.StatusConflict, codeConflict,
		"The compute '%s' is in a transitional state (%s); wait for its operation to finish and try again.", c.Name, c.ProvisioningState)
}

// succeed completes an operation on rec: the compute is Succeeded.
func (s *Server) succeed(rec *computeRec) func() *armError {
	return func() *armError {
		rec.c.ProvisioningState = StateSucceeded
		rec.c.ModifiedOn = s.now()
		return nil
	}
}

// failCompute ends an operation on rec Failed: the settings go back to
// prev (none for a create or a delete) and the compute is Failed with the
// error in its provisioningErrors.
func (s *Server) failCompute(rec *computeRec, prev *Compute) func(*armError) {
	return func(e *armError) {
		if prev != nil {
			rec.c = prev.clone()
		}
		rec.c.ProvisioningState = StateFailed
		rec.c.ModifiedOn = s.now()
		rec.c.errors = []*armError{e}
	}
}
