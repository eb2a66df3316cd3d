package armfake

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// patchBody is what Compute_Update accepts: ClusterUpdateParameters,
// properties.properties.scaleSettings and nothing else, in every stable
// version up to 2026-09-01 [SPEC-2605].
type patchBody struct {
	Properties *struct {
		Properties *struct {
			ScaleSettings *scaleBody `json:"scaleSettings"`
		} `json:"properties"`
	} `json:"properties"`
}

// patchMembers are the members a PATCH may have, by path. Azure's
// treatment of others is undocumented; the fake rejects them, so that a
// client cannot come to rely on a change that is not applied (identity
// and tags go through a full PUT of the compute).
var patchMembers = map[string][]string{
	"":                      {"properties"},
	"properties":            {"properties"},
	"properties.properties": {"scaleSettings"},
}

// checkPatchMembers reports a member patchMembers does not allow.
func checkPatchMembers(body []byte) *armError {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil {
		return nil // decodeJSON reports it
	}
	return walkMembers("", top)
}

func walkMembers(path string, obj map[string]json.RawMessage) *armError {
	for name, raw := range obj {
		if !slices.ContainsFunc(patchMembers[path], func(a string) bool { return strings.EqualFold(a, name) }) {
			return badRequest("Compute_Update cannot change '%s': a PATCH takes properties.properties.scaleSettings only (ClusterUpdateParameters); change the identity or the tags with a PUT of the whole compute.",
				strings.TrimPrefix(path+"."+name, "."))
		}
		var inner map[string]json.RawMessage
		if strings.EqualFold(name, "properties") && json.Unmarshal(raw, &inner) == nil {
			if err := walkMembers(strings.TrimPrefix(path+".properties", "."), inner); err != nil {
				return err
			}
		}
	}
	return nil
}

// patchCompute is Compute_Update. A scale change answers 200 with an
// Azure-AsyncOperation and a Location, as 2026-05-01 declares
// (final-state-via location) [SPEC-2605]; a PATCH that changes nothing
// answers without one, as "Patch API will not return
// Azure-AsyncOperation if nothing has changed" [PY1].
func (s *Server) patchCompute(w http.ResponseWriter, r *http.Request, p params, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ws, rec, err := s.lookupCompute(p)
	if err == nil && rec == nil {
		err = computeNotFound(ws, p["name"])
	}
	if err != nil {
		writeError(w, err)
		return
	}
	var b patchBody
	if err := decodeJSON(body, &b); err != nil {
		writeError(w, err)
		return
	}
	if err := checkPatchMembers(body); err != nil {
		writeError(w, err)
		return
	}
	var scale *scaleBody
	if b.Properties != nil && b.Properties.Properties != nil {
		scale = b.Properties.Properties.ScaleSettings
	}
	if scale == nil {
		writeError(w, badRequest("properties.properties.scaleSettings is required."))
		return
	}
	if rec.busy() {
		writeError(w, busy(rec.c))
		return
	}
	if err := s.st.checkLock(ws.Subscription, ws.ResourceGroup, rec.c.ID, false); err != nil {
		writeError(w, err)
		return
	}
	c := rec.c.clone()
	minN, maxN, idle, perr := parseScale(scale, c)
	if perr != nil {
		writeError(w, perr)
		return
	}
	changed := minN != c.MinNodes || maxN != c.MaxNodes || idle != c.IdleTimeBeforeScaleDown
	c.MinNodes, c.MaxNodes, c.IdleTimeBeforeScaleDown = minN, maxN, idle
	c.ModifiedOn = s.now()
	if !changed {
		rec.c = c
		writeJSON(w, http.StatusOK, s.computeView(c))
		return
	}
	prev := rec.c
	c.ProvisioningState = StateUpdating
	c.errors = nil
	rec.c = c
	rec.op = s.startComputeOp(r, c, true, s.succeed(rec), s.failCompute(rec, prev))
	// Compute_Update's final state is the compute, at its Location.
	rec.op.view = func() any { return s.computeView(rec.c) }
	s.setLROHeaders(w, rec.op)
	writeJSON(w, http.StatusOK, s.acceptedView(c))
}
