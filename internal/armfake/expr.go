package armfake

import (
	"fmt"
	"strconv"
	"strings"
)

// evalEnv is what template expressions can see.
type evalEnv struct {
	sub, rg string
	params  map[string]paramValue // by lower-case name
	// noSecure forbids reading secure parameters (in outputs, whose values
	// are returned).
	noSecure bool
}

// evalValue evaluates the expressions in the strings of v (a decoded JSON
// value) and returns the result.
func (e *evalEnv) evalValue(v any) (any, error) {
	switch x := v.(type) {
	case string:
		return e.evalString(x)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, m := range x {
			r, err := e.evalValue(m)
			if err != nil {
				return nil, err
			}
			out[k] = r
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, m := range x {
			r, err := e.evalValue(m)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	}
	return v, nil
}

// evalString evaluates one template string: "[[…" is the literal "[…", and
// "[…]" an expression. The fake evaluates parameters('name'),
// resourceId(…) and concat(…) of string and integer literals and of
// those calls; anything else is an error.
func (e *evalEnv) evalString(s string) (any, error) {
	if !strings.HasPrefix(s, "[") || !strings.HasSuffix(s, "]") {
		return s, nil
	}
	if strings.HasPrefix(s, "[[") {
		return s[1:], nil
	}
	p := &exprParser{src: s[1 : len(s)-1]}
	v, err := p.parse(e)
	if err != nil {
		return nil, fmt.Errorf("the template language expression '%s' is not valid: %v", s, err)
	}
	return v, nil
}

// exprParser is a recursive descent parser that evaluates as it goes.
type exprParser struct {
	src string
	pos int
}

func (p *exprParser) parse(e *evalEnv) (any, error) {
	v, err := p.expr(e)
	if err != nil {
		return nil, err
	}
	if p.skipSpace(); p.pos != len(p.src) {
		return nil, fmt.Errorf("unexpected '%s' at position %d (property access and indexing are not supported)", p.src[p.pos:], p.pos)
	}
	return v, nil
}

func (p *exprParser) skipSpace() {
	for p.pos < len(p.src) && p.src[p.pos] == ' ' {
		p.pos++
	}
}

func (p *exprParser) expr(e *evalEnv) (any, error) {
	p.skipSpace()
	if p.pos >= len(p.src) {
		return nil, fmt.Errorf("an expression is missing at position %d", p.pos)
	}
	c := p.src[p.pos]
	switch {
	case c == '\'':
		return p.str()
	case c >= '0' && c <= '9' || c == '-':
		start := p.pos
		p.pos++
		for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
			p.pos++
		}
		return strconv.ParseInt(p.src[start:p.pos], 10, 64)
	case isIdentStart(c):
		return p.call(e)
	}
	return nil, fmt.Errorf("unexpected '%c' at position %d", c, p.pos)
}

func isIdentStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// str reads a quoted string; ” is a quote.
func (p *exprParser) str() (any, error) {
	var b strings.Builder
	for p.pos++; p.pos < len(p.src); p.pos++ {
		if p.src[p.pos] != '\'' {
			b.WriteByte(p.src[p.pos])
			continue
		}
		if p.pos+1 < len(p.src) && p.src[p.pos+1] == '\'' {
			b.WriteByte('\'')
			p.pos++
			continue
		}
		p.pos++
		return b.String(), nil
	}
	return nil, fmt.Errorf("a string is not terminated")
}

// call reads name(args...) and applies the function.
func (p *exprParser) call(e *evalEnv) (any, error) {
	start := p.pos
	for p.pos < len(p.src) && (isIdentStart(p.src[p.pos]) || p.src[p.pos] >= '0' && p.src[p.pos] <= '9' || p.src[p.pos] == '.') {
		p.pos++
	}
	name := p.src[start:p.pos]
	if p.skipSpace(); p.pos >= len(p.src) || p.src[p.pos] != '(' {
		return nil, fmt.Errorf("'%s' is not a function call", name)
	}
	p.pos++
	var args []any
	for {
		if p.skipSpace(); p.pos < len(p.src) && p.src[p.pos] == ')' && len(args) == 0 {
			p.pos++
			break
		}
		a, err := p.expr(e)
		if err != nil {
			return nil, err
		}
		args = append(args, a)
		if p.skipSpace(); p.pos < len(p.src) && p.src[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.pos < len(p.src) && p.src[p.pos] == ')' {
			p.pos++
			break
		}
		return nil, fmt.Errorf("',' or ')' expected at position %d", p.pos)
	}
	return e.apply(name, args)
}

// apply calls a template function.
func (e *evalEnv) apply(name string, args []any) (any, error) {
	switch strings.ToLower(name) {
	case "parameters":
		if len(args) != 1 {
			return nil, fmt.Errorf("parameters takes one argument")
		}
		n, ok := args[0].(string)
		if !ok {
			return nil, fmt.Errorf("the argument of parameters must be a string")
		}
		pv, ok := e.params[strings.ToLower(n)]
		switch {
		case !ok:
			return nil, fmt.Errorf("the template parameter '%s' is not found", n)
		case pv.secure() && e.noSecure:
			return nil, fmt.Errorf("the secure parameter '%s' cannot be used in an output, whose value deployments return", n)
		}
		return pv.value, nil
	case "concat":
		var b strings.Builder
		for _, a := range args {
			switch x := a.(type) {
			case string:
				b.WriteString(x)
			case int64:
				b.WriteString(strconv.FormatInt(x, 10))
			default:
				return nil, fmt.Errorf("this fake's concat joins strings and integers only")
			}
		}
		return b.String(), nil
	case "resourceid":
		return e.resourceID(args)
	case "format":
		return format(args)
	}
	return nil, fmt.Errorf("the template function '%s' is not supported by this fake (it evaluates parameters, resourceId, concat and format)", name)
}

// resourceID is resourceId([subscriptionId], [resourceGroupName],
// resourceType, resourceName1, resourceName2, …).
func (e *evalEnv) resourceID(args []any) (any, error) {
	strs := make([]string, len(args))
	for i, a := range args {
		s, ok := a.(string)
		if !ok {
			return nil, fmt.Errorf("the arguments of resourceId must be strings")
		}
		strs[i] = s
	}
	t := -1
	for i, s := range strs {
		if strings.Contains(s, "/") {
			t = i
			break
		}
	}
	if t < 0 || t > 2 {
		return nil, fmt.Errorf("resourceId needs a resource type such as 'Microsoft.MachineLearningServices/workspaces/computes'")
	}
	sub, rg := e.sub, e.rg
	switch t {
	case 1:
		rg = strs[0]
	case 2:
		sub, rg = strs[0], strs[1]
	}
	types := strings.Split(strs[t], "/")
	names := strs[t+1:]
	if len(names) != len(types)-1 {
		return nil, fmt.Errorf("resourceId of type '%s' needs %d names, got %d", strs[t], len(types)-1, len(names))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "/subscriptions/%s/resourceGroups/%s/providers/%s", sub, rg, types[0])
	for i, n := range names {
		fmt.Fprintf(&b, "/%s/%s", types[i+1], n)
	}
	return b.String(), nil
}

// format is format(formatString, arg0, arg1, …) with .NET composite
// formatting's {N} placeholders and {{ }} escapes, as bicep build writes a
// child's name ("[format('{0}/{1}', 'ws', 'cluster')]"). Format
// specifiers ({0:D2}) and alignment are not supported.
func format(args []any) (any, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("format needs a format string")
	}
	f, ok := args[0].(string)
	if !ok {
		return nil, fmt.Errorf("the first argument of format must be a string")
	}
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		switch c := f[i]; {
		case c == '{' && i+1 < len(f) && f[i+1] == '{', c == '}' && i+1 < len(f) && f[i+1] == '}':
			b.WriteByte(c)
			i++
		case c == '{':
			end := strings.IndexByte(f[i:], '}')
			if end < 0 {
				return nil, fmt.Errorf("format string %q: unclosed '{'", f)
			}
			n, err := strconv.Atoi(f[i+1 : i+end])
			if err != nil || n < 0 || n+1 >= len(args) {
				return nil, fmt.Errorf("format string %q: {%s} is not an argument index this fake supports", f, f[i+1:i+end])
			}
			switch x := args[n+1].(type) {
			case string:
				b.WriteString(x)
			case int64:
				b.WriteString(strconv.FormatInt(x, 10))
			default:
				return nil, fmt.Errorf("this fake's format inserts strings and integers only")
			}
			i += end
		case c == '}':
			return nil, fmt.Errorf("format string %q: unmatched '}'", f)
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}
