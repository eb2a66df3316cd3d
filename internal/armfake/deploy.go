package armfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// deployResource is a template resource with its expressions evaluated.
type deployResource struct {
	workspace, name string
	body            []byte // a Compute_CreateOrUpdate body; may hold secrets
}

// unsupportedMembers are resource members whose meaning the fake does not
// implement; a template that uses them fails rather than deploying
// something else than ARM would.
var unsupportedMembers = []string{"copy", "condition", "scope", "existing", "resources"}

// deploy evaluates the template and creates its computes: the completion
// of a deployment's operation.
func (s *Server) deploy(d *deployment, tpl *template, values map[string]paramValue) *armError {
	env := &evalEnv{sub: d.sub, rg: d.rg, params: values}
	var plan []deployResource
	for i, r := range tpl.resources {
		res, err := env.resource(r)
		if err != nil {
			return errorf(http.StatusBadRequest, codeInvalidTemplate, "Deployment template validation failed: 'resources[%d]: %v'.", i, err)
		}
		plan = append(plan, res)
	}
	outputs := map[string]outputJSON{}
	env.noSecure = true
	for name, o := range tpl.outputs {
		if isSecureType(o.typ) {
			return errorf(http.StatusBadRequest, codeInvalidTemplate, "Deployment template validation failed: 'the output '%s' is of a secure type, whose value a deployment never returns'.", name)
		}
		v, err := env.evalValue(o.value)
		if err != nil {
			return errorf(http.StatusBadRequest, codeInvalidTemplate, "Deployment template validation failed: 'outputs.%s: %v'.", name, err)
		}
		outputs[name] = outputJSON{Type: armTypes[o.typ], Value: v}
	}
	var details []*armError
	var created []resourceIDJSON
	for _, res := range plan {
		c, err := s.applyResource(d, res)
		if err != nil {
			details = append(details, err)
			continue
		}
		created = append(created, resourceIDJSON{c.ID})
	}
	d.outputResources = created
	if len(details) > 0 {
		return &armError{
			status:  http.StatusBadRequest,
			Code:    codeDeploymentFailed,
			Message: "At least one resource deployment operation failed. Please list deployment operations for details. Please see https://aka.ms/arm-deployment-operations for usage details.",
			Details: details,
		}
	}
	if len(outputs) > 0 {
		d.outputs = outputs
	}
	return nil
}

// resource evaluates one template resource.
func (e *evalEnv) resource(r any) (deployResource, error) {
	m, ok := r.(map[string]any)
	if !ok {
		return deployResource{}, fmt.Errorf("a resource must be an object")
	}
	for name := range m {
		for _, u := range unsupportedMembers {
			if strings.EqualFold(name, u) {
				return deployResource{}, fmt.Errorf("the resource member '%s' is not supported by this fake", name)
			}
		}
	}
	v, err := e.evalValue(m)
	if err != nil {
		return deployResource{}, err
	}
	m = v.(map[string]any)
	typ, _ := member(m, "type").(string)
	if !strings.EqualFold(typ, ComputeType) {
		return deployResource{}, fmt.Errorf("this fake deploys only %s resources, not '%s'", ComputeType, typ)
	}
	if av, _ := member(m, "apiVersion").(string); av == "" {
		return deployResource{}, fmt.Errorf("the resource has no apiVersion")
	}
	name, _ := member(m, "name").(string)
	parts := strings.Split(name, "/")
	if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
		return deployResource{}, fmt.Errorf("the name '%s' of a %s resource must be '<workspace>/<compute>'", name, ComputeType)
	}
	body := map[string]any{}
	for _, k := range []string{"location", "tags", "identity", "sku", "properties"} {
		if v := member(m, k); v != nil {
			body[k] = v
		}
	}
	data, err := json.Marshal(body)
	if err != nil {
		return deployResource{}, err
	}
	return deployResource{workspace: parts[0], name: parts[1], body: data}, nil
}

// member returns m's member name, ignoring case.
func member(m map[string]any, name string) any {
	for k, v := range m {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return nil
}

// applyResource creates or overwrites one compute of a deployment; it is
// Succeeded at once, since the deployment's own operation stood for its
// creation.
func (s *Server) applyResource(d *deployment, res deployResource) (*Compute, *armError) {
	ws, err := s.st.workspace(d.sub, d.rg, res.workspace)
	if err != nil {
		return nil, errorf(http.StatusNotFound, "ParentResourceNotFound", "Can not perform requested operation on nested resource. Parent resource '%s' not found.", res.workspace)
	}
	var b computeBody
	if err := decodeJSON(res.body, &b); err != nil {
		return nil, err
	}
	k := key(ws.Subscription, ws.ResourceGroup, ws.Name, res.name)
	now := s.now()
	rec := s.st.computes[k]
	var c *Compute
	switch {
	case rec == nil:
		c, err = s.newCompute(ws, res.name, &b, now)
	case rec.busy():
		err = busy(rec.c)
	default:
		c, err = s.overwriteCompute(rec.c, &b, now)
	}
	if err != nil {
		return nil, err
	}
	c.ProvisioningState = StateSucceeded
	if rec == nil {
		rec = &computeRec{}
		s.st.computes[k] = rec
		delete(s.st.detached, k)
	}
	rec.c, rec.op = c, nil
	return c, nil
}
