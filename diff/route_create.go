package diff

// The create route, and the only dependency on the compiler: a cluster is
// created by an ARM deployment of the template the compiler writes for it.

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"

	"github.com/amlc-dev/amlc/compiler"
	"github.com/amlc-dev/amlc/schema"
)

// deploymentBody is the body of Deployments_CreateOrUpdate.
type deploymentBody struct {
	Properties deploymentProperties `json:"properties"`
}

type deploymentProperties struct {
	Mode     string `json:"mode"`
	Template any    `json:"template"`
	// Parameters names every securestring parameter of the template and the
	// secret whose value amlc apply sends in its place as {"value": …}. A
	// plan never holds a secret value.
	Parameters map[string]secretParameter `json:"parameters"`
}

type secretParameter struct {
	Secret string `json:"secret"`
}

// createRequest deploys the template that creates one cluster: one
// deployment per cluster, so that every change of a plan carries its own
// requests and can be applied (or skipped, or retried) alone. The
// deployment mode is Incremental: nothing else in the resource group is
// touched. When the compiler refuses the cluster, the request has no body
// and the warning says why.
func createRequest(ws *schema.Workspace, c *schema.Cluster) (Request, []Warning) {
	addr := schema.Address(ws, c)
	names := []string{c.Name}
	req := Request{Method: "PUT"}
	var tmplJSON []byte
	tmpl, err := compiler.Template(ws, names)
	if err == nil {
		tmplJSON, err = tmpl.JSON()
	}
	var params map[string]string
	if err == nil {
		params, err = compiler.Parameters(ws, names)
	}
	var warnings []Warning
	if err != nil {
		warnings = append(warnings, Warning{Address: addr, Code: CodeTemplate,
			Message: fmt.Sprintf("cannot compile the create template: %v", err)})
	} else {
		body := deploymentBody{deploymentProperties{
			Mode:       "Incremental",
			Template:   tmpl,
			Parameters: map[string]secretParameter{},
		}}
		for p, s := range params {
			body.Properties.Parameters[p] = secretParameter{s}
		}
		req.Body = body
	}
	req.Path = "/subscriptions/" + url.PathEscape(ws.Subscription) +
		"/resourcegroups/" + url.PathEscape(ws.ResourceGroup) +
		"/providers/Microsoft.Resources/deployments/" + deploymentName(ws, c.Name, tmplJSON) +
		"?api-version=" + DeploymentAPIVersion
	return req, warnings
}

// deploymentName is "amlc-<workspace>-<cluster>-<hash>", at most 64
// characters of [-\w._()] as ARM requires: the readable part is cut short
// when needed, and the hash (8 hex digits of SHA-256 over the workspace's
// ARM ID, the cluster name and the template) keeps names apart and changes
// whenever the template does, so that the deployment history shows each
// distinct create, while planning the same create twice names the same
// deployment.
func deploymentName(ws *schema.Workspace, cluster string, template []byte) string {
	h := sha256.New()
	for _, s := range []string{ws.ResourceID(), cluster} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	h.Write(template)
	sum := hex.EncodeToString(h.Sum(nil))[:8]
	readable := sanitizeName(ws.Name + "-" + cluster)
	const max = 64 - len("amlc-") - len("-") - 8
	if len(readable) > max {
		readable = readable[:max]
	}
	return "amlc-" + readable + "-" + sum
}

// sanitizeName replaces every character ARM does not allow in a
// deployment name with "-".
func sanitizeName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '-', r == '_', r == '.', r == '(', r == ')',
			'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
			return r
		}
		return '-'
	}, s)
}
