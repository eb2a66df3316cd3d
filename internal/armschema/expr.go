package armschema

import (
	"fmt"
	"strconv"
	"strings"
)

// An ARM template expression, as far as amlc's comparisons need one:
// function calls, string and integer literals, property access and
// indexing. See "Template syntax and expressions" in the ARM documentation.
type expr interface{ isExpr() }

type (
	strLit  string // 'text', with '' for a quote
	intLit  string // -12, kept as written
	word    string // a bare name such as true, kept for printing
	callExp struct {
		name string // as written, possibly with a namespace: ns.fn
		args []expr
	}
	memberExp struct {
		x    expr
		name string
	}
	indexExp struct{ x, i expr }
)

func (strLit) isExpr()     {}
func (intLit) isExpr()     {}
func (word) isExpr()       {}
func (*callExp) isExpr()   {}
func (*memberExp) isExpr() {}
func (*indexExp) isExpr()  {}

// splitString tells what a JSON string value of a template means: a
// literal (isExpr false, s the text) or an expression (the text between the
// outer brackets). A string that starts with "[[" and ends with "]" is the
// literal without its first bracket.
func splitString(s string) (text string, isExpr bool) {
	if len(s) >= 2 && s[0] == '[' && s[len(s)-1] == ']' {
		if s[1] == '[' {
			return s[1:], false
		}
		return s[1 : len(s)-1], true
	}
	return s, false
}

// literalString is the JSON string value that stands for the literal s.
func literalString(s string) string {
	if len(s) >= 2 && s[0] == '[' && s[len(s)-1] == ']' {
		return "[" + s
	}
	return s
}

// parseExpr parses the text of an ARM expression (without the brackets).
func parseExpr(src string) (expr, error) {
	p := &exprParser{src: src}
	e, err := p.expr()
	if err != nil {
		return nil, fmt.Errorf("expression [%s]: %w", src, err)
	}
	p.space()
	if p.pos < len(p.src) {
		return nil, fmt.Errorf("expression [%s]: unexpected %q at offset %d", src, p.src[p.pos:], p.pos)
	}
	return e, nil
}

type exprParser struct {
	src string
	pos int
}

func (p *exprParser) space() {
	for p.pos < len(p.src) && strings.IndexByte(" \t\r\n", p.src[p.pos]) >= 0 {
		p.pos++
	}
}

func (p *exprParser) peek() byte {
	p.space()
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *exprParser) expect(c byte) error {
	if p.peek() != c {
		return fmt.Errorf("want %q at offset %d", c, p.pos)
	}
	p.pos++
	return nil
}

func (p *exprParser) expr() (expr, error) {
	e, err := p.primary()
	if err != nil {
		return nil, err
	}
	for {
		switch p.peek() {
		case '.':
			p.pos++
			name := p.ident()
			if name == "" {
				return nil, fmt.Errorf("want a property name at offset %d", p.pos)
			}
			e = &memberExp{e, name}
		case '[':
			p.pos++
			i, err := p.expr()
			if err != nil {
				return nil, err
			}
			if err := p.expect(']'); err != nil {
				return nil, err
			}
			e = &indexExp{e, i}
		default:
			return e, nil
		}
	}
}

func (p *exprParser) primary() (expr, error) {
	switch c := p.peek(); {
	case c == '\'':
		var b strings.Builder
		for p.pos++; ; p.pos++ {
			if p.pos >= len(p.src) {
				return nil, fmt.Errorf("unterminated string")
			}
			if p.src[p.pos] == '\'' {
				if p.pos+1 < len(p.src) && p.src[p.pos+1] == '\'' {
					b.WriteByte('\'')
					p.pos++
					continue
				}
				p.pos++
				return strLit(b.String()), nil
			}
			b.WriteByte(p.src[p.pos])
		}
	case c == '-' || c >= '0' && c <= '9':
		start := p.pos
		p.pos++
		for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
			p.pos++
		}
		if _, err := strconv.ParseInt(p.src[start:p.pos], 10, 64); err != nil {
			return nil, fmt.Errorf("bad number %q", p.src[start:p.pos])
		}
		return intLit(p.src[start:p.pos]), nil
	}
	name := p.ident()
	if name == "" {
		return nil, fmt.Errorf("want a function call at offset %d", p.pos)
	}
	for p.pos < len(p.src) && p.src[p.pos] == '.' { // a namespace
		p.pos++
		next := p.ident()
		if next == "" {
			return nil, fmt.Errorf("want a function name at offset %d", p.pos)
		}
		name += "." + next
	}
	if p.peek() != '(' {
		return word(name), nil
	}
	p.pos++
	call := &callExp{name: name}
	if p.peek() == ')' {
		p.pos++
		return call, nil
	}
	for {
		a, err := p.expr()
		if err != nil {
			return nil, err
		}
		call.args = append(call.args, a)
		switch p.peek() {
		case ',':
			p.pos++
		case ')':
			p.pos++
			return call, nil
		default:
			return nil, fmt.Errorf("want ',' or ')' at offset %d", p.pos)
		}
	}
}

func (p *exprParser) ident() string {
	p.space()
	start := p.pos
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || p.pos > start && c >= '0' && c <= '9' {
			p.pos++
			continue
		}
		break
	}
	return p.src[start:p.pos]
}

// printExpr prints e in the canonical form: function names in lower case
// (ARM does not distinguish case), ", " between arguments.
func printExpr(e expr) string {
	var b strings.Builder
	var pr func(expr)
	pr = func(e expr) {
		switch e := e.(type) {
		case strLit:
			b.WriteString("'" + strings.ReplaceAll(string(e), "'", "''") + "'")
		case intLit:
			b.WriteString(string(e))
		case word:
			b.WriteString(strings.ToLower(string(e)))
		case *callExp:
			b.WriteString(strings.ToLower(e.name) + "(")
			for i, a := range e.args {
				if i > 0 {
					b.WriteString(", ")
				}
				pr(a)
			}
			b.WriteString(")")
		case *memberExp:
			pr(e.x)
			b.WriteString("." + e.name)
		case *indexExp:
			pr(e.x)
			b.WriteString("[")
			pr(e.i)
			b.WriteString("]")
		}
	}
	pr(e)
	return b.String()
}

// fold rewrites e bottom-up into a canonical shape that does not depend on
// how an emitter chose to build a string: format() with a literal format
// string becomes concat() of its pieces, nested concat() calls are
// flattened, adjacent literals merged, and a concat() of one piece is that
// piece (so format('{0}/{1}', 'ws', 'c') is the literal 'ws/c'). subst, if
// not nil, may replace a call (used to inline variables).
func fold(e expr, subst func(*callExp) (expr, bool)) (expr, error) {
	switch e := e.(type) {
	case *memberExp:
		x, err := fold(e.x, subst)
		return &memberExp{x, e.name}, err
	case *indexExp:
		x, err := fold(e.x, subst)
		if err != nil {
			return nil, err
		}
		i, err := fold(e.i, subst)
		return &indexExp{x, i}, err
	case *callExp:
		c := &callExp{name: e.name}
		for _, a := range e.args {
			a, err := fold(a, subst)
			if err != nil {
				return nil, err
			}
			c.args = append(c.args, a)
		}
		if subst != nil {
			if r, ok := subst(c); ok {
				return r, nil
			}
		}
		switch strings.ToLower(c.name) {
		case "format":
			if pieces, ok := formatPieces(c.args); ok {
				return concat(pieces), nil
			}
		case "concat":
			return concat(c.args), nil
		}
		return c, nil
	}
	return e, nil
}

// formatPieces splits format(f, args...) into the pieces it concatenates,
// when f is a literal with only plain {n} placeholders.
func formatPieces(args []expr) ([]expr, bool) {
	if len(args) == 0 {
		return nil, false
	}
	f, ok := args[0].(strLit)
	if !ok {
		return nil, false
	}
	var pieces []expr
	var lit strings.Builder
	s := string(f)
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			if i+1 < len(s) && s[i+1] == '{' {
				lit.WriteByte('{')
				i++
				continue
			}
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return nil, false
			}
			n, err := strconv.Atoi(s[i+1 : i+end])
			if err != nil || n < 0 || n+1 >= len(args) { // alignment, format or bad index
				return nil, false
			}
			pieces = append(pieces, strLit(lit.String()))
			lit.Reset()
			a := args[n+1]
			if num, ok := a.(intLit); ok {
				a = strLit(num)
			}
			pieces = append(pieces, a)
			i += end
		case '}':
			if i+1 < len(s) && s[i+1] == '}' {
				i++
			}
			lit.WriteByte('}')
		default:
			lit.WriteByte(s[i])
		}
	}
	return append(pieces, strLit(lit.String())), true
}

// concat is concat(args...) with nested concats flattened, adjacent literals
// merged, empty literals dropped and a single piece unwrapped.
func concat(args []expr) expr {
	var out []expr
	var add func(a expr)
	add = func(a expr) {
		if c, ok := a.(*callExp); ok && strings.EqualFold(c.name, "concat") {
			for _, x := range c.args {
				add(x)
			}
			return
		}
		if s, ok := a.(strLit); ok {
			if s == "" {
				return
			}
			if n := len(out); n > 0 {
				if prev, ok := out[n-1].(strLit); ok {
					out[n-1] = prev + s
					return
				}
			}
		}
		out = append(out, a)
	}
	for _, a := range args {
		add(a)
	}
	switch len(out) {
	case 0:
		return strLit("")
	case 1:
		return out[0]
	}
	return &callExp{name: "concat", args: out}
}
