package diff

// The read-modify-write route of identity and tags: GET the compute, then
// PUT it back whole with the change. This is what `az ml compute update`
// does (a generic update: ml_compute_show, then _ml_compute_update, whose
// begin_update is a full begin_create_or_update of the entity read back,
// ssh_settings left out) [CLI] [PY-OPS], and what Terraform's Update does
// (ComputeGet, then ComputeCreateOrUpdateThenPoll of the model it read,
// with identity, tags or scale_settings replaced) [TF]. Neither the PATCH
// body (ClusterUpdateParameters: scale settings only, in every stable
// version up to 2026-09-01 [SPEC-2605]) nor the ARM tags API (computes do
// not support it [DOC-TAGS]) can carry these changes. The source keys are
// those of docs/routes.md.

import (
	"maps"
	"strings"

	"github.com/amlc-dev/amlc/compiler"
	"github.com/amlc-dev/amlc/internal/jsontree"
	"github.com/amlc-dev/amlc/schema"
)

// readOnly are the members of a ComputeResource that Azure returns and a
// PUT does not take: the read-only ones of 2026-05-01 (x-ms read-only in
// stable/2026-05-01/openapi.json, ReadOnly in Bicep's type table of
// computes@2026-05-01), by the path of the object holding them.
var readOnly = map[string][]string{
	"":                      {"id", "name", "type", "systemData"},
	"identity":              {"principalId", "tenantId"},
	"properties":            {"createdOn", "modifiedOn", "provisioningErrors", "provisioningState", "isAttachedCompute"},
	"properties.properties": {"allocationState", "allocationStateTransitionTime", "errors", "currentNodeCount", "targetNodeCount", "nodeStateCounts"},
}

// PutBase is what a re-PUT of a compute sends before its change: the
// resource as Azure returned it (a GET or a list item, decoded from JSON),
// with every member kept but
//
//   - the read-only ones (ids, timestamps, provisioning and allocation
//     state, node counts, errors, the identities' principal and client
//     IDs, whose map values become {});
//   - properties.properties.userAccountCredentials: Azure never returns
//     the password or the SSH key, and `az ml compute update` leaves
//     ssh_settings out of its re-PUT [CLI] (Terraform sends the admin user
//     name it read back [TF]; what Azure does with credentials that lack
//     their secrets is undocumented, so amlc sends none);
//   - members whose value is null, which say nothing.
//
// It returns a new value; resource is not changed.
func PutBase(resource map[string]any) map[string]any {
	out := jsontree.WithoutNulls(resource).(map[string]any)
	drop := func(path string, names ...string) {
		obj := jsontree.Object(out, path)
		for _, n := range names {
			delete(obj, n)
		}
	}
	for path, names := range readOnly {
		drop(path, names...)
	}
	drop("properties.properties", "userAccountCredentials")
	if uai, ok := jsontree.Object(out, "identity")["userAssignedIdentities"].(map[string]any); ok {
		for id := range uai {
			uai[id] = map[string]any{}
		}
	}
	return out
}

// PutMembers are the members of the body that the re-PUT of a change
// sets, as dotted paths: the identity when an identity field changed, the
// tags when the tags changed, and the scale settings when a scale PATCH of
// the same change comes first (the GET then returns the patched values,
// which the PUT repeats). Every other member is the compute's own.
func PutMembers(ch *Change) []string {
	var identity, tags, scale bool
	for _, f := range ch.Fields {
		row, _ := FieldOf(f.Path)
		switch {
		case strings.HasPrefix(f.Path, "identity."):
			identity = true
		case f.Path == "tags":
			tags = true
		case row.Route == RouteScalePatch:
			scale = true
		}
	}
	var paths []string
	if identity {
		paths = append(paths, "identity")
	}
	if tags {
		paths = append(paths, "tags")
	}
	if scale {
		paths = append(paths, "properties.properties.scaleSettings")
	}
	return paths
}

// SetMembers copies the members at paths from src into dst (both bodies),
// creating dst's parent objects as needed.
func SetMembers(dst, src map[string]any, paths []string) {
	for _, p := range paths {
		parent, name := "", p
		if i := strings.LastIndexByte(p, '.'); i >= 0 {
			parent, name = p[:i], p[i+1:]
		}
		from := jsontree.Object(src, parent)
		v, ok := from[name]
		to := dst
		if parent != "" {
			for _, k := range strings.Split(parent, ".") {
				next, _ := to[k].(map[string]any)
				if next == nil {
					next = map[string]any{}
					to[k] = next
				}
				to = next
			}
		}
		if ok {
			to[name] = v
		} else {
			delete(to, name)
		}
	}
}

// putRequests are the GET and the PUT of the identity or tags change ch
// of cluster desired, whose compute Azure holds as resource (nil: amlc has
// not observed it; the compute is then taken to be as amlc would have
// created the base cluster).
func putRequests(ch *Change, ws *schema.Workspace, desired, base *schema.Cluster, resource map[string]any) ([]Request, []Warning) {
	path := computeID(ws, desired.Name) + "?api-version=" + ComputeAPIVersion
	get := Request{Method: "GET", Path: path}
	var warnings []Warning
	if resource == nil {
		r, err := compiler.RESTResource(ws, base)
		if err != nil {
			warnings = append(warnings, Warning{Address: schema.Address(ws, desired), Code: CodeTemplate,
				Message: "cannot write the body of the re-PUT: " + err.Error()})
			return []Request{get, {Method: "PUT", Path: path}}, warnings
		}
		resource = r
	}
	body := PutBase(resource)
	SetMembers(body, desiredMembers(desired), PutMembers(ch))
	return []Request{get, {Method: "PUT", Path: path, Body: body}}, warnings
}

// desiredMembers are the members of a compute body that a re-PUT sets, at
// their desired values: the identity ({"type": "None"} to remove it), the
// tags ({} to remove them all) and the scale settings.
func desiredMembers(c *schema.Cluster) map[string]any {
	identity := map[string]any{"type": identityType(c)}
	if strings.EqualFold(identityType(c), schema.UserAssigned) {
		uai := map[string]any{}
		for _, id := range identityIDs(c) {
			uai[id] = map[string]any{}
		}
		identity["userAssignedIdentities"] = uai
	}
	tags := map[string]any{}
	for k, v := range maps.All(c.Tags) {
		tags[k] = v
	}
	return map[string]any{
		"identity": identity,
		"tags":     tags,
		"properties": map[string]any{"properties": map[string]any{
			"scaleSettings": map[string]any{
				"maxNodeCount":                c.MaxNodes,
				"minNodeCount":                c.MinNodes,
				"nodeIdleTimeBeforeScaleDown": compiler.ISODuration(c.IdleTimeBeforeScaleDown),
			},
		}},
	}
}
