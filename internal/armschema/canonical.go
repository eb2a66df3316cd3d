package armschema

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Canonical returns a copy of a decoded classic ARM template (maps, slices,
// strings, numbers, booleans, nil, as from encoding/json) in a form where
// two templates that deploy the same thing are equal, so that the template
// amlc writes can be compared with the one its Bicep file denotes:
//
//   - the template's own "metadata" (generator name, version, hash) is
//     dropped, and so are empty "parameters", "outputs" and "functions";
//   - every string that is an ARM expression is parsed and printed one way
//     (function names in lower case), with format() and concat() of
//     literals folded, so "[format('{0}/{1}', 'ws', 'c')]" equals "ws/c";
//     the same holds for object keys;
//   - variables are inlined: a value that is exactly a variable becomes the
//     variable's value, and a string variable used inside an expression
//     becomes its value there; "variables" itself is dropped;
//   - parameter and output types are compared without case (securestring =
//     secureString), as ARM does;
//   - resources are sorted by type and name, and dependsOn entries sorted,
//     because ARM orders a deployment by dependsOn, not by position.
//
// An expression that does not parse is an error: it would fail at
// deployment.
func Canonical(doc any) (any, error) {
	top, ok := doc.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("a template is a JSON object, not %T", doc)
	}
	c := &canon{vars: map[string]any{}, done: map[string]bool{}}
	if vs, ok := top["variables"].(map[string]any); ok {
		c.rawVars = vs
	}
	out := map[string]any{}
	for k, v := range top {
		switch k {
		case "metadata", "variables":
			continue
		case "parameters", "outputs", "functions":
			if isEmpty(v) {
				continue
			}
		}
		cv, err := c.value(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		out[k] = cv
	}
	if c.keepVars {
		vars := map[string]any{}
		for name := range c.rawVars {
			v, err := c.variable(name)
			if err != nil {
				return nil, err
			}
			vars[name] = v
		}
		out["variables"] = vars
	}
	for _, section := range []string{"parameters", "outputs"} {
		m, _ := out[section].(map[string]any)
		for _, p := range m {
			if p, ok := p.(map[string]any); ok {
				if t, ok := p["type"].(string); ok {
					p["type"] = strings.ToLower(t)
				}
			}
		}
	}
	if rs, ok := out["resources"].([]any); ok {
		for _, r := range rs {
			if r, ok := r.(map[string]any); ok {
				if deps, ok := r["dependsOn"].([]any); ok {
					slices.SortFunc(deps, func(a, b any) int { return cmp.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
				}
			}
		}
		slices.SortStableFunc(rs, func(a, b any) int {
			return cmp.Compare(resourceKey(a), resourceKey(b))
		})
	}
	return out, nil
}

// isEmpty reports whether v is {} or [], which a template may as well leave
// out.
func isEmpty(v any) bool {
	switch v := v.(type) {
	case map[string]any:
		return len(v) == 0
	case []any:
		return len(v) == 0
	}
	return false
}

func resourceKey(r any) string {
	m, _ := r.(map[string]any)
	return fmt.Sprint(m["type"]) + "\x00" + fmt.Sprint(m["name"])
}

type canon struct {
	rawVars map[string]any
	vars    map[string]any  // canonical values of the variables resolved so far
	done    map[string]bool // false while a variable is being resolved
	// keepVars says that a variable is still referred to after inlining.
	keepVars bool
}

func (c *canon) value(v any) (any, error) {
	switch v := v.(type) {
	case string:
		return c.str(v)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			ce, err := c.value(e)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			out[i] = ce
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(v))
		for _, k := range slices.Sorted(maps.Keys(v)) {
			ck, err := c.str(k)
			if err != nil {
				return nil, fmt.Errorf("key %q: %w", k, err)
			}
			key, ok := ck.(string)
			if !ok {
				return nil, fmt.Errorf("key %q is a variable that is not a string", k)
			}
			if _, dup := out[key]; dup {
				return nil, fmt.Errorf("key %q: two keys mean %q", k, key)
			}
			cv, err := c.value(v[k])
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			out[key] = cv
		}
		return out, nil
	}
	return v, nil
}

// str canonicalises one JSON string value.
func (c *canon) str(s string) (any, error) {
	text, isExpr := splitString(s)
	if !isExpr {
		return literalString(text), nil
	}
	e, err := parseExpr(text)
	if err != nil {
		return nil, err
	}
	// A value that is exactly a variable is the variable's value, whatever
	// its type.
	if call, ok := e.(*callExp); ok {
		if name, ok := variableName(call); ok {
			return c.variable(name)
		}
	}
	var serr error
	e, err = fold(e, func(call *callExp) (expr, bool) {
		name, ok := variableName(call)
		if !ok || serr != nil {
			return nil, false
		}
		val, err := c.variable(name)
		if err != nil {
			serr = err
			return nil, false
		}
		vs, ok := val.(string)
		if !ok {
			// An object or array used inside an expression stays a
			// reference, and the variables are then compared as well.
			c.keepVars = true
			return nil, false
		}
		vt, isExpr := splitString(vs)
		if !isExpr {
			return strLit(vt), true
		}
		ve, err := parseExpr(vt)
		if err != nil {
			serr = err
			return nil, false
		}
		return ve, true
	})
	if err == nil {
		err = serr
	}
	if err != nil {
		return nil, err
	}
	if lit, ok := e.(strLit); ok {
		return literalString(string(lit)), nil
	}
	return "[" + printExpr(e) + "]", nil
}

// variableName reports whether call is variables('name').
func variableName(call *callExp) (string, bool) {
	if !strings.EqualFold(call.name, "variables") || len(call.args) != 1 {
		return "", false
	}
	name, ok := call.args[0].(strLit)
	return string(name), ok
}

// variable returns the canonical value of a template variable.
func (c *canon) variable(name string) (any, error) {
	if v, ok := c.vars[name]; ok {
		return v, nil
	}
	raw, ok := c.rawVars[name]
	if !ok {
		return nil, fmt.Errorf("variables('%s') is not declared", name)
	}
	if done, seen := c.done[name]; seen && !done {
		return nil, fmt.Errorf("variables('%s') refers to itself", name)
	}
	c.done[name] = false
	v, err := c.value(raw)
	if err != nil {
		return nil, fmt.Errorf("variables('%s'): %w", name, err)
	}
	c.vars[name], c.done[name] = v, true
	return v, nil
}

// Decode decodes JSON text for [Canonical], keeping numbers exact.
func Decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("more than one JSON value")
	}
	return v, nil
}
