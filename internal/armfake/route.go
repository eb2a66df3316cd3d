package armfake

import (
	"net/http"
	"net/url"
	"strings"
)

// params are the variable path segments of a matched route.
type params map[string]string

// route is a path pattern: literal segments, matched ignoring case as ARM
// does, and {name} captures; and the methods it answers.
type route struct {
	pattern []string
	methods map[string]handlerFunc
}

// handlerFunc answers one request; body is the request body, already read.
type handlerFunc func(s *Server, w http.ResponseWriter, r *http.Request, p params, body []byte)

const (
	wsPath     = "subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}"
	locPath    = "subscriptions/{sub}/providers/Microsoft.MachineLearningServices/locations/{loc}"
	deployPath = "subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Resources/deployments/{name}"
)

// routes are the APIs the fake serves.
var routes = []route{
	{split(wsPath), map[string]handlerFunc{"GET": (*Server).getWorkspace}},
	{split(wsPath + "/computes"), map[string]handlerFunc{"GET": (*Server).listComputes}},
	{split(wsPath + "/computes/{name}"), map[string]handlerFunc{
		"GET":    (*Server).getCompute,
		"PUT":    (*Server).putCompute,
		"PATCH":  (*Server).patchCompute,
		"DELETE": (*Server).deleteCompute,
	}},
	{split(locPath + "/usages"), map[string]handlerFunc{"GET": (*Server).listUsages}},
	{split(locPath + "/vmSizes"), map[string]handlerFunc{"GET": (*Server).listVMSizes}},
	{split(locPath + "/" + opStatusSegment + "/{id}"), map[string]handlerFunc{"GET": (*Server).getOperationStatus}},
	{split(locPath + "/" + opResultSegment + "/{id}"), map[string]handlerFunc{"GET": (*Server).getOperationResult}},
	{split(deployPath), map[string]handlerFunc{"GET": (*Server).getDeployment, "PUT": (*Server).putDeployment}},
	{split(deployPath + "/operationStatuses/{id}"), map[string]handlerFunc{"GET": (*Server).getOperationStatus}},
	{split("subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Authorization/locks"), map[string]handlerFunc{"GET": (*Server).listLocks}},
}

func split(p string) []string { return strings.Split(strings.Trim(p, "/"), "/") }

// pathSegments splits the request path into unescaped segments.
func pathSegments(r *http.Request) ([]string, bool) {
	segs := split(r.URL.EscapedPath())
	for i, s := range segs {
		u, err := url.PathUnescape(s)
		if err != nil || u == "" {
			return nil, false
		}
		segs[i] = u
	}
	return segs, true
}

// match finds the route of segs. It returns the route's handlers, or nil
// when no route has this path.
func match(segs []string) (map[string]handlerFunc, params) {
	for _, rt := range routes {
		if p, ok := matchPattern(rt.pattern, segs); ok {
			return rt.methods, p
		}
	}
	return nil, nil
}

func matchPattern(pattern, segs []string) (params, bool) {
	if len(pattern) != len(segs) {
		return nil, false
	}
	p := params{}
	for i, lit := range pattern {
		if strings.HasPrefix(lit, "{") {
			p[strings.Trim(lit, "{}")] = segs[i]
		} else if !strings.EqualFold(lit, segs[i]) {
			return nil, false
		}
	}
	return p, true
}
