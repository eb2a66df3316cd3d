package schema

import (
	"regexp"
	"strconv"
	"strings"

	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/literal"
	"cuelang.org/go/cue/token"
)

// Plain data: spec files that are only literals. Most specs are written
// that way, and every generated or imported one is: fields with literal
// labels and values, structs and lists, no references, comprehensions,
// disjunctions, definitions, lets, imports or attributes. For them, CUE's
// unification is merging, so amlc merges the files itself and checks the
// result against the schema's structure (see plainshape.go) without
// evaluating the configuration in CUE. Anything else, and any input that
// is plain but wrong, takes the CUE path, which reports the findings.

// pkind is the kind of a plain value.
type pkind uint8

const (
	pStruct pkind = iota
	pList
	pString
	pInt
	pBool
	pNull
)

// pnode is a plain value.
type pnode struct {
	kind pkind
	str  string // pString
	num  int64  // pInt
	b    bool   // pBool
	// pStruct: fields in the order first written, and by name once
	// there are more than a few (a short list is scanned).
	fields []*pfield
	index  map[string]*pfield
	// pList: the elements.
	elems []*pnode
	// src identifies what the node was read from, when nothing else
	// went into it: the struct literal of a file's syntax (plain data),
	// or the node itself in the tree of an evaluated unit, which is never
	// changed. Vets that share the source share what is checked of it
	// (checkmemo.go). Nil otherwise.
	src any
	// shared marks a node (and everything below it) that other Vets read
	// too (mergememo.go): it is never changed, and copied before anything
	// is merged into it.
	shared bool
}

// pfield is a field of a plain struct, with where it is written.
type pfield struct {
	name  string
	value *pnode
	// count is how often the field is written across all files.
	count int
	// label is the position of the first label; last that of the value
	// of the last occurrence. CUE reports a value written once at its
	// label, and a struct written several times at its last value.
	label, last token.Pos
}

// indexAfter is how many fields a struct holds before it gets an index.
const indexAfter = 8

// field returns the field of a struct with that name, or nil.
func (n *pnode) field(name string) *pfield {
	if n.index != nil {
		return n.index[name]
	}
	for _, f := range n.fields {
		if f.name == name {
			return f
		}
	}
	return nil
}

// insert adds a new field to a struct.
func (n *pnode) insert(f *pfield) {
	n.fields = append(n.fields, f)
	switch {
	case n.index != nil:
		n.index[f.name] = f
	case len(n.fields) > indexAfter:
		n.index = make(map[string]*pfield, 2*len(n.fields))
		for _, f := range n.fields {
			n.index[f.name] = f
		}
	}
}

// pos is where CUE's Value.Pos places the field's value (see pfield).
func (f *pfield) pos() token.Pos {
	if f.count == 1 {
		return f.label
	}
	return f.last
}

// mergePlain merges the declarations of one file into root. It reports
// false when the file is not plain data, or when merging needs CUE
// (a scalar or list written twice, or a struct meeting a scalar).
func mergePlain(root *pnode, decls []ast.Decl) bool {
	return mergeDecls(root, decls, nil, levelOther)
}

// mergeLevel is where a struct is in the configuration, for mergeDecls.
type mergeLevel uint8

const (
	levelOther      mergeLevel = iota
	levelTop                   // the configuration
	levelWorkspaces            // the top's "workspaces"
)

// mergeDecls is mergePlain into a struct at level; with memo, each
// workspace (a field of levelWorkspaces) is taken from memo, merged once
// for every Vet that shares the syntax.
func mergeDecls(root *pnode, decls []ast.Decl, memo *mergeMemo, level mergeLevel) bool {
	for _, d := range decls {
		switch d := d.(type) {
		case *ast.Package, *ast.CommentGroup:
		case *ast.Field:
			if !mergeField(root, d, memo, level) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func mergeField(st *pnode, f *ast.Field, memo *mergeMemo, level mergeLevel) bool {
	if f.Constraint != token.ILLEGAL || len(f.Attrs) > 0 {
		return false
	}
	name, ok := plainLabel(f.Label)
	if !ok {
		return false
	}
	pf := st.field(name)
	if pf == nil {
		pf = &pfield{name: name, label: f.Label.Pos()}
		st.insert(pf)
	}
	pf.count++
	pf.last = f.Value.Pos()
	if sl, isStruct := f.Value.(*ast.StructLit); isStruct {
		switch {
		case pf.value == nil && level == levelWorkspaces && memo != nil:
			n, ok := memo.workspace(sl)
			pf.value = n
			return ok
		case pf.value == nil:
			pf.value = &pnode{kind: pStruct, src: sl}
		case pf.value.kind != pStruct:
			return false
		default:
			if pf.value.shared {
				pf.value = pf.value.copy()
			}
			pf.value.src = nil // written in more than one place
		}
		next := levelOther
		if level == levelTop && name == "workspaces" {
			next = levelWorkspaces
		}
		return mergeDecls(pf.value, sl.Elts, memo, next)
	}
	if pf.value != nil {
		return false // a scalar or list written twice: CUE decides
	}
	pf.value, ok = plainValue(f.Value)
	return ok
}

// plainLabel returns a field's name when the label is an identifier or a
// plain string, and not a definition or hidden field.
func plainLabel(l ast.Label) (string, bool) {
	switch l := l.(type) {
	case *ast.Ident:
		if strings.HasPrefix(l.Name, "_") || strings.HasPrefix(l.Name, "#") || l.Name == "" {
			return "", false
		}
		return l.Name, true
	case *ast.BasicLit:
		if l.Kind != token.STRING {
			return "", false
		}
		return plainString(l.Value)
	}
	return "", false
}

// plainString unquotes a double-quoted CUE string (simple, raw or
// multi-line); byte strings and anything else are not plain.
func plainString(lit string) (string, bool) {
	if strings.HasPrefix(strings.TrimLeft(lit, "#"), "'") {
		return "", false
	}
	s, err := literal.Unquote(lit)
	return s, err == nil
}

// plainIntRE is the integer syntax read here; other spellings (1_000, 0x10,
// 1Ki) are left to CUE.
var plainIntRE = regexp.MustCompile(`^-?(0|[1-9][0-9]*)$`)

// plainValue converts a value expression that is not a struct.
func plainValue(x ast.Expr) (*pnode, bool) {
	switch x := x.(type) {
	case *ast.StructLit:
		n := &pnode{kind: pStruct}
		return n, mergePlain(n, x.Elts)
	case *ast.ListLit:
		n := &pnode{kind: pList}
		for _, e := range x.Elts {
			v, ok := plainValue(e)
			if !ok {
				return nil, false
			}
			n.elems = append(n.elems, v)
		}
		return n, true
	case *ast.BasicLit:
		return plainLit(x.Kind, x.Value)
	case *ast.UnaryExpr:
		if lit, ok := x.X.(*ast.BasicLit); ok && x.Op == token.SUB && lit.Kind == token.INT {
			return plainLit(token.INT, "-"+lit.Value)
		}
	}
	return nil, false
}

func plainLit(kind token.Token, v string) (*pnode, bool) {
	switch kind {
	case token.STRING:
		s, ok := plainString(v)
		return &pnode{kind: pString, str: s}, ok
	case token.INT:
		if !plainIntRE.MatchString(v) {
			return nil, false
		}
		n, err := strconv.ParseInt(v, 10, 64)
		return &pnode{kind: pInt, num: n}, err == nil
	case token.TRUE, token.FALSE:
		return &pnode{kind: pBool, b: kind == token.TRUE}, true
	case token.NULL:
		return &pnode{kind: pNull}, true
	}
	return nil, false
}
