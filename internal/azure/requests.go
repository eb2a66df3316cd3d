package azure

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/amlc-dev/amlc/compiler"
	"github.com/amlc-dev/amlc/diff"
)

// How the executor reads the requests of a plan. A plan read back from
// JSON holds bodies as generic values, a fresh one as the planner's types;
// both go through JSON into the types below.

// requestKind is what a request of a plan does.
type requestKind int

const (
	kindUnknown requestKind = iota
	kindDelete              // DELETE of a compute
	kindScale               // PATCH of a compute's scale settings
	kindGet                 // GET of a compute, the read of a read-modify-write
	kindPut                 // PUT of a whole compute, the write of a read-modify-write
	kindDeploy              // PUT of a deployment that creates a cluster
)

func (k requestKind) String() string {
	switch k {
	case kindDelete:
		return "DELETE"
	case kindScale:
		return "PATCH scale settings"
	case kindGet:
		return "GET compute"
	case kindPut:
		return "PUT compute"
	case kindDeploy:
		return "deployment"
	}
	return "request"
}

// computePath is the coordinates of a compute in a request path.
type computePath struct {
	Subscription, ResourceGroup, Workspace, Name string
}

func (p computePath) id() string {
	return "/subscriptions/" + url.PathEscape(p.Subscription) + "/resourceGroups/" + url.PathEscape(p.ResourceGroup) +
		"/providers/Microsoft.MachineLearningServices/workspaces/" + url.PathEscape(p.Workspace) + "/computes/" + url.PathEscape(p.Name)
}

// segments splits the path of a request (without its query) into
// unescaped segments.
func segments(path string) ([]string, error) {
	p, _, _ := strings.Cut(path, "?")
	parts := strings.Split(strings.Trim(p, "/"), "/")
	for i, s := range parts {
		u, err := url.PathUnescape(s)
		if err != nil {
			return nil, fmt.Errorf("bad request path %q: %v", path, err)
		}
		parts[i] = u
	}
	return parts, nil
}

// parseComputePath reads .../workspaces/{ws}/computes/{name}[/rest].
func parseComputePath(path string) (computePath, []string, error) {
	s, err := segments(path)
	if err != nil {
		return computePath{}, nil, err
	}
	if len(s) < 10 || !strings.EqualFold(s[0], "subscriptions") || !strings.EqualFold(s[2], "resourceGroups") ||
		!strings.EqualFold(s[4], "providers") || !strings.EqualFold(s[5], "Microsoft.MachineLearningServices") ||
		!strings.EqualFold(s[6], "workspaces") || !strings.EqualFold(s[8], "computes") {
		return computePath{}, nil, fmt.Errorf("not a compute request path: %q", path)
	}
	return computePath{s[1], s[3], s[7], s[9]}, s[10:], nil
}

// deployPath is the coordinates of a deployment in a request path.
type deployPath struct {
	Subscription, ResourceGroup, Name string
}

func parseDeployPath(path string) (deployPath, error) {
	s, err := segments(path)
	if err != nil {
		return deployPath{}, err
	}
	if len(s) != 8 || !strings.EqualFold(s[0], "subscriptions") || !strings.EqualFold(s[2], "resourceGroups") ||
		!strings.EqualFold(s[5], "Microsoft.Resources") || !strings.EqualFold(s[6], "deployments") {
		return deployPath{}, fmt.Errorf("not a deployment request path: %q", path)
	}
	return deployPath{s[1], s[3], s[7]}, nil
}

// classify tells what a request does.
func classify(r diff.Request) requestKind {
	switch strings.ToUpper(r.Method) {
	case "DELETE":
		if _, rest, err := parseComputePath(r.Path); err == nil && len(rest) == 0 {
			return kindDelete
		}
	case "GET":
		if _, rest, err := parseComputePath(r.Path); err == nil && len(rest) == 0 && r.Body == nil {
			return kindGet
		}
	case "PUT":
		if _, err := parseDeployPath(r.Path); err == nil {
			return kindDeploy
		}
		if _, rest, err := parseComputePath(r.Path); err == nil && len(rest) == 0 {
			return kindPut
		}
	case "PATCH":
		if _, rest, err := parseComputePath(r.Path); err == nil && len(rest) == 0 {
			var probe map[string]json.RawMessage
			if decodeBody(r.Body, &probe) == nil && len(probe) == 1 && probe["properties"] != nil {
				return kindScale
			}
		}
	}
	return kindUnknown
}

// decodeBody converts a request body (a generic value or the planner's
// type) into v through JSON.
func decodeBody(body any, v any) error {
	if body == nil {
		return fmt.Errorf("the request has no body")
	}
	data, err := json.Marshal(body)
	if err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}

// deployBody is the planner's deployment body: the template and, per
// securestring parameter, the secret that fills it.
type deployBody struct {
	Properties struct {
		Mode       string               `json:"mode"`
		Template   compiler.ARMTemplate `json:"template"`
		Parameters map[string]secretRef `json:"parameters"`
	} `json:"properties"`
}

// secretRef names the secret that fills a securestring parameter.
type secretRef struct {
	Secret string `json:"secret"`
}

// creation is one cluster to create, read from its change.
type creation struct {
	address string
	path    deployPath
	body    deployBody
}

func readCreation(ch *diff.Change) (*creation, error) {
	for _, r := range ch.Requests {
		if classify(r) != kindDeploy {
			continue
		}
		dp, err := parseDeployPath(r.Path)
		if err != nil {
			return nil, err
		}
		cr := &creation{address: ch.Address, path: dp}
		if r.Body == nil {
			return nil, fmt.Errorf("%s: the plan has no template to create it (see the plan's warnings)", ch.Address)
		}
		if err := decodeBody(r.Body, &cr.body); err != nil {
			return nil, fmt.Errorf("%s: reading the deployment of the plan: %v", ch.Address, err)
		}
		if len(cr.body.Properties.Template.Resources) == 0 {
			return nil, fmt.Errorf("%s: the plan's deployment creates nothing", ch.Address)
		}
		return cr, nil
	}
	return nil, fmt.Errorf("%s: the plan has no deployment request to create it", ch.Address)
}

// RequiredSecrets returns the names of the secrets a plan's creations
// need, sorted, each once.
func RequiredSecrets(p *diff.Plan) ([]string, error) {
	seen := map[string]bool{}
	var names []string
	for i := range p.Changes {
		ch := &p.Changes[i]
		if ch.Action != diff.Create && ch.Action != diff.Replace {
			continue
		}
		cr, err := readCreation(ch)
		if err != nil {
			return nil, err
		}
		for _, s := range cr.body.Properties.Parameters {
			if s.Secret != "" && !seen[s.Secret] {
				seen[s.Secret] = true
				names = append(names, s.Secret)
			}
		}
	}
	slices.Sort(names)
	return names, nil
}
