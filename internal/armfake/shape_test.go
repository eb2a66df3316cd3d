package armfake

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
)

// shape is the structure of a JSON value without its values: its kind,
// its members, and the merged shape of its elements.
type shape struct {
	kind   string // object, array, string, number, bool, null
	fields map[string]*shape
	elem   *shape // nil for an empty array
}

func shapeOf(v any) *shape {
	switch x := v.(type) {
	case map[string]any:
		s := &shape{kind: "object", fields: map[string]*shape{}}
		for k, m := range x {
			s.fields[k] = shapeOf(m)
		}
		return s
	case []any:
		s := &shape{kind: "array"}
		for _, m := range x {
			s.elem = mergeShapes(s.elem, shapeOf(m))
		}
		return s
	case string:
		return &shape{kind: "string"}
	case float64, int, int64:
		return &shape{kind: "number"}
	case bool:
		return &shape{kind: "bool"}
	case nil:
		return &shape{kind: "null"}
	}
	panic(fmt.Sprintf("shapeOf: %T is not a decoded JSON value", v))
}

// mergeShapes is the union of two element shapes: the members of both,
// null giving way to any other kind.
func mergeShapes(a, b *shape) *shape {
	switch {
	case a == nil || a.kind == "null":
		return b
	case b == nil || b.kind == "null":
		return a
	case a.kind != b.kind:
		return &shape{kind: a.kind + "|" + b.kind}
	case a.kind == "object":
		m := &shape{kind: "object", fields: map[string]*shape{}}
		for k, s := range a.fields {
			m.fields[k] = s
		}
		for k, s := range b.fields {
			m.fields[k] = mergeShapes(m.fields[k], s)
		}
		return m
	case a.kind == "array":
		return &shape{kind: "array", elem: mergeShapes(a.elem, b.elem)}
	}
	return a
}

// sameShape checks that got has the structure of want: the same member
// names (case-sensitive) at the same nesting, and the same kind of value
// (object, array, string, number, bool) wherever both have one. Values
// are ignored, null matches any kind, and array elements are compared as
// the union of their shapes. extra lists paths ("properties.identity",
// "value[].generation") that got may have and want lacks; everything
// under such a path is allowed too.
func sameShape(t testing.TB, want, got any, extra ...string) {
	t.Helper()
	var problems []string
	compareShapes("", shapeOf(want), shapeOf(got), extra, &problems)
	sort.Strings(problems)
	for _, p := range problems {
		t.Error(p)
	}
}

func compareShapes(path string, want, got *shape, extra []string, problems *[]string) {
	if want.kind == "null" || got.kind == "null" {
		return
	}
	if want.kind != got.kind {
		*problems = append(*problems, fmt.Sprintf("%s: want a JSON %s, got a JSON %s", orRoot(path), want.kind, got.kind))
		return
	}
	switch want.kind {
	case "object":
		for k, w := range want.fields {
			g, ok := got.fields[k]
			if !ok {
				*problems = append(*problems, fmt.Sprintf("%s: member missing", join(path, k)))
				continue
			}
			compareShapes(join(path, k), w, g, extra, problems)
		}
		for k := range got.fields {
			if _, ok := want.fields[k]; !ok && !slices.Contains(extra, join(path, k)) {
				*problems = append(*problems, fmt.Sprintf("%s: member not in the example", join(path, k)))
			}
		}
	case "array":
		if want.elem != nil && got.elem != nil {
			compareShapes(path+"[]", want.elem, got.elem, extra, problems)
		}
	}
}

func join(path, k string) string { return strings.TrimPrefix(path+"."+k, ".") }

func orRoot(path string) string {
	if path == "" {
		return "(root)"
	}
	return path
}

// TestSameShape checks the checker on the mistakes it is for.
func TestSameShape(t *testing.T) {
	want := map[string]any{"a": map[string]any{"b": "x", "c": 1.0}, "list": []any{map[string]any{"n": "x"}}, "z": nil}
	for _, tc := range []struct {
		name  string
		got   any
		extra []string
		fails int
	}{
		{"same, other values", map[string]any{"a": map[string]any{"b": "y", "c": 2.0}, "list": []any{map[string]any{"n": "y"}}, "z": map[string]any{}}, nil, 0},
		{"misspelt member", map[string]any{"a": map[string]any{"B": "y", "c": 2.0}, "list": []any{}, "z": nil}, nil, 2},
		{"wrong kind", map[string]any{"a": map[string]any{"b": 1.0, "c": 2.0}, "list": []any{}, "z": nil}, nil, 1},
		{"wrong nesting", map[string]any{"a": map[string]any{"c": 2.0}, "b": "y", "list": []any{}, "z": nil}, nil, 2},
		{"extra member allowed", map[string]any{"a": map[string]any{"b": "y", "c": 2.0, "d": map[string]any{"e": 1.0}}, "list": []any{}, "z": nil}, []string{"a.d"}, 0},
		{"element member", map[string]any{"a": map[string]any{"b": "y", "c": 2.0}, "list": []any{map[string]any{"n": "y", "m": 1.0}}, "z": nil}, nil, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &countingTB{TB: t}
			sameShape(rec, want, tc.got, tc.extra...)
			if rec.errors != tc.fails {
				t.Errorf("sameShape reported %d problems, want %d", rec.errors, tc.fails)
			}
		})
	}
}

// countingTB counts errors instead of failing.
type countingTB struct {
	testing.TB
	errors int
}

func (c *countingTB) Error(args ...any) { c.errors++ }
func (c *countingTB) Helper()           {}
