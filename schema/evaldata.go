package schema

import (
	"strconv"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/literal"
	"cuelang.org/go/cue/token"
)

// dataOf returns the evaluated configuration as data: a CUE value of
// literals holding what `cue export` of the user's configuration would
// hold, with every default of the user's own definitions taken, and
// nothing of how it was written (definitions, their closedness,
// references, comprehensions). The diagnostic path unifies this value with
// the schema, so that amlc's defaults come after the user's, as on the
// evaluated path (evaluated.go). Each literal carries the position CUE
// reports for the value it stands for, so that findings point where they
// would point in the user's own configuration. A value that is not
// concrete stays as CUE prints it. An error of the configuration itself,
// which userConflicts reports, stays an error at its place, one whose
// message schemaDiags leaves out (reportedError).
func dataOf(ctx *cue.Context, uv cue.Value) cue.Value {
	if d, ok := uv.Default(); ok && d.Kind() == cue.NullKind && uv.IncompleteKind() == cue.TopKind {
		// An empty YAML document (null by default, anything else
		// allowed): nothing is declared, as unifying it as written says.
		return ctx.CompileString("{}")
	}
	x, conflict := dataExpr(ctx.CompileString("_"), uv)
	dv := ctx.BuildExpr(x)
	if conflict {
		dv = dv.Unify(ctx.BuildExpr(marker(token.NoPos)))
	}
	return dv
}

// dataExpr returns the data of v; top is CUE's top value. conflict says
// that v is a struct with fields and an error of its own (a struct and a
// scalar at once): unified as written, its fields are still there, to be
// looked up and decoded, while the error keeps the schema from looking
// inside. The caller adds marker beside the struct for that.
func dataExpr(top, v cue.Value) (x ast.Expr, conflict bool) {
	d, _ := v.Default()
	if d.Err() != nil {
		// An error that comes from where the value stands (a closed
		// struct around it that does not allow it) is reported from the
		// configuration itself; the value, taken out of there, is what
		// the schema is to check, as unifying the workspace with the
		// schema on its own checks it.
		if r, _ := top.Unify(v).Default(); r.Err() == nil {
			d = r
		}
	}
	pos := dataValuePos(d)
	switch d.Kind() {
	case cue.StringKind:
		s, _ := d.String()
		return &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: literal.String.Quote(s)}, false
	case cue.IntKind, cue.FloatKind:
		// Numbers keep CUE's own spelling of them.
		if lit, ok := d.Syntax().(*ast.BasicLit); ok {
			return &ast.BasicLit{ValuePos: pos, Kind: lit.Kind, Value: lit.Value}, false
		}
	case cue.BoolKind:
		b, _ := d.Bool()
		return &ast.BasicLit{ValuePos: pos, Kind: map[bool]token.Token{true: token.TRUE, false: token.FALSE}[b], Value: strconv.FormatBool(b)}, false
	case cue.NullKind:
		return &ast.BasicLit{ValuePos: pos, Kind: token.NULL, Value: "null"}, false
	}
	if d.IncompleteKind() == cue.TopKind && d.Err() == nil {
		return anyAt(pos), false // anything: what the schema says it must be
	}
	// Structs and lists, also those with an error somewhere inside (whose
	// kind is then bottom, and which List does not take), and structs with
	// an error of their own.
	it, err := d.Fields()
	ownErr := false
	if err != nil {
		it, err = d.Fields(cue.Hidden(true))
		ownErr = true
	}
	if err == nil {
		st := &ast.StructLit{Lbrace: pos}
		l := &ast.ListLit{Lbrack: pos}
		for it.Next() {
			fv := it.Value()
			switch sel := it.Selector(); sel.LabelType() {
			case cue.IndexLabel:
				e, _ := dataExpr(top, fv)
				l.Elts = append(l.Elts, e)
			case cue.StringLabel:
				e, conflict := dataExpr(top, fv)
				st.Elts = append(st.Elts, dataField(sel.Unquoted(), dataLabelPos(fv), e))
				if conflict {
					st.Elts = append(st.Elts, dataField(sel.Unquoted(), dataLabelPos(fv), marker(dataValuePos(fv))))
				}
			}
		}
		switch {
		case d.IncompleteKind() == cue.ListKind || len(l.Elts) > 0:
			return l, false
		case ownErr && len(st.Elts) > 0:
			return st, true
		case !ownErr && (len(st.Elts) > 0 || d.IncompleteKind()&cue.StructKind != 0):
			return st, false
		}
	}
	if d.Err() == nil {
		// Not concrete: the value as CUE prints it, for the schema to
		// decide (a default of the schema may still make it concrete).
		if x, ok := d.Syntax(cue.Final()).(ast.Expr); ok {
			ast.SetPos(x, pos)
			return x, false
		}
		// Not data at all (a function of the standard library): any
		// value, which the schema refuses wherever it stands, as not
		// allowed or not concrete.
		return anyAt(pos), false
	}
	if d.Validate() == nil {
		// An incomplete error, which validating the configuration does
		// not report: any value of the kinds it may have, for the
		// schema to say where it fails; with no kind left, the error
		// itself, for the schema to report.
		if k := d.IncompleteKind(); k != cue.BottomKind {
			return kindAt(k, pos), false
		}
		x := ast.NewCall(ast.NewIdent("error"), ast.NewString(d.Err().Error()))
		ast.SetPos(x, pos)
		return x, false
	}
	return errorAt(pos), false
}

// anyAt is CUE's top, _, at pos.
func anyAt(pos token.Pos) ast.Expr {
	x := ast.NewIdent("_")
	x.NamePos = pos
	return x
}

// kindAt is any value of kind k at pos: int, string, {...} and so on, or
// _ for several kinds.
func kindAt(k cue.Kind, pos token.Pos) ast.Expr {
	var x ast.Expr
	switch k {
	case cue.StructKind:
		x = &ast.StructLit{Elts: []ast.Decl{&ast.Ellipsis{}}}
	case cue.ListKind:
		x = &ast.ListLit{Elts: []ast.Expr{&ast.Ellipsis{}}}
	case cue.IntKind, cue.FloatKind, cue.NumberKind, cue.StringKind, cue.BytesKind, cue.BoolKind:
		x = ast.NewIdent(k.String())
	case cue.NullKind:
		x = ast.NewNull()
	default:
		return anyAt(pos)
	}
	ast.SetPos(x, pos)
	return x
}

// dataField is a field of the data.
func dataField(name string, pos token.Pos, value ast.Expr) *ast.Field {
	label := ast.NewString(name)
	label.ValuePos = pos
	return &ast.Field{Label: label, Value: value}
}

// errorAt stands for a value with an error, which the user's configuration
// reports on its own (userConflicts): an error that schemaDiags leaves
// out. Unlike _|_, which CUE reports at the top of the configuration,
// error("…") is reported where it is.
func errorAt(pos token.Pos) ast.Expr {
	x := ast.NewCall(ast.NewIdent("error"), ast.NewString(reportedError))
	ast.SetPos(x, pos)
	return x
}

// marker is a string to conflict with a struct, as a struct with an
// error of its own does in the configuration.
func marker(pos token.Pos) ast.Expr {
	return &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: literal.String.Quote(reportedError)}
}

// reportedError is the message of errorAt and the marker.
const reportedError = "amlc: an error of the configuration itself, reported on its own"

// dataLabelPos is where CUE reports an error about the field of v (one not
// allowed): its label, or the label where it is first written.
func dataLabelPos(v cue.Value) token.Pos {
	if _, ok := v.Source().(*ast.Field); !ok {
		if op, args := v.Expr(); op == cue.AndOp && len(args) > 0 {
			return args[0].Pos()
		}
	}
	return v.Pos()
}

// dataValuePos is where CUE reports an error about the value v: where the
// expression that gave it its value is written (a literal, or what a
// reference refers to), rather than its field's label.
func dataValuePos(v cue.Value) token.Pos {
	switch src := v.Source().(type) {
	case *ast.Field:
		return src.Value.Pos()
	case nil:
		return v.Pos()
	default:
		return src.Pos()
	}
}
