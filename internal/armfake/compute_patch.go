package armfake

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// patchBody is what Compute_Update accepts: ClusterUpdateParameters
// (properties.properties.scaleSettings) [SW], or the identity update of
// azureml-core's add_identity and remove_identity, {location,
// properties: {}, identity} [PY1].
type patchBody struct {
	Location   *string       `json:"location"`
	Identity   *identityBody `json:"identity"`
	Properties *struct {
		ComputeType string `json:"computeType"`
		Properties  *struct {
			ScaleSettings *scaleBody `json:"scaleSettings"`
		} `json:"properties"`
	} `json:"properties"`
}

// patchMembers are the members a PATCH may have, by path. Azure's
// treatment of others is undocumented; the fake rejects them, so that a
// client cannot come to rely on a change that is not applied.
var patchMembers = map[string][]string{
	"":                      {"location", "identity", "properties"},
	"properties":            {"computeType", "properties"},
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
			return badRequest("Compute_Update cannot change '%s': a PATCH takes properties.properties.scaleSettings, or an identity with its location.",
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
// Azure-AsyncOperation; a scale PATCH that changes nothing answers without
// one, as "Patch API will not return Azure-AsyncOperation if nothing has
// changed" [PY1]; an identity update is applied at once.
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
	if b.Properties != nil && b.Properties.ComputeType != "" && !strings.EqualFold(b.Properties.ComputeType, amlCompute) {
		writeError(w, badRequest("properties.computeType '%s' does not match the compute's type AmlCompute.", b.Properties.ComputeType))
		return
	}
	var scale *scaleBody
	if b.Properties != nil && b.Properties.Properties != nil {
		scale = b.Properties.Properties.ScaleSettings
	}
	if scale == nil && b.Identity == nil {
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
	if b.Identity != nil {
		id, err := parseIdentity(b.Identity, c.Identity)
		if err != nil {
			writeError(w, err)
			return
		}
		c.Identity = id
	}
	changed := false
	if scale != nil {
		minN, maxN, idle, err := parseScale(scale, c)
		if err != nil {
			writeError(w, err)
			return
		}
		changed = minN != c.MinNodes || maxN != c.MaxNodes || idle != c.IdleTimeBeforeScaleDown
		c.MinNodes, c.MaxNodes, c.IdleTimeBeforeScaleDown = minN, maxN, idle
	}
	c.ModifiedOn = s.now()
	if !changed {
		rec.c = c
		writeJSON(w, http.StatusOK, s.computeView(c))
		return
	}
	prev := rec.c
	if b.Identity != nil {
		// The identity is applied at once; a failed resize keeps it.
		prev = prev.clone()
		prev.Identity = c.Identity
	}
	c.ProvisioningState = StateUpdating
	c.errors = nil
	rec.c = c
	rec.op = s.startComputeOp(r, c, false, s.succeed(rec), s.failCompute(rec, prev))
	s.setLROHeaders(w, rec.op)
	writeJSON(w, http.StatusOK, s.acceptedView(c))
}
