package schema

import (
	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/build"
	"cuelang.org/go/cue/token"
)

// risky reports whether the CUE files of the instances (and of the
// packages they import) use an operation that can ask for more memory than
// the machine has in one allocation: a repetition (strings.Repeat,
// bytes.Repeat, list.Repeat, however the package is named) or a
// multiplication that is not of two number literals (a string or bytes
// times a count). A single such allocation ends a Go process with a fatal
// error that nothing in it can catch; Options.Guard evaluates such specs in
// another process first. Anything else grows memory step by step, which
// the bound on memory catches (internal/bound).
func risky(pk *packages) bool {
	seen := map[*build.Instance]bool{}
	var walk func(inst *build.Instance) bool
	walk = func(inst *build.Instance) bool {
		if seen[inst] {
			return false
		}
		seen[inst] = true
		for _, f := range inst.Files {
			if riskyFile(f) {
				return true
			}
		}
		for _, dep := range inst.Imports {
			if walk(dep) {
				return true
			}
		}
		return false
	}
	for _, inst := range pk.instances() {
		if walk(inst) {
			return true
		}
	}
	return false
}

func riskyFile(f *ast.File) bool {
	found := false
	ast.Walk(f, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if name, _, _ := ast.LabelName(n.Sel); name == "Repeat" {
				found = true
			}
		case *ast.BinaryExpr:
			if n.Op == token.MUL && !(numberLit(n.X) && numberLit(n.Y)) {
				found = true
			}
		}
		return !found
	}, nil)
	return found
}

// numberLit reports whether x is a number literal, possibly negated.
func numberLit(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.BasicLit:
		return x.Kind == token.INT || x.Kind == token.FLOAT
	case *ast.UnaryExpr:
		return (x.Op == token.SUB || x.Op == token.ADD) && numberLit(x.X)
	case *ast.ParenExpr:
		return numberLit(x.X)
	}
	return false
}
