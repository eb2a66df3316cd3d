package diff

import (
	"net/url"

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
// and lets a replacement take a new size; Terraform and azure-ai-ml send
// Delete too [SPEC-2605] [TF] [PY-OPS] [ISS-18889].
func deleteRequest(ws *schema.Workspace, name string) Request {
	return Request{
		Method: "DELETE",
		Path:   computeID(ws, name) + "?api-version=" + ComputeAPIVersion + "&underlyingResourceAction=Delete",
	}
}

// scaleBody is ClusterUpdateParameters: {"properties":{"properties":
// {"scaleSettings":{…}}}}, its only content in every stable version up to
// 2026-09-01 [SPEC-2605] [EX-PATCH-2605].
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
