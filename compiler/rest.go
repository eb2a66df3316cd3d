package compiler

import (
	"encoding/json"
	"strings"

	"github.com/amlc-dev/amlc/schema"
)

// RESTResource returns the body of the Compute_CreateOrUpdate request that
// would create cluster c of ws, as JSON data: the resource of its template
// without type, apiVersion and name, with every string as it is (a template
// escapes a literal "[x]" as "[[x]"; a REST body does not), and without the
// admin password, which only a secure template parameter carries. It stands
// for the compute as Azure holds it when amlc has not observed it (a plan
// against a git revision or a directory).
func RESTResource(ws *schema.Workspace, c *schema.Cluster) (map[string]any, error) {
	b, err := newBuilder(ws)
	if err != nil {
		return nil, err
	}
	r, err := b.resource(c)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	for _, k := range []string{"type", "apiVersion", "name"} {
		delete(m, k)
	}
	if props, ok := m["properties"].(map[string]any); ok {
		if aml, ok := props["properties"].(map[string]any); ok {
			if cred, ok := aml["userAccountCredentials"].(map[string]any); ok {
				delete(cred, "adminUserPassword")
			}
		}
	}
	return unescapeARM(m).(map[string]any), nil
}

// unescapeARM undoes armLiteral on every string and object key.
func unescapeARM(v any) any {
	switch x := v.(type) {
	case string:
		if strings.HasPrefix(x, "[[") && strings.HasSuffix(x, "]") {
			return x[1:]
		}
		return x
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[unescapeARM(k).(string)] = unescapeARM(e)
		}
		return out
	case []any:
		for i := range x {
			x[i] = unescapeARM(x[i])
		}
	}
	return v
}
