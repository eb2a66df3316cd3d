package schema

import (
	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/token"
)

// dropSchemaMember removes the top-level "$schema" member of a JSON or
// YAML spec, the reference to the JSON Schema an editor checks the file
// with (docs/editors.md). The schema allows it, but two files of one
// configuration that name the JSON Schema differently ("./x.json" and a
// URL) would conflict when unified; amlc has no use for the value.
func dropSchemaMember(f *ast.File) {
	out := f.Decls[:0]
	for _, d := range f.Decls {
		if fl, ok := d.(*ast.Field); ok && isSchemaMember(fl) {
			continue
		}
		out = append(out, d)
	}
	f.Decls = out
}

func isSchemaMember(fl *ast.Field) bool {
	name, _, err := ast.LabelName(fl.Label)
	if err != nil || name != "$schema" {
		return false
	}
	lit, ok := fl.Value.(*ast.BasicLit)
	return ok && lit.Kind == token.STRING
}
