package schema

import (
	"fmt"
	"slices"
	"strings"

	"cuelang.org/go/cue"
	cueerrors "cuelang.org/go/cue/errors"
	"cuelang.org/go/cue/token"

	"github.com/amlc-dev/amlc/internal/diag"
)

// schemaFilename names the embedded schema in CUE positions. Positions in it
// are never the primary position of a finding when the user's file has one.
const schemaFilename = "amlc:schema/spec.cue"

// fromCUE turns CUE errors (syntax, evaluation) into diagnostics with the
// given code, one per error, at the first position in a user file.
func fromCUE(err error, user *cue.Value, code string) diag.Diagnostics {
	var ds diag.Diagnostics
	for _, e := range cueerrors.Errors(err) {
		path := e.Path()
		d := diag.Errorf(code, primaryPos(e, user, path), pathString(path), redacted(e, message(e)))
		ds = append(ds, d.WithRelated(userPositions(e)...))
	}
	return ds
}

// message formats a CUE error's message without its path.
func message(e cueerrors.Error) string {
	format, args := e.Msg()
	return fmt.Sprintf(format, args...)
}

// userPositions returns the positions of e that are in user files.
func userPositions(e cueerrors.Error) []diag.Pos {
	var ps []diag.Pos
	for _, p := range cueerrors.Positions(e) {
		if p.IsValid() && p.Filename() != schemaFilename {
			ps = append(ps, posOf(p, ""))
		}
	}
	return ps
}

// primaryPos picks the position a finding is reported at: the first one in
// a user file, else the position of the longest prefix of path that exists
// in the user's configuration (CUE reports only schema positions for some
// errors, and none at all for others).
func primaryPos(e cueerrors.Error, user *cue.Value, path []string) diag.Pos {
	if p := e.Position(); p.IsValid() && p.Filename() != schemaFilename {
		return posOf(p, "")
	}
	if ps := userPositions(e); len(ps) > 0 {
		return ps[0]
	}
	if user != nil {
		return lookupPos(*user, path)
	}
	return diag.Pos{}
}

// valuePos picks the position of a schema violation: as primaryPos, but of
// the user positions CUE gives, the last. They run from the outside in: a
// comprehension or a reference comes before the value it produced, which
// is what the user has to change (and, for a generated cluster, what
// tells it apart from the comprehension's other clusters).
func valuePos(e cueerrors.Error, user *cue.Value, path []string) diag.Pos {
	if p := e.Position(); p.IsValid() && p.Filename() != schemaFilename {
		return posOf(p, "")
	}
	if ps := userPositions(e); len(ps) > 0 {
		return ps[len(ps)-1]
	}
	return primaryPos(e, user, path)
}

// lookupPos returns the position of the longest prefix of path that exists
// in v.
func lookupPos(v cue.Value, path []string) diag.Pos {
	for n := len(path); n >= 0; n-- {
		sv := v.LookupPath(cuePath(path[:n]))
		if !sv.Exists() {
			continue
		}
		if p := sv.Pos(); p.IsValid() && p.Filename() != schemaFilename {
			return posOf(p, "")
		}
	}
	return diag.Pos{}
}

// cuePath builds a path from selectors as CUE errors report them (labels
// that are not identifiers come quoted).
func cuePath(sels []string) cue.Path {
	ss := make([]cue.Selector, 0, len(sels))
	for _, s := range sels {
		ss = append(ss, selector(s))
	}
	return cue.MakePath(ss...)
}

func selector(s string) cue.Selector {
	if strings.HasPrefix(s, "#") {
		return cue.Def(s)
	}
	if len(s) >= 2 && s[0] == '"' {
		if u, err := unquote(s); err == nil {
			return cue.Str(u)
		}
	}
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		var i int
		if _, err := fmt.Sscanf(s, "[%d]", &i); err == nil {
			return cue.Index(i)
		}
	}
	var i int
	if _, err := fmt.Sscanf(s, "%d", &i); err == nil && fmt.Sprint(i) == s {
		return cue.Index(i)
	}
	return cue.Str(s)
}

// pathString renders selectors as a CUE path, quoting labels that are not
// identifiers: workspaces."ml-prod".clusters.gpu.maxNodes.
func pathString(sels []string) string {
	var b strings.Builder
	for i, s := range sels {
		if i > 0 {
			b.WriteByte('.')
		}
		if len(s) > 0 && (s[0] == '"' || s[0] == '#' || s[0] == '[' || isIdent(s) || isIndex(s)) {
			b.WriteString(s)
		} else {
			b.WriteString(quoteLabel(s))
		}
	}
	return b.String()
}

// FieldPath renders labels as the CUE path findings carry, each quoted
// when it is not an identifier: workspaces."ml-prod".clusters.gpu.vmSize.
func FieldPath(labels ...string) string { return pathString(labels) }

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9' {
			continue
		}
		return false
	}
	return true
}

func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func quoteLabel(s string) string {
	b, _ := marshalString(s)
	return b
}

// isSchemaPos reports whether p is in the embedded schema.
func isSchemaPos(p token.Pos) bool { return p.Filename() == schemaFilename }

// redacted returns msg, or a message without values when the error is
// about a password: a password's value never appears in a finding.
func redacted(e cueerrors.Error, msg string) string {
	if slices.Contains(e.Path(), "password") {
		return fieldName(e.Path()) + " is not valid (its value is not shown)"
	}
	return msg
}
