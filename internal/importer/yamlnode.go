package importer

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/literal"
	"cuelang.org/go/cue/token"
	cueyaml "cuelang.org/go/encoding/yaml"

	"github.com/amlc-dev/amlc/internal/yamlguard"
)

// kind is the kind of a YAML value.
type kind int

const (
	kindMap kind = iota
	kindList
	kindString
	kindInt
	kindFloat
	kindBool
	kindNull
)

func (k kind) String() string {
	return [...]string{"a mapping", "a list", "a string", "an integer", "a number", "a boolean", "null"}[k]
}

// node is one YAML value with the line it starts on. The YAML is read
// through CUE's YAML decoder (cuelang.org/go/encoding/yaml), which resolves
// anchors, merge keys and tags; node keeps the mapping keys in order and
// repeated keys visible, which a cue.Value would not.
type node struct {
	kind   kind
	line   int
	text   string   // scalars: the string, or the literal text of a number or boolean
	fields []*field // kindMap, in file order
	elems  []*node  // kindList
}

// field is one key of a YAML mapping.
type field struct {
	key  string
	line int
	val  *node
}

// lookup returns the field of a mapping with the given key, or nil.
func (n *node) lookup(key string) *field {
	for _, f := range n.fields {
		if f.key == key {
			return f
		}
	}
	return nil
}

// posError is an error at a line of a YAML file.
func posError(file string, line int, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// parseYAML reads one YAML file. It returns a nil node for an empty file
// (nothing, only comments, or one null document). A syntax error comes
// back as an *Error with the file and line, and never with the value of an
// admin password in it.
func parseYAML(file string, src []byte) (*node, error) {
	// YAML breaks lines at CR too; the decoder's position bookkeeping
	// does not (it panics on "\r\r0"), so CRs become LFs first. Line
	// numbers stay the same.
	src = bytes.ReplaceAll(bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
	docs, err := decodeAll(file, src)
	if err != nil {
		return nil, err
	}
	var nonEmpty []ast.Expr
	for _, d := range docs {
		if !emptyDoc(d) {
			nonEmpty = append(nonEmpty, d)
		}
	}
	switch len(nonEmpty) {
	case 0:
		return nil, nil
	case 1:
	default:
		return nil, posError(file, lineOf(nonEmpty[1]),
			"more than one YAML document; az ml compute create --file takes one compute per file")
	}
	return convert(file, nonEmpty[0])
}

// decodeAll decodes every document of a YAML stream. A panic of the
// decoder is an error, not a crash of amlc.
func decodeAll(file string, src []byte) (docs []ast.Expr, err error) {
	defer func() {
		if r := recover(); r != nil {
			docs, err = nil, &Error{File: file, Msg: "the YAML decoder failed on this file"}
		}
	}()
	if c := yamlguard.MergeCycle(file, src); c != nil {
		return nil, &Error{File: file, Line: c.Line, Msg: c.Msg()}
	}
	dec := cueyaml.NewDecoder(file, bytes.NewReader(src))
	for {
		x, err := dec.Extract()
		if err == io.EOF {
			return docs, nil
		}
		if err != nil {
			return nil, syntaxError(file, src, err)
		}
		docs = append(docs, x)
	}
}

// emptyDoc reports whether a decoded document holds nothing: the decoder
// gives `*null | _` for an empty stream and null for an empty document.
func emptyDoc(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.BinaryExpr:
		return true
	case *ast.BasicLit:
		return x.Kind == token.NULL
	}
	return false
}

func lineOf(x ast.Node) int {
	if p := x.Pos(); p.IsValid() {
		return p.Line()
	}
	return 0
}

// convert turns the decoder's CUE syntax back into a YAML value.
func convert(file string, x ast.Expr) (*node, error) {
	n := &node{line: lineOf(x)}
	switch x := x.(type) {
	case *ast.StructLit:
		n.kind = kindMap
		seen := map[string]int{}
		for _, d := range x.Elts {
			f, ok := d.(*ast.Field)
			if !ok {
				continue // comments
			}
			key, _, err := ast.LabelName(f.Label)
			if err != nil {
				return nil, posError(file, lineOf(f), "a mapping key that is not a string")
			}
			line := lineOf(f)
			if first, ok := seen[key]; ok {
				return nil, posError(file, line, "key %s is repeated (first at line %d)", quoteKey(key), first)
			}
			seen[key] = line
			v, err := convert(file, f.Value)
			if err != nil {
				return nil, err
			}
			n.fields = append(n.fields, &field{key: key, line: line, val: v})
		}
	case *ast.ListLit:
		n.kind = kindList
		for _, e := range x.Elts {
			v, err := convert(file, e)
			if err != nil {
				return nil, err
			}
			n.elems = append(n.elems, v)
		}
	case *ast.UnaryExpr:
		// A negative number.
		lit, ok := x.X.(*ast.BasicLit)
		if !ok || x.Op != token.SUB || (lit.Kind != token.INT && lit.Kind != token.FLOAT) {
			return nil, posError(file, n.line, "a YAML value amlc cannot read")
		}
		n.kind = kindInt
		if lit.Kind == token.FLOAT {
			n.kind = kindFloat
		}
		n.text = "-" + lit.Value
	case *ast.BasicLit:
		switch x.Kind {
		case token.STRING:
			s, err := literal.Unquote(x.Value)
			if err != nil {
				return nil, posError(file, n.line, "a YAML string amlc cannot read")
			}
			n.kind, n.text = kindString, s
		case token.INT:
			n.kind, n.text = kindInt, x.Value
		case token.FLOAT:
			n.kind, n.text = kindFloat, x.Value
		case token.TRUE, token.FALSE:
			n.kind, n.text = kindBool, x.Value
		case token.NULL:
			n.kind = kindNull
		default:
			return nil, posError(file, n.line, "a YAML value amlc cannot read")
		}
	default:
		return nil, posError(file, n.line, "a YAML value amlc cannot read")
	}
	return n, nil
}

// decoderErrRE matches the decoder's errors: "file:line: message" or
// "file: message".
var decoderErrRE = regexp.MustCompile(`^(?s)(.*?):(?:(\d+):)? (.*)$`)

// syntaxError turns a decoder error into an *Error with a line. The YAML
// parser leaves the line out of some messages (errors on the first line,
// unknown anchors); then the line is found as the first one at which a
// prefix of the file fails with the same message. Whatever the message
// quotes of an admin password is blanked out.
func syntaxError(file string, src []byte, err error) *Error {
	msg, line := splitDecoderError(file, err)
	if line == 0 {
		line = failingLine(file, src, msg)
	}
	return &Error{File: file, Line: line, Msg: redact(msg, passwordTexts(src))}
}

func splitDecoderError(file string, err error) (msg string, line int) {
	s := err.Error()
	if rest, ok := strings.CutPrefix(s, file+":"); ok {
		if m := decoderErrRE.FindStringSubmatch(file + ":" + rest); m != nil && m[1] == file {
			line, _ = strconv.Atoi(m[2])
			return m[3], line
		}
		return strings.TrimSpace(rest), 0
	}
	return s, 0
}

// failingLine returns the first line n such that the first n lines of src
// fail to decode with the message msg, or 0. It gives up after
// maxSearchLines lines: the search decodes every prefix.
func failingLine(file string, src []byte, msg string) int {
	lines := bytes.SplitAfter(src, []byte("\n"))
	for n := 1; n <= len(lines) && n <= maxSearchLines; n++ {
		prefix := bytes.Join(lines[:n], nil)
		dec := cueyaml.NewDecoder(file, bytes.NewReader(prefix))
		for {
			_, err := dec.Extract()
			if err == nil {
				continue
			}
			if err != io.EOF {
				if m, _ := splitDecoderError(file, err); m == msg {
					return n
				}
			}
			break
		}
	}
	return 0
}

const maxSearchLines = 1000

// passwordKeyRE finds the admin_password key of ssh_settings in the raw
// text, in block or flow style, with the rest of its line.
var passwordKeyRE = regexp.MustCompile(`admin_password["']?\s*:[ \t]*(.*)$`)

// passwordTexts returns what the file may hold as an admin password, in
// the forms a decoder message could quote it: the rest of the line, and
// that without a tag, quotes, a trailing comment or a flow terminator,
// and the lines of a value continued on more-indented lines. It is used
// only to blank these texts out of error messages, for files whose YAML
// could not be decoded.
func passwordTexts(src []byte) []string {
	var out []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	lines := strings.Split(string(src), "\n")
	for i, line := range lines {
		m := passwordKeyRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		rest := m[1]
		add(rest)
		v := strings.TrimSpace(rest)
		if strings.HasPrefix(v, "!") {
			_, after, _ := strings.Cut(v, " ")
			v = strings.TrimSpace(after)
			add(v)
		}
		if j := strings.Index(v, " #"); j >= 0 {
			add(v[:j])
		}
		v = strings.TrimRight(v, ",}] \t")
		add(v)
		add(strings.Trim(v, `"'`))
		if s, err := strconv.Unquote(v); err == nil {
			add(s)
		}
		// A value continued on the following, more-indented lines.
		indent := len(line) - len(strings.TrimLeft(line, " \t"))
		var cont []string
		for _, next := range lines[i+1:] {
			t := strings.TrimSpace(next)
			if t != "" && len(next)-len(strings.TrimLeft(next, " \t")) <= indent {
				break
			}
			add(t)
			add(strings.Trim(t, `"'`))
			if t != "" {
				cont = append(cont, t)
			}
		}
		if len(cont) > 1 {
			add(strings.Join(cont, " "))
			add(strings.Join(cont, "\n"))
		}
	}
	// Longest first, so that a text containing another is blanked whole.
	slices.SortStableFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

// redact blanks the given texts out of msg. Texts shorter than three
// characters are blanked only where the message quotes them whole.
func redact(msg string, texts []string) string {
	for _, t := range texts {
		if len(t) >= 3 {
			msg = strings.ReplaceAll(msg, t, "(redacted)")
			continue
		}
		for _, q := range []string{strconv.Quote(t), "'" + t + "'", "`" + t + "`"} {
			msg = strings.ReplaceAll(msg, q, `"(redacted)"`)
		}
	}
	return msg
}

// quoteKey quotes a YAML key for a message.
func quoteKey(k string) string { return strconv.Quote(k) }
