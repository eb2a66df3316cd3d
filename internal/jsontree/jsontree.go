// Package jsontree reads and trims JSON documents decoded into any
// (map[string]any, []any and scalars), as the request and response bodies
// of Azure's compute resource are handled when amlc reads one back and
// PUTs it again.
package jsontree

import "strings"

// Object is the object at a dot-separated path of member names below v
// (v itself for ""), or nil where a step is missing or not an object.
// Writing to the result changes v.
func Object(v map[string]any, path string) map[string]any {
	if path == "" {
		return v
	}
	for _, k := range strings.Split(path, ".") {
		v, _ = v[k].(map[string]any)
		if v == nil {
			return nil
		}
	}
	return v
}

// WithoutNulls copies v without the object members whose value is null,
// at every depth; v is not changed.
func WithoutNulls(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if e != nil {
				out[k] = WithoutNulls(e)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = WithoutNulls(e)
		}
		return out
	}
	return v
}
