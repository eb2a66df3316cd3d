package policy

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Values are what encoding/json gives: nil, bool, float64, string, []any,
// map[string]any; and secretValue.

// describe names a value's type for a message.
func describe(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	case secretValue:
		return "a secret"
	}
	return fmt.Sprintf("%T", v)
}

// show writes a value for a message, as compact JSON.
func show(v any) string {
	switch x := v.(type) {
	case secretValue:
		return "(the secret " + x.name + ")"
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// scalarString is a scalar as Azure Policy compares it to a string:
// true, 12, 1.5.
func scalarString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	}
	return "", false
}

// equalValues compares two values as Azure Policy does: strings ignoring
// case, a string and a boolean or number by the scalar's text ("false"
// equals false), arrays and objects member by member.
func equalValues(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case float64:
		if y, ok := b.(float64); ok {
			return x == y
		}
	case bool:
		if y, ok := b.(bool); ok {
			return x == y
		}
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equalValues(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, found := lookupFold(y, k)
			if !found || !equalValues(v, w) {
				return false
			}
		}
		return true
	}
	xs, ok1 := scalarString(a)
	ys, ok2 := scalarString(b)
	return ok1 && ok2 && strings.EqualFold(xs, ys)
}

// lookupFold finds a key of an object ignoring case.
func lookupFold(m map[string]any, key string) (any, bool) {
	if v, ok := m[key]; ok {
		return v, true
	}
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return nil, false
}

// like matches a pattern with * wildcards, ignoring case.
func like(s, pattern string) bool {
	s, pattern = strings.ToLower(s), strings.ToLower(pattern)
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return s == pattern
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}

// normLocation spells a region as Azure Policy compares locations: "East
// US 2" equals "eastus2".
func normLocation(v any) any {
	if s, ok := v.(string); ok {
		return strings.ToLower(strings.Join(strings.Fields(s), ""))
	}
	if arr, ok := v.([]any); ok {
		out := slices.Clone(arr)
		for i := range out {
			out[i] = normLocation(out[i])
		}
		return out
	}
	return v
}

// isEmpty is the template function empty().
func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}
