package policy

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/amlc-dev/amlc/internal/diag"
)

// A JSON document read with the position of every value, so that a
// finding about a policy definition points at its line and column.

// kind is the kind of a JSON value.
type kind uint8

const (
	kNull kind = iota
	kBool
	kNumber
	kString
	kArray
	kObject
)

func (k kind) String() string {
	return [...]string{"null", "a boolean", "a number", "a string", "an array", "an object"}[k]
}

// node is a JSON value and where it is written.
type node struct {
	kind kind
	pos  diag.Pos
	b    bool
	num  float64
	str  string
	// kArray: the elements; kObject: the members in order.
	elems []*node
	keys  []member
}

// member is a member of an object.
type member struct {
	key string
	pos diag.Pos // of the key
	val *node
}

// get returns the member named key, ignoring case as Azure Policy does
// for the keywords of a definition.
func (n *node) get(key string) *node {
	if n == nil || n.kind != kObject {
		return nil
	}
	for _, m := range n.keys {
		if strings.EqualFold(m.key, key) {
			return m.val
		}
	}
	return nil
}

// value converts a node to the plain Go value encoding/json would give:
// nil, bool, float64, string, []any, map[string]any.
func (n *node) value() any {
	if n == nil {
		return nil
	}
	switch n.kind {
	case kBool:
		return n.b
	case kNumber:
		return n.num
	case kString:
		return n.str
	case kArray:
		out := make([]any, len(n.elems))
		for i, e := range n.elems {
			out[i] = e.value()
		}
		return out
	case kObject:
		out := make(map[string]any, len(n.keys))
		for _, m := range n.keys {
			out[m.key] = m.val.value()
		}
		return out
	}
	return nil
}

// syntaxError is malformed JSON at a position.
type syntaxError struct {
	pos diag.Pos
	msg string
}

func (e *syntaxError) Error() string { return e.pos.String() + ": " + e.msg }

// maxDepth bounds nesting, so that a hostile file cannot exhaust the
// stack.
const maxDepth = 256

// parseJSON reads one JSON document. Errors are *syntaxError.
func parseJSON(data []byte, file string) (*node, error) {
	p := &parser{data: data, file: file, line: 1, col: 1}
	if !utf8.Valid(data) {
		return nil, &syntaxError{diag.Pos{Filename: file}, "not valid UTF-8"}
	}
	if strings.HasPrefix(string(data), "\ufeff") {
		p.advance(3)
	}
	p.space()
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i < len(p.data) {
		return nil, p.errorf("unexpected %s after the JSON value", p.what())
	}
	return n, nil
}

type parser struct {
	data      []byte
	file      string
	i         int
	line, col int
}

func (p *parser) here() diag.Pos { return diag.Pos{Filename: p.file, Line: p.line, Column: p.col} }

func (p *parser) errorf(format string, args ...any) error {
	return &syntaxError{p.here(), fmt.Sprintf(format, args...)}
}

// advance moves n bytes forward, counting lines and columns in runes.
func (p *parser) advance(n int) {
	for end := p.i + n; p.i < end; {
		r, size := utf8.DecodeRune(p.data[p.i:])
		p.i += size
		if r == '\n' {
			p.line++
			p.col = 1
		} else {
			p.col++
		}
	}
}

func (p *parser) space() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\r', '\n':
			p.advance(1)
		default:
			return
		}
	}
}

// what names the next character for an error.
func (p *parser) what() string {
	if p.i >= len(p.data) {
		return "end of file"
	}
	r, _ := utf8.DecodeRune(p.data[p.i:])
	return strconv.QuoteRune(r)
}

func (p *parser) value(depth int) (*node, error) {
	if depth > maxDepth {
		return nil, p.errorf("nested more than %d levels deep", maxDepth)
	}
	if p.i >= len(p.data) {
		return nil, p.errorf("unexpected end of file: want a JSON value")
	}
	at := p.here()
	switch c := p.data[p.i]; {
	case c == '{':
		return p.object(at, depth)
	case c == '[':
		return p.array(at, depth)
	case c == '"':
		s, err := p.string()
		return &node{kind: kString, pos: at, str: s}, err
	case c == '-' || c >= '0' && c <= '9':
		return p.number(at)
	}
	for word, n := range map[string]*node{"true": {kind: kBool, b: true}, "false": {kind: kBool}, "null": {kind: kNull}} {
		if strings.HasPrefix(string(p.data[p.i:]), word) {
			p.advance(len(word))
			n.pos = at
			return n, nil
		}
	}
	return nil, p.errorf("unexpected %s: want a JSON value", p.what())
}

func (p *parser) object(at diag.Pos, depth int) (*node, error) {
	n := &node{kind: kObject, pos: at}
	p.advance(1)
	p.space()
	if p.i < len(p.data) && p.data[p.i] == '}' {
		p.advance(1)
		return n, nil
	}
	for {
		p.space()
		if p.i >= len(p.data) || p.data[p.i] != '"' {
			return nil, p.errorf("unexpected %s: want a member name in double quotes", p.what())
		}
		kpos := p.here()
		key, err := p.string()
		if err != nil {
			return nil, err
		}
		for _, m := range n.keys {
			if m.key == key {
				return nil, &syntaxError{kpos, fmt.Sprintf("member %q is given twice (also at line %d)", key, m.pos.Line)}
			}
		}
		p.space()
		if p.i >= len(p.data) || p.data[p.i] != ':' {
			return nil, p.errorf("unexpected %s: want ':' after the member name", p.what())
		}
		p.advance(1)
		p.space()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.keys = append(n.keys, member{key, kpos, v})
		p.space()
		if p.i < len(p.data) && p.data[p.i] == ',' {
			p.advance(1)
			continue
		}
		if p.i < len(p.data) && p.data[p.i] == '}' {
			p.advance(1)
			return n, nil
		}
		return nil, p.errorf("unexpected %s: want ',' or '}'", p.what())
	}
}

func (p *parser) array(at diag.Pos, depth int) (*node, error) {
	n := &node{kind: kArray, pos: at}
	p.advance(1)
	p.space()
	if p.i < len(p.data) && p.data[p.i] == ']' {
		p.advance(1)
		return n, nil
	}
	for {
		p.space()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.elems = append(n.elems, v)
		p.space()
		if p.i < len(p.data) && p.data[p.i] == ',' {
			p.advance(1)
			continue
		}
		if p.i < len(p.data) && p.data[p.i] == ']' {
			p.advance(1)
			return n, nil
		}
		return nil, p.errorf("unexpected %s: want ',' or ']'", p.what())
	}
}

// string reads a string literal; encoding/json decodes its escapes.
func (p *parser) string() (string, error) {
	start := p.i
	j := p.i + 1
	for j < len(p.data) {
		switch c := p.data[j]; {
		case c == '\\':
			j += 2
			continue
		case c == '"':
			var s string
			if err := json.Unmarshal(p.data[start:j+1], &s); err != nil {
				return "", p.errorf("invalid string: %v", strings.TrimPrefix(err.Error(), "invalid character "))
			}
			p.advance(j + 1 - start)
			return s, nil
		case c < 0x20:
			p.advance(j - start)
			return "", p.errorf("control character %q in a string", rune(c))
		}
		j++
	}
	return "", p.errorf("unterminated string")
}

func (p *parser) number(at diag.Pos) (*node, error) {
	j := p.i
	for j < len(p.data) && strings.IndexByte("+-0123456789.eE", p.data[j]) >= 0 {
		j++
	}
	text := string(p.data[p.i:j])
	var num json.Number
	if err := json.Unmarshal([]byte(text), &num); err != nil {
		return nil, p.errorf("invalid number %q", text)
	}
	f, err := num.Float64()
	if err != nil {
		return nil, p.errorf("number %s is out of range", text)
	}
	p.advance(j - p.i)
	return &node{kind: kNumber, pos: at, num: f}, nil
}
