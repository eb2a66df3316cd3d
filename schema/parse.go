package schema

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"cuelang.org/go/cue/ast"
	cueerrors "cuelang.org/go/cue/errors"
	"cuelang.org/go/cue/parser"
	cuejson "cuelang.org/go/encoding/json"
	cueyaml "cuelang.org/go/encoding/yaml"

	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/internal/readlimit"
	"github.com/amlc-dev/amlc/internal/yamlguard"
)

// parsed is one spec file turned into CUE syntax.
type parsed struct {
	inputFile
	file *ast.File
	src  []byte // the file's bytes, for cue/load's overlay
	// notObject is set for a JSON or YAML file whose top level is not an
	// object (a list, a scalar, an empty document): plainly not a spec.
	// For a JSON file that is read as a spec it is an error (select.go).
	notObject bool
}

// utf8BOM is the byte-order mark some editors write at the start of UTF-8
// files.
const utf8BOM = "\xef\xbb\xbf"

// parseFile reads and parses one spec file. JSON and YAML become CUE syntax
// with their own positions, so every finding points into the user's file.
func parseFile(m *MemFiles, f inputFile, opts ...parser.Option) (*parsed, diag.Diagnostics) {
	src, ds := readSpec(m, f)
	if ds != nil {
		return nil, ds
	}
	return parseSrc(f, src, opts...)
}

// readSpec reads a spec file, or says why it cannot.
func readSpec(m *MemFiles, f inputFile) ([]byte, diag.Diagnostics) {
	src, err := f.data, error(nil)
	if !f.stdin {
		src, err = m.readSpec(f.abs, f.path)
	}
	if err != nil {
		var tl *readlimit.TooLargeError
		if errors.As(err, &tl) {
			return nil, diag.Diagnostics{diag.Errorf("input/too-large", diag.Pos{Filename: f.path}, "", err.Error())}
		}
		return nil, diag.Diagnostics{diag.Errorf("input/unreadable", diag.Pos{Filename: f.path}, "", "cannot read "+quote(f.path)+": "+errText(err))}
	}
	return src, nil
}

// parseSrc parses the content of a spec file.
func parseSrc(f inputFile, src []byte, opts ...parser.Option) (*parsed, diag.Diagnostics) {
	var err error
	if pos, ok := firstInvalidUTF8(f.path, src); !ok {
		return nil, diag.Diagnostics{diag.Errorf("input/encoding", pos, "", "file is not valid UTF-8")}
	}
	p := &parsed{inputFile: f, src: src}
	switch f.kind {
	case "cue":
		// Comments are not read: nothing amlc reports depends on them.
		// CUE's scanner skips a byte-order mark itself.
		p.file, err = parser.ParseFile(f.path, src, opts...)
	case "json":
		// A byte-order mark is read as white space, as CUE and YAML read
		// it: JSON has none (RFC 8259 §8.1), but editors write one. Three
		// spaces keep every position where it is in the file.
		if strings.HasPrefix(string(src[:min(len(src), 3)]), utf8BOM) {
			src = append([]byte("   "), src[3:]...)
		}
		var x ast.Expr
		x, err = cuejson.Extract(f.path, src)
		if err == nil {
			p.file, p.notObject = exprFile(f.path, x)
		}
	case "yaml":
		p.file, err = extractYAML(f.path, src)
		if err == nil {
			p.notObject = !isMapping(p.file)
		}
	}
	if err != nil {
		return nil, stdinHint(f, src, syntaxDiags(f.path, err))
	}
	if f.kind != "cue" {
		dropSchemaMember(p.file)
	}
	return p, nil
}

// yamlErrRE matches the plain errors of the YAML decoder: "file:line: msg"
// (and yamlguard.MergeCycle's "file:line:col: msg").
var yamlErrRE = regexp.MustCompile(`^(.*?):(\d+)(?::(\d+))?: (.*)$`)

// syntaxDiags reports a parse error at its position with the parser's own
// words, without the wrappers the decoders put around them.
func syntaxDiags(path string, err error) diag.Diagnostics {
	var ce cueerrors.Error
	if !errors.As(err, &ce) {
		if m := yamlErrRE.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[2])
			col, _ := strconv.Atoi(m[3])
			return diag.Diagnostics{diag.Errorf("input/syntax", diag.Pos{Filename: path, Line: line, Column: col}, "", m[4])}
		}
		msg := strings.TrimPrefix(err.Error(), path+": ")
		return diag.Diagnostics{diag.Errorf("input/syntax", diag.Pos{Filename: path}, "", msg)}
	}
	ds := fromCUE(err, nil, "input/syntax")
	for i := range ds {
		// encoding/json wraps the decoder's message: keep the message.
		if strings.HasPrefix(ds[i].Summary, "invalid JSON for file") {
			if _, inner, ok := strings.Cut(err.Error(), ": "); ok {
				ds[i].Summary = "invalid JSON: " + inner
			}
		}
		if !ds[i].Pos.IsValid() {
			ds[i].Pos = diag.Pos{Filename: path}
		}
	}
	return ds
}

// exprFile wraps the top-level expression of a data file into a file, and
// reports whether it is not an object. A JSON document must be an object:
// it is unified with the rest of the spec (notObjectDiag).
func exprFile(name string, x ast.Expr) (*ast.File, bool) {
	st, ok := x.(*ast.StructLit)
	if !ok {
		return &ast.File{Filename: name, Decls: []ast.Decl{&ast.EmbedDecl{Expr: x}}}, true
	}
	return &ast.File{Filename: name, Decls: st.Elts}, false
}

// notObjectDiag is the error for a JSON file read as a spec whose top level
// is not an object.
func notObjectDiag(p *parsed) diag.Diagnostic {
	pos := p.file.Pos()
	if len(p.file.Decls) > 0 {
		pos = p.file.Decls[0].Pos()
	}
	return diag.Errorf("input/syntax", posOf(pos, p.path), "", "a JSON spec file must hold an object at the top level")
}

// isMapping reports whether a YAML file's top level is a mapping: fields
// only (an empty document is not one).
func isMapping(f *ast.File) bool {
	n := 0
	for _, d := range f.Decls {
		switch d.(type) {
		case *ast.Field:
			n++
		case *ast.CommentGroup, *ast.Attribute:
		default:
			return false
		}
	}
	return n > 0
}

// firstInvalidUTF8 reports the position of the first byte that is not valid
// UTF-8, and false, or true when src is valid.
func firstInvalidUTF8(name string, src []byte) (diag.Pos, bool) {
	if utf8.Valid(src) {
		return diag.Pos{}, true
	}
	line, col := 1, 1
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n <= 1 {
			return diag.Pos{Filename: name, Line: line, Column: col}, false
		}
		if src[i] == '\n' {
			line, col = line+1, 1
		} else {
			col += n
		}
		i += n
	}
	return diag.Pos{Filename: name, Line: line, Column: col}, false
}

// extractYAML parses a YAML file. CUE's YAML decoder can panic on some
// malformed input (an index out of range on lines ending in a bare
// carriage return, found by fuzzing); that is reported as a syntax error,
// never passed on as a crash.
func extractYAML(path string, src []byte) (file *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			file, err = nil, fmt.Errorf("%s: the YAML parser could not read this file", path)
		}
	}()
	if c := yamlguard.MergeCycle(path, src); c != nil {
		return nil, c
	}
	file, err = cueyaml.Extract(path, src)
	if err == nil {
		placeMergeOverrides(file, src)
	}
	return file, err
}
