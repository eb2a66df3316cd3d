package diff

import (
	"maps"
	"net/url"
	"strings"

	"github.com/amlc-dev/amlc/compiler"
	"github.com/amlc-dev/amlc/schema"
)

// The API versions of the requests. Computes use the one
// Microsoft.MachineLearningServices version of the templates
// (compiler.APIVersion, with its sources); deployments use the
// Microsoft.Resources version of their REST reference, the one armresources
// v1.2.0 sends.
const (
	ComputeAPIVersion    = compiler.APIVersion
	TagsAPIVersion       = "2021-04-01"
	DeploymentAPIVersion = "2021-04-01"
)

// computeID is the ARM ID of a compute, each segment path-escaped.
func computeID(ws *schema.Workspace, name string) string {
	return "/subscriptions/" + url.PathEscape(ws.Subscription) +
		"/resourceGroups/" + url.PathEscape(ws.ResourceGroup) +
		"/providers/Microsoft.MachineLearningServices/workspaces/" + url.PathEscape(ws.Name) +
		"/computes/" + url.PathEscape(name)
}

// deleteRequest deletes a compute and its nodes. underlyingResourceAction
// is required; Delete (never Detach) is what releases the nodes and quota
// and lets a replacement take a new size [SW] [TF-PR] [ISS-18889].
func deleteRequest(ws *schema.Workspace, name string) Request {
	return Request{
		Method: "DELETE",
		Path:   computeID(ws, name) + "?api-version=" + ComputeAPIVersion + "&underlyingResourceAction=Delete",
	}
}

// scaleBody is ClusterUpdateParameters: {"properties":{"properties":
// {"scaleSettings":{…}}}} [SW] [EX-patch].
type scaleBody struct {
	Properties struct {
		Properties struct {
			ScaleSettings scaleSettings `json:"scaleSettings"`
		} `json:"properties"`
	} `json:"properties"`
}

type scaleSettings struct {
	MaxNodeCount                int    `json:"maxNodeCount"`
	MinNodeCount                int    `json:"minNodeCount"`
	NodeIdleTimeBeforeScaleDown string `json:"nodeIdleTimeBeforeScaleDown"`
}

// scaleRequest patches the scale settings. maxNodeCount is required in
// ScaleSettings, so all three fields are always sent, with the desired
// values, whichever of them changed.
func scaleRequest(ws *schema.Workspace, c *schema.Cluster) Request {
	var b scaleBody
	b.Properties.Properties.ScaleSettings = scaleSettings{
		MaxNodeCount:                c.MaxNodes,
		MinNodeCount:                c.MinNodes,
		NodeIdleTimeBeforeScaleDown: compiler.ISODuration(c.IdleTimeBeforeScaleDown),
	}
	return Request{Method: "PATCH", Path: computeID(ws, c.Name) + "?api-version=" + ComputeAPIVersion, Body: b}
}

// identityBody is what azureml-core's add_identity and remove_identity
// PATCH: the location, empty properties and the identity [PY1].
type identityBody struct {
	Location   string          `json:"location"`
	Properties struct{}        `json:"properties"`
	Identity   identityPayload `json:"identity"`
}

type identityPayload struct {
	Type string `json:"type"`
	// UserAssignedIdentities maps each ID to {} to keep or add it, or to
	// null to remove it, as remove_identity does [PY1] [MI].
	UserAssignedIdentities map[string]any `json:"userAssignedIdentities,omitempty"`
}

// identityRequest patches the identity to the desired one: type "None"
// removes it; a user-assigned set lists the desired IDs as {} and the IDs
// only the base has as null.
func identityRequest(ws *schema.Workspace, desired, base *schema.Cluster) Request {
	b := identityBody{Location: orDefault(desired.Location, ws.Location)}
	b.Identity.Type = identityType(desired)
	if strings.EqualFold(b.Identity.Type, schema.UserAssigned) {
		uai := map[string]any{}
		keep := map[string]bool{}
		for _, id := range identityIDs(desired) {
			uai[id] = struct{}{}
			keep[strings.ToLower(id)] = true
		}
		if strings.EqualFold(identityType(base), schema.UserAssigned) {
			for _, id := range identityIDs(base) {
				if !keep[strings.ToLower(id)] {
					uai[id] = nil
				}
			}
		}
		b.Identity.UserAssignedIdentities = uai
	}
	return Request{Method: "PATCH", Path: computeID(ws, desired.Name) + "?api-version=" + ComputeAPIVersion, Body: b}
}

// tagsBody is the ARM tags API's TagsPatchResource.
type tagsBody struct {
	Operation  string `json:"operation"`
	Properties struct {
		Tags map[string]string `json:"tags"`
	} `json:"properties"`
}

// tagsRequest sets the compute's tags through the ARM tags API. Replace
// makes the tags exactly the desired set (keys only the base has go away).
// Replace with an empty set is not a documented way to clear tags, so when
// the desired spec has no tags left the request is a Delete of the base's
// tags by name and value instead.
func tagsRequest(ws *schema.Workspace, desired, base *schema.Cluster) Request {
	var b tagsBody
	if len(desired.Tags) == 0 {
		b.Operation = "Delete"
		b.Properties.Tags = maps.Clone(base.Tags)
	} else {
		b.Operation = "Replace"
		b.Properties.Tags = maps.Clone(desired.Tags)
	}
	return Request{
		Method: "PATCH",
		Path:   computeID(ws, desired.Name) + "/providers/Microsoft.Resources/tags/default?api-version=" + TagsAPIVersion,
		Body:   b,
	}
}
