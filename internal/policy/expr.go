package policy

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Template expressions: a string "[…]" in a definition is an ARM template
// language expression: function calls, 'string' literals (a quote doubled
// inside), integers, and property access (.name, [index]). "[[…" is a
// literal string starting with "[".

// expr is a parsed expression.
type expr struct {
	// A call: fn(args...), then the accessors; lower is fn in lower
	// case.
	fn, lower string
	args      []*expr
	// A literal: string or float64.
	lit   any
	isLit bool
	// access are .name (string) and [index] (*expr) after the value.
	access []any
	// ref is the field of field('literal'), read once.
	ref *fieldRef
}

// exprError is a malformed expression.
type exprError struct{ msg string }

func (e *exprError) Error() string { return e.msg }

// isExpression reports whether a string is an expression ("[…]" and not
// "[[…").
func isExpression(s string) bool {
	return len(s) >= 2 && s[0] == '[' && s[len(s)-1] == ']' && !strings.HasPrefix(s, "[[")
}

// literalString is the value of a string that is not an expression: "[[x]"
// is "[x]".
func literalString(s string) string {
	if strings.HasPrefix(s, "[[") && strings.HasSuffix(s, "]") {
		return s[1:]
	}
	return s
}

// parseExpr parses the inside of "[…]".
func parseExpr(src string) (*expr, error) {
	p := &exprParser{src: src}
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i < len(p.src) {
		return nil, p.errorf("unexpected %q", p.src[p.i:])
	}
	return e, nil
}

type exprParser struct {
	src string
	i   int
}

func (p *exprParser) errorf(format string, args ...any) error {
	return &exprError{fmt.Sprintf("expression %q: ", "["+p.src+"]") + fmt.Sprintf(format, args...)}
}

func (p *exprParser) space() {
	for p.i < len(p.src) && p.src[p.i] == ' ' {
		p.i++
	}
}

func (p *exprParser) expr() (*expr, error) {
	p.space()
	if p.i >= len(p.src) {
		return nil, p.errorf("an expression is missing")
	}
	var e *expr
	switch c := p.src[p.i]; {
	case c == '\'':
		s, err := p.quoted()
		if err != nil {
			return nil, err
		}
		e = &expr{lit: s, isLit: true}
	case c == '-' || c >= '0' && c <= '9':
		j := p.i + 1
		for j < len(p.src) && p.src[j] >= '0' && p.src[j] <= '9' {
			j++
		}
		n, err := strconv.ParseInt(p.src[p.i:j], 10, 64)
		if err != nil {
			return nil, p.errorf("bad number %q", p.src[p.i:j])
		}
		p.i = j
		e = &expr{lit: float64(n), isLit: true}
	case isIdentStart(rune(c)):
		name := p.ident()
		p.space()
		if p.i >= len(p.src) || p.src[p.i] != '(' {
			return nil, p.errorf("%s is not a function call: want %s(…)", name, name)
		}
		p.i++
		e = &expr{fn: name, lower: strings.ToLower(name)}
		p.space()
		if p.i < len(p.src) && p.src[p.i] == ')' {
			p.i++
		} else {
			for {
				a, err := p.expr()
				if err != nil {
					return nil, err
				}
				e.args = append(e.args, a)
				p.space()
				if p.i < len(p.src) && p.src[p.i] == ',' {
					p.i++
					continue
				}
				if p.i < len(p.src) && p.src[p.i] == ')' {
					p.i++
					break
				}
				return nil, p.errorf("want ',' or ')' after an argument of %s()", name)
			}
		}
	default:
		return nil, p.errorf("unexpected %q", string(c))
	}
	for {
		p.space()
		if p.i >= len(p.src) {
			return e, nil
		}
		switch p.src[p.i] {
		case '.':
			p.i++
			if p.i >= len(p.src) || !isIdentStart(rune(p.src[p.i])) {
				return nil, p.errorf("want a property name after '.'")
			}
			e.access = append(e.access, p.ident())
		case '[':
			p.i++
			idx, err := p.expr()
			if err != nil {
				return nil, err
			}
			p.space()
			if p.i >= len(p.src) || p.src[p.i] != ']' {
				return nil, p.errorf("want ']'")
			}
			p.i++
			e.access = append(e.access, idx)
		default:
			return e, nil
		}
	}
}

func isIdentStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }

func (p *exprParser) ident() string {
	j := p.i
	for j < len(p.src) && (isIdentStart(rune(p.src[j])) || p.src[j] >= '0' && p.src[j] <= '9') {
		j++
	}
	s := p.src[p.i:j]
	p.i = j
	return s
}

// quoted reads a 'string', a doubled quote standing for one.
func (p *exprParser) quoted() (string, error) {
	var b strings.Builder
	j := p.i + 1
	for j < len(p.src) {
		if p.src[j] == '\'' {
			if j+1 < len(p.src) && p.src[j+1] == '\'' {
				b.WriteByte('\'')
				j += 2
				continue
			}
			p.i = j + 1
			return b.String(), nil
		}
		b.WriteByte(p.src[j])
		j++
	}
	return "", p.errorf("unterminated string")
}

// implemented are the functions amlc evaluates, with their argument
// counts (max -1: any number from min).
var implemented = map[string][2]int{
	"parameters": {1, 1},
	"field":      {1, 1},
	"empty":      {1, 1},
	"concat":     {1, -1},
	"tolower":    {1, 1},
	"toupper":    {1, 1},
	"length":     {1, 1},
	"current":    {0, 1},
	"true":       {0, 0},
	"false":      {0, 0},
}

// knownFunctions are the other functions of the ARM template language
// and of policy rules (MicrosoftDocs/azure-docs, azure-resource-manager/
// templates/template-functions.md; policy rule functions in
// definition-structure-policy-rule.md): a definition that calls one is
// valid for Azure but not evaluated by amlc.
var knownFunctions = map[string]bool{}

func init() {
	for _, f := range strings.Fields(`array coalesce contains createArray createObject first indexOf intersection
		items join json last lastIndexOf max min null objectKeys range shallowMerge skip take tryGet tryIndexFromEnd
		union filter map reduce sort toObject flatten groupBy mapValues
		dateTimeAdd dateTimeFromEpoch dateTimeToEpoch utcNow addDays
		and bool if not or add div float int mod mul sub
		base64 base64ToJson base64ToString dataUri dataUriToString endsWith format guid newGuid padLeft replace split
		startsWith string substring trim uniqueString uri uriComponent uriComponentToString
		equals greater greaterOrEquals less lessOrEquals
		resourceGroup subscription tenant managementGroup deployment environment reference resourceId
		subscriptionResourceId tenantResourceId extensionResourceId managementGroupResourceId providers pickZones
		variables copyIndex lambda listKeys listSecrets listAccountSas
		policy requestContext ipRangeContains cidrHost cidrSubnet parseCidr`) {
		knownFunctions[strings.ToLower(f)] = true
	}
}

// checkExpr validates an expression statically: every function known,
// implemented ones called with the right number of arguments, and every
// parameters('name') declared. It returns a malformed expression's error,
// and the first construct amlc does not evaluate ("" when none).
func checkExpr(e *expr, declared func(string) bool) (unsupported string, err error) {
	if e.isLit {
		return "", nil
	}
	fn := strings.ToLower(e.fn)
	if n, ok := implemented[fn]; ok {
		if len(e.args) < n[0] || n[1] >= 0 && len(e.args) > n[1] {
			return "", &exprError{fmt.Sprintf("%s() takes %s, got %d", e.fn, argCount(n), len(e.args))}
		}
		if fn == "field" && e.args[0].isLit {
			if name, ok := e.args[0].lit.(string); ok {
				f, err := parseFieldRef(name)
				if err != nil {
					return "", &exprError{err.Error()}
				}
				e.ref = f
			}
		}
		if fn == "parameters" && e.args[0].isLit {
			name, ok := e.args[0].lit.(string)
			if !ok {
				return "", &exprError{"parameters() takes a parameter name"}
			}
			if !declared(name) {
				return "", &exprError{fmt.Sprintf("parameter %q is not defined in the definition's parameters", name)}
			}
		}
	} else if strings.HasPrefix(fn, "list") || knownFunctions[fn] {
		unsupported = "the template function " + e.fn + "()"
	} else {
		return "", &exprError{fmt.Sprintf("%s() is not a template function", e.fn)}
	}
	for _, a := range e.args {
		u, err := checkExpr(a, declared)
		if err != nil {
			return "", err
		}
		if unsupported == "" {
			unsupported = u
		}
	}
	for _, a := range e.access {
		if x, ok := a.(*expr); ok {
			u, err := checkExpr(x, declared)
			if err != nil {
				return "", err
			}
			if unsupported == "" {
				unsupported = u
			}
		}
	}
	return unsupported, nil
}

func argCount(n [2]int) string {
	switch {
	case n[0] == n[1] && n[0] == 1:
		return "1 argument"
	case n[0] == n[1]:
		return fmt.Sprintf("%d arguments", n[0])
	case n[1] < 0:
		return fmt.Sprintf("at least %d argument(s)", n[0])
	}
	return fmt.Sprintf("%d to %d arguments", n[0], n[1])
}
