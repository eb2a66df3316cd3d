package schema

import (
	"errors"
	"fmt"
	"os"
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
	"github.com/amlc-dev/amlc/internal/parallel"
)

// parsed is one spec file turned into CUE syntax.
type parsed struct {
	inputFile
	file *ast.File
}

// parseFile reads and parses one spec file. JSON and YAML become CUE syntax
// with their own positions, so every finding points into the user's file.
func parseFile(f inputFile) (*parsed, diag.Diagnostics) {
	src, err := f.data, error(nil)
	if !f.stdin {
		src, err = os.ReadFile(f.path)
	}
	if err != nil {
		return nil, diag.Diagnostics{diag.Errorf("input/unreadable", diag.Pos{Filename: f.path}, "", "cannot read "+quote(f.path)+": "+errText(err))}
	}
	if len(src) > maxFileSize {
		return nil, diag.Diagnostics{diag.Errorf("input/too-large", diag.Pos{Filename: f.path}, "",
			fmt.Sprintf("file is %d bytes; amlc reads spec files of at most %d bytes", len(src), maxFileSize))}
	}
	if pos, ok := firstInvalidUTF8(f.path, src); !ok {
		return nil, diag.Diagnostics{diag.Errorf("input/encoding", pos, "", "file is not valid UTF-8")}
	}
	var file *ast.File
	switch f.kind {
	case "cue":
		// Comments are not read: nothing amlc reports depends on them.
		file, err = parser.ParseFile(f.path, src)
	case "json":
		var x ast.Expr
		x, err = cuejson.Extract(f.path, src)
		if err == nil {
			file, err = exprFile(f.path, x)
		}
	case "yaml":
		file, err = extractYAML(f.path, src)
	}
	if err != nil {
		return nil, stdinHint(f, src, syntaxDiags(f.path, err))
	}
	if f.kind != "cue" {
		dropSchemaMember(file)
	}
	return &parsed{inputFile: f, file: file}, nil
}

// parseAll parses the files on every core, keeping their order.
func parseAll(inputs []inputFile) ([]*parsed, diag.Diagnostics) {
	type result struct {
		p  *parsed
		ds diag.Diagnostics
	}
	results := make([]result, len(inputs))
	parallel.ForEach(len(inputs), func(i int) {
		results[i].p, results[i].ds = parseFile(inputs[i])
	})
	files := make([]*parsed, 0, len(inputs))
	var ds diag.Diagnostics
	for _, r := range results {
		ds = append(ds, r.ds...)
		if r.p != nil {
			files = append(files, r.p)
		}
	}
	return files, ds
}

// yamlErrRE matches the plain errors of the YAML decoder: "file:line: msg".
var yamlErrRE = regexp.MustCompile(`^(.*?):(\d+): (.*)$`)

// syntaxDiags reports a parse error at its position with the parser's own
// words, without the wrappers the decoders put around them.
func syntaxDiags(path string, err error) diag.Diagnostics {
	var ce cueerrors.Error
	if !errors.As(err, &ce) {
		if m := yamlErrRE.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[2])
			return diag.Diagnostics{diag.Errorf("input/syntax", diag.Pos{Filename: path, Line: line}, "", m[3])}
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

// exprFile wraps the top-level expression of a data file into a file. A JSON
// document must be an object: it is unified with the rest of the spec.
func exprFile(name string, x ast.Expr) (*ast.File, error) {
	st, ok := x.(*ast.StructLit)
	if !ok {
		return nil, posError(x.Pos(), "a JSON spec file must hold an object at the top level")
	}
	return &ast.File{Filename: name, Decls: st.Elts}, nil
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
	file, err = cueyaml.Extract(path, src)
	if err == nil {
		placeMergeOverrides(file, src)
	}
	return file, err
}
