package schema

import (
	"strings"

	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/literal"

	"github.com/amlc-dev/amlc/internal/textdist"
)

// File selection (docs/loading.md, "What is read as a spec"). A spec
// directory may hold other JSON and YAML files: amlc's own plans and
// templates, CI configuration, az ml compute YAML, package.json. They are
// left out by these rules, and only files found in a directory are: a file
// named on the command line is always read as a spec, except one amlc
// wrote, which is refused.

// specKeys are the top-level fields of the spec language.
var specKeys = []string{"workspaces", "quotas"}

// verdict is what the selection makes of a file or package.
type verdict uint8

const (
	isSpec     verdict = iota // read it
	amlcOutput                // a plan or template amlc wrote: never read
	notSpec                   // plainly not a spec: left out with a note
)

// judgeData decides about a JSON or YAML file. amlc's own outputs carry a
// marker: a template has metadata._generator.name "amlc" (compiler), a plan
// has formatVersion and changes at its top (diff.Plan), and a plan written
// by this version also "generator": "amlc". Any other file whose top level
// is not an object, or has neither workspaces nor quotas nor a key within
// vet's did-you-mean distance of one of them, is plainly not a spec.
func judgeData(p *parsed) verdict {
	if p.notObject {
		return notSpec
	}
	top := topFields(p.file)
	if isAMLCOutput(top) {
		return amlcOutput
	}
	for name := range top {
		if nearSpecKey(name) {
			return isSpec
		}
	}
	return notSpec
}

// isAMLCOutput reports whether the top-level fields are those of a file
// amlc wrote.
func isAMLCOutput(top map[string]ast.Expr) bool {
	if g, ok := top["generator"]; ok && stringLit(g) == "amlc" {
		return true
	}
	if _, ok := top["formatVersion"]; ok {
		if _, ok := top["changes"]; ok {
			return true
		}
	}
	if md, ok := top["metadata"].(*ast.StructLit); ok {
		if gen, ok := declFields(md.Elts)["_generator"].(*ast.StructLit); ok {
			return stringLit(declFields(gen.Elts)["name"]) == "amlc"
		}
	}
	return false
}

// nearSpecKey reports whether a top-level key is workspaces or quotas, or
// within two edits of one ignoring case: the distance at which vet's
// did-you-mean names a field (schemaerr.go), so that a misspelt key makes
// the file a spec with an error rather than a file left out.
func nearSpecKey(name string) bool {
	lower := strings.ToLower(name)
	for _, k := range specKeys {
		if textdist.Levenshtein(lower, k) <= 2 {
			return true
		}
	}
	return false
}

// judgePackage decides about a CUE package that a ... pattern matched and
// no argument named: it is left out when its files declare top-level
// fields but none is workspaces or quotas (or near one), and embed nothing
// that could produce them. A package of definitions alone is read: it
// contributes no data, so this changes no result.
func judgePackage(files []*ast.File) verdict {
	other := false
	for _, f := range files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.Field:
				name, ok := regularLabel(d.Label)
				switch {
				case !ok:
				case nearSpecKey(name):
					return isSpec
				default:
					other = true
				}
			case *ast.EmbedDecl, *ast.Comprehension:
				return isSpec // cannot tell without evaluating
			}
		}
	}
	if other {
		return notSpec
	}
	return isSpec
}

// topFields returns a data file's top-level fields by name.
func topFields(f *ast.File) map[string]ast.Expr {
	return declFields(f.Decls)
}

// declFields returns the fields among declarations by name.
func declFields(decls []ast.Decl) map[string]ast.Expr {
	m := map[string]ast.Expr{}
	for _, d := range decls {
		if f, ok := d.(*ast.Field); ok {
			if name, _, err := ast.LabelName(f.Label); err == nil {
				m[name] = f.Value
			}
		}
	}
	return m
}

// regularLabel returns the name of a regular field's label: not a
// definition, not hidden, not a pattern or dynamic label.
func regularLabel(l ast.Label) (string, bool) {
	name, isIdent, err := ast.LabelName(l)
	if err != nil {
		return "", false
	}
	if isIdent && (strings.HasPrefix(name, "#") || strings.HasPrefix(name, "_")) {
		return "", false
	}
	return name, true
}

// stringLit returns the value of a string literal, or "".
func stringLit(x ast.Expr) string {
	lit, ok := x.(*ast.BasicLit)
	if !ok {
		return ""
	}
	s, err := literal.Unquote(lit.Value)
	if err != nil {
		return ""
	}
	return s
}
