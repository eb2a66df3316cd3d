package armfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// deployment is a resource group deployment.
type deployment struct {
	id, name, sub, rg string
	mode              string
	templateHash      string
	params            []paramValue // in name order; secure values are kept only here
	state             string       // Accepted, Running, Succeeded, Failed
	start, end        time.Time
	correlationID     string
	outputs           map[string]outputJSON
	outputResources   []resourceIDJSON
	err               *armError
	op                *operation
}

type outputJSON struct {
	Type  string `json:"type"`
	Value any    `json:"value"`
}

type paramJSON struct {
	Type  string `json:"type"`
	Value any    `json:"value,omitempty"`
}

// deploymentJSON is a DeploymentExtended. Secure parameters show their
// type only, as ARM shows them.
type deploymentJSON struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Type       string `json:"type"`
	Properties struct {
		TemplateHash      string                `json:"templateHash"`
		Parameters        map[string]paramJSON  `json:"parameters,omitempty"`
		Mode              string                `json:"mode"`
		ProvisioningState string                `json:"provisioningState"`
		Timestamp         string                `json:"timestamp"`
		Duration          string                `json:"duration"`
		CorrelationID     string                `json:"correlationId"`
		Outputs           map[string]outputJSON `json:"outputs,omitempty"`
		OutputResources   []resourceIDJSON      `json:"outputResources,omitempty"`
		Error             *armError             `json:"error,omitempty"`
	} `json:"properties"`
}

func (s *Server) deploymentView(d *deployment) deploymentJSON {
	v := deploymentJSON{ID: d.id, Name: d.name, Type: "Microsoft.Resources/deployments"}
	p := &v.Properties
	p.TemplateHash, p.Mode, p.ProvisioningState, p.CorrelationID = d.templateHash, d.mode, d.state, d.correlationID
	end := d.end
	if end.IsZero() {
		end = s.now()
	}
	p.Timestamp = end.UTC().Format("2006-01-02T15:04:05.0000000Z")
	p.Duration = formatDuration(end.Sub(d.start).Round(100 * time.Nanosecond))
	if len(d.params) > 0 {
		p.Parameters = map[string]paramJSON{}
		for _, pv := range d.params {
			pj := paramJSON{Type: armTypes[pv.typ]}
			if !pv.secure() {
				pj.Value = pv.value
			}
			p.Parameters[pv.name] = pj
		}
	}
	p.Outputs, p.OutputResources, p.Error = d.outputs, d.outputResources, d.err
	return v
}

// deploymentBody is a Deployment request.
type deploymentBody struct {
	Location   *string `json:"location"`
	Properties *struct {
		Mode           string                `json:"mode"`
		Template       json.RawMessage       `json:"template"`
		TemplateLink   json.RawMessage       `json:"templateLink"`
		Parameters     map[string]givenParam `json:"parameters"`
		ParametersLink json.RawMessage       `json:"parametersLink"`
	} `json:"properties"`
}

// putDeployment is Deployments_CreateOrUpdate. Parameters are checked at
// once (400 InvalidTemplate); expressions are evaluated when the
// operation completes, and one the fake cannot evaluate fails the
// deployment with InvalidTemplate; so does anything but compute
// resources. On success the computes exist, created or overwritten as
// Compute_CreateOrUpdate would.
func (s *Server) putDeployment(w http.ResponseWriter, r *http.Request, p params, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.st.checkResourceGroup(p["sub"], p["rg"]); err != nil {
		writeError(w, err)
		return
	}
	var b deploymentBody
	if err := decodeJSON(body, &b); err != nil {
		writeError(w, err)
		return
	}
	tpl, values, err := checkDeployment(&b)
	if err != nil {
		writeError(w, err)
		return
	}
	k := key(p["sub"], p["rg"], p["name"])
	old := s.st.deployments[k]
	if old != nil && old.op != nil && !old.op.done() {
		writeError(w, errorf(http.StatusConflict, codeDeploymentActive, "Unable to edit or replace deployment '%s': previous deployment from '%s' is still active. Please see https://aka.ms/arm-deploy for usage details.", p["name"], azureTime(old.start)))
		return
	}
	id := fmt.Sprintf("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Resources/deployments/%s", p["sub"], p["rg"], p["name"])
	if err := s.st.checkLock(p["sub"], p["rg"], id, false); err != nil {
		writeError(w, err)
		return
	}
	d := &deployment{
		id: id, name: p["name"], sub: p["sub"], rg: p["rg"], mode: "Incremental", templateHash: tpl.hash,
		state: "Accepted", start: s.now(), correlationID: orDefault(r.Header.Get("x-ms-correlation-request-id"), newOpID()),
	}
	for _, pv := range values {
		d.params = append(d.params, pv)
	}
	slices.SortFunc(d.params, func(a, b paramValue) int { return strings.Compare(a.name, b.name) })
	s.st.deployments[k] = d
	opID := newOpID()
	d.op = s.newOp(r, opID, p["sub"], opRunning, func() *armError {
		if err := s.deploy(d, tpl, values); err != nil {
			return err
		}
		d.state, d.end = StateSucceeded, s.now()
		return nil
	}, func(e *armError) {
		d.state, d.end, d.err = StateFailed, s.now(), e
	})
	d.op.statusURL = fmt.Sprintf("%s%s/operationStatuses/%s?api-version=%s", s.URL(), id, opID, url.QueryEscape(r.URL.Query().Get("api-version")))
	s.setLROHeaders(w, d.op)
	status := http.StatusCreated
	if old != nil {
		status = http.StatusOK
	}
	writeJSON(w, status, s.deploymentView(d))
	d.state = "Running"
}

// checkDeployment validates a deployment request and binds its parameters.
func checkDeployment(b *deploymentBody) (*template, map[string]paramValue, *armError) {
	pr := b.Properties
	switch {
	case pr == nil:
		return nil, nil, invalidContent("properties is required")
	case pr.Mode == "":
		return nil, nil, invalidContent("properties.mode is required")
	case strings.EqualFold(pr.Mode, "Complete"):
		return nil, nil, badRequest("This fake deploys in Incremental mode only; Complete mode would delete every other resource of the resource group.")
	case !strings.EqualFold(pr.Mode, "Incremental"):
		return nil, nil, badRequest("The deployment mode '%s' is invalid: want Incremental or Complete.", pr.Mode)
	case pr.TemplateLink != nil || pr.ParametersLink != nil:
		return nil, nil, badRequest("This fake needs the template and its parameters inline, not as links.")
	case pr.Template == nil:
		return nil, nil, invalidContent("properties.template is required")
	}
	tpl, err := parseTemplate(pr.Template)
	if err != nil {
		return nil, nil, err
	}
	values, err := bindParameters(tpl, pr.Parameters)
	if err != nil {
		return nil, nil, err
	}
	return tpl, values, nil
}

// getDeployment is Deployments_Get.
func (s *Server) getDeployment(w http.ResponseWriter, r *http.Request, p params, _ []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.st.checkResourceGroup(p["sub"], p["rg"]); err != nil {
		writeError(w, err)
		return
	}
	d := s.st.deployments[key(p["sub"], p["rg"], p["name"])]
	if d == nil {
		writeError(w, errorf(http.StatusNotFound, codeDeploymentNotFound, "Deployment '%s' could not be found.", p["name"]))
		return
	}
	// A read counts as a poll of its operation, as for computes.
	if d.op != nil {
		s.advance(d.op)
	}
	writeJSON(w, http.StatusOK, s.deploymentView(d))
}
