// Package jsontree reads and trims JSON documents decoded into any
// (map[string]any, []any and scalars), as the request and response bodies
// of Azure's compute resource are handled when amlc reads one back and
// PUTs it again.
package jsontree

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

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

// FirstDifference walks a and b (decoded JSON, with or without
// json.Decoder.UseNumber) member by member in key order and element by
// element, and returns the path of the first place where they differ
// (members as .name, or ["name"] where the name holds . [ ] / or a space;
// elements as [i]; "" at the top) and the two values there, nil where
// one side has nothing. Numbers are compared by value (1, 1.0 and 1e0 are
// equal) and strings in full. differ is false when a and b are equal.
func FirstDifference(a, b any) (path string, x, y any, differ bool) {
	return firstDifference(a, b, "")
}

func firstDifference(a, b any, path string) (string, any, any, bool) {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok {
		keys := make([]string, 0, len(am)+len(bm))
		for k := range am {
			keys = append(keys, k)
		}
		for k := range bm {
			if _, ok := am[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			if p, x, y, ok := firstDifference(am[k], bm[k], joinMember(path, k)); ok {
				return p, x, y, true
			}
		}
		return "", nil, nil, false
	}
	aa, aok := a.([]any)
	ba, bok := b.([]any)
	if aok && bok {
		for i := range max(len(aa), len(ba)) {
			var x, y any
			if i < len(aa) {
				x = aa[i]
			}
			if i < len(ba) {
				y = ba[i]
			}
			if p, x, y, ok := firstDifference(x, y, fmt.Sprintf("%s[%d]", path, i)); ok {
				return p, x, y, true
			}
		}
		return "", nil, nil, false
	}
	if leaf(a) != leaf(b) {
		return path, a, b, true
	}
	return "", nil, nil, false
}

// joinMember is the path of member key below path.
func joinMember(path, key string) string {
	if strings.ContainsAny(key, ".[]/ ") {
		return fmt.Sprintf("%s[%q]", path, key)
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

// leaf is the canonical text of a JSON value for comparing: numbers by
// value, everything else as JSON, nothing (nil) apart from null.
func leaf(v any) string {
	switch n := v.(type) {
	case nil:
		return "\x00absent"
	case json.Number:
		if i, err := n.Int64(); err == nil {
			return strconv.FormatInt(i, 10)
		}
		if f, err := n.Float64(); err == nil {
			return strconv.FormatFloat(f, 'g', -1, 64)
		}
		return n.String()
	case float64:
		if n == float64(int64(n)) {
			return strconv.FormatInt(int64(n), 10)
		}
		return strconv.FormatFloat(n, 'g', -1, 64)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(data)
}
