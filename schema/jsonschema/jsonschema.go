// Package jsonschema derives a JSON Schema (draft 2020-12) from amlc's
// embedded CUE schema, for editors of YAML and JSON specs: completion,
// hover text from the schema's comments, and the errors a schema can
// express (unknown and missing fields, types, enumerations, bounds).
// `amlc schema --format jsonschema` prints it; schema/amlc.schema.json is
// the copy shipped in the repository, kept equal to it by a test.
//
// It walks the schema's syntax, which is small and written for this: the
// definitions become $defs, #Top the document (with #Workspace for each
// workspace, as #Spec says). A construct it does not know is an error, so
// that a change to the schema cannot silently yield a JSON Schema that
// accepts what amlc refuses or refuses what it accepts (the tests compare
// the two on every fixture and script spec). cuelang.org/go's own
// encoding/jsonschema.Generate (experimental in v0.17) was tried first:
// on #Spec it refused every workspace, and on the definitions it dropped
// the bounds of fields with a default and wrapped integers in
// allOf[number, integer].
package jsonschema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/cuecontext"
	"cuelang.org/go/cue/literal"
	"cuelang.org/go/cue/parser"
	"cuelang.org/go/cue/token"

	"github.com/amlc-dev/amlc/schema"
)

// Draft is the JSON Schema dialect of the output.
const Draft = "https://json-schema.org/draft/2020-12/schema"

// Generate returns the JSON Schema of amlc specs, indented by two spaces
// and ending in a newline. The output is the same for the same schema.
func Generate() ([]byte, error) {
	return generate(schema.Source)
}

func generate(src []byte) ([]byte, error) {
	f, err := parser.ParseFile("spec.cue", src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	g := &generator{ctx: cuecontext.New(), defs: map[string]*ast.Field{}, used: map[string]bool{}}
	for _, d := range f.Decls {
		if fl, ok := d.(*ast.Field); ok {
			if name, _, err := ast.LabelName(fl.Label); err == nil && strings.HasPrefix(name, "#") {
				g.defs[name] = fl
			}
		}
	}
	root, err := g.document()
	if err != nil {
		return nil, err
	}
	var defs object
	// $defs holds the definitions reached, in name order; generating one
	// may reach others.
	done := map[string]bool{}
	for {
		var next []string
		for name := range g.used {
			if !done[name] {
				next = append(next, name)
			}
		}
		if len(next) == 0 {
			break
		}
		for _, name := range next {
			done[name] = true
			s, err := g.definition(name)
			if err != nil {
				return nil, err
			}
			defs = append(defs, member{strings.TrimPrefix(name, "#"), s})
		}
	}
	slices.SortFunc(defs, func(a, b member) int { return strings.Compare(a.key, b.key) })
	root = append(root, member{"$defs", defs})

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// generator turns schema syntax into JSON Schema.
type generator struct {
	ctx  *cue.Context
	defs map[string]*ast.Field // the schema's definitions by name
	used map[string]bool       // definitions referred to
}

// document is the JSON Schema of a whole spec: #Top, whose open
// workspaces are each a #Workspace (#Spec).
func (g *generator) document() (object, error) {
	top, err := g.definition("#Top")
	if err != nil {
		return nil, err
	}
	props, ok := top.get("properties").(object)
	if !ok {
		return nil, fmt.Errorf("#Top has no fields")
	}
	ws, ok := props.get("workspaces").(object)
	if !ok || ws.get("additionalProperties") == nil {
		return nil, fmt.Errorf("#Top.workspaces is not a struct of workspaces")
	}
	if _, ok := g.defs["#Workspace"]; !ok {
		return nil, fmt.Errorf("the schema has no #Workspace")
	}
	g.used["#Workspace"] = true
	ws.set("additionalProperties", object{{"$ref", "#/$defs/Workspace"}})
	doc := object{
		{"$schema", Draft},
		{"title", "amlc spec"},
		{"description", "Azure Machine Learning compute clusters (AmlCompute) by workspace, and the vCPU quotas they draw on. " +
			"Generated from amlc's CUE schema (amlc schema); amlc vet runs checks beyond it: docs/editors.md."},
	}
	for _, m := range top {
		if m.key != "description" {
			doc = append(doc, m)
		}
	}
	return doc, nil
}

// definition is the JSON Schema of a definition, described by its comment.
func (g *generator) definition(name string) (object, error) {
	fl, ok := g.defs[name]
	if !ok {
		return nil, fmt.Errorf("the schema has no %s", name)
	}
	s, err := g.expr(fl.Value)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return withDescription(s, docOf(fl)), nil
}

// expr is the JSON Schema of a value expression.
func (g *generator) expr(x ast.Expr) (object, error) {
	switch x := x.(type) {
	case *ast.ParenExpr:
		return g.expr(x.X)
	case *ast.Ident:
		return g.ident(x)
	case *ast.BasicLit:
		v, err := literalValue(x)
		if err != nil {
			return nil, err
		}
		return object{{"const", v}}, nil
	case *ast.UnaryExpr:
		return g.bound(x)
	case *ast.BinaryExpr:
		switch x.Op {
		case token.AND:
			return g.and(x)
		case token.OR:
			return g.or(x)
		}
	case *ast.StructLit:
		return g.structLit(x)
	case *ast.ListLit:
		return g.list(x)
	}
	return nil, fmt.Errorf("%s: %s is not supported by the JSON Schema generator", x.Pos(), describe(x))
}

// ident is a kind, top, or a reference to a definition.
func (g *generator) ident(x *ast.Ident) (object, error) {
	switch x.Name {
	case "string":
		return object{{"type", "string"}}, nil
	case "int":
		return object{{"type", "integer"}}, nil
	case "number", "float":
		return object{{"type", "number"}}, nil
	case "bool":
		return object{{"type", "boolean"}}, nil
	case "null":
		return object{{"type", "null"}}, nil
	case "_":
		return object{}, nil
	}
	if _, ok := g.defs[x.Name]; ok {
		g.used[x.Name] = true
		return object{{"$ref", "#/$defs/" + strings.TrimPrefix(x.Name, "#")}}, nil
	}
	return nil, fmt.Errorf("%s: reference %s is not supported by the JSON Schema generator", x.Pos(), x.Name)
}

// bound is a comparison: >=, <=, >, <, != or a regular expression.
func (g *generator) bound(x *ast.UnaryExpr) (object, error) {
	lit, ok := x.X.(*ast.BasicLit)
	if !ok {
		return nil, fmt.Errorf("%s: a bound on %s is not supported by the JSON Schema generator", x.Pos(), describe(x.X))
	}
	v, err := literalValue(lit)
	if err != nil {
		return nil, err
	}
	_, isNum := v.(json.Number)
	switch {
	case x.Op == token.GEQ && isNum:
		return object{{"minimum", v}}, nil
	case x.Op == token.LEQ && isNum:
		return object{{"maximum", v}}, nil
	case x.Op == token.GTR && isNum:
		return object{{"exclusiveMinimum", v}}, nil
	case x.Op == token.LSS && isNum:
		return object{{"exclusiveMaximum", v}}, nil
	case x.Op == token.NEQ && v == "":
		// In CUE, != "" refuses only the empty string; every other value
		// of any kind passes it, so it says nothing about the type.
		return object{{"not", object{{"const", ""}}}}, nil
	case x.Op == token.NEQ:
		return object{{"not", object{{"const", v}}}}, nil
	case x.Op == token.MAT:
		if s, ok := v.(string); ok {
			return object{{"pattern", s}}, nil
		}
	}
	return nil, fmt.Errorf("%s: the bound %s%s is not supported by the JSON Schema generator", x.Pos(), x.Op, lit.Value)
}

// and is a conjunction: the keywords of both sides, or allOf when they
// share one.
func (g *generator) and(x *ast.BinaryExpr) (object, error) {
	var parts []object
	for _, c := range flatten(x, token.AND) {
		s, err := g.expr(c)
		if err != nil {
			return nil, err
		}
		parts = append(parts, s)
	}
	merged := object{}
	for _, p := range parts {
		for _, m := range p {
			if merged.get(m.key) != nil {
				return object{{"allOf", parts}}, nil
			}
			merged = append(merged, m)
		}
	}
	// "string & !=''" reads better, and validates the same, as a minimum
	// length.
	if merged.get("type") == "string" {
		if not, ok := merged.get("not").(object); ok && len(not) == 1 && not.get("const") == "" {
			merged = merged.without("not")
			merged = append(merged, member{"minLength", 1})
		}
	}
	return merged, nil
}

// or is a disjunction: an enumeration of literals, or the disjuncts that
// are not instances of another one (CUE decides); its default, marked *,
// becomes the default.
func (g *generator) or(x *ast.BinaryExpr) (object, error) {
	var (
		def     any
		hasDef  bool
		values  []cue.Value
		schemas []object
		lits    []any
		allLits = true
	)
	for _, d := range flatten(x, token.OR) {
		if u, ok := d.(*ast.UnaryExpr); ok && u.Op == token.MUL {
			d = u.X
			lit, ok := d.(*ast.BasicLit)
			if !ok {
				return nil, fmt.Errorf("%s: a default that is not a literal is not supported by the JSON Schema generator", u.Pos())
			}
			v, err := literalValue(lit)
			if err != nil {
				return nil, err
			}
			def, hasDef = v, true
		}
		s, err := g.expr(d)
		if err != nil {
			return nil, err
		}
		schemas = append(schemas, s)
		values = append(values, g.ctx.BuildExpr(d))
		if lit, ok := d.(*ast.BasicLit); ok {
			v, err := literalValue(lit)
			if err != nil {
				return nil, err
			}
			lits = append(lits, v)
		} else {
			allLits = false
		}
	}
	var out object
	if allLits {
		out = object{{"enum", lits}}
	} else {
		var keep []object
		for i, s := range schemas {
			if subsumed(values, i) {
				continue
			}
			keep = append(keep, s)
		}
		if len(keep) == 1 {
			out = keep[0]
		} else {
			out = object{{"anyOf", keep}}
		}
	}
	if hasDef {
		out = append(out, member{"default", def})
	}
	return out, nil
}

// subsumed reports whether the concrete disjunct i is an instance of
// another disjunct, and so adds nothing to the disjunction.
func subsumed(vs []cue.Value, i int) bool {
	if vs[i].Err() != nil || !vs[i].IsConcrete() {
		return false
	}
	for j, w := range vs {
		if j != i && w.Err() == nil && !w.IsConcrete() && w.Subsume(vs[i]) == nil {
			return true
		}
	}
	return false
}

// structLit is a struct: closed (a definition closes every struct in it)
// unless it ends in ..., with its pattern constraint as
// additionalProperties. A regular field, which must end up concrete, is
// required unless it has a default.
func (g *generator) structLit(x *ast.StructLit) (object, error) {
	var (
		props    object
		required []string
		extra    any = false
	)
	for _, d := range x.Elts {
		switch d := d.(type) {
		case *ast.Field:
			if pat, ok := d.Label.(*ast.ListLit); ok {
				if !isStringPattern(pat) {
					return nil, fmt.Errorf("%s: a pattern other than [string] is not supported by the JSON Schema generator", d.Pos())
				}
				s, err := g.expr(d.Value)
				if err != nil {
					return nil, err
				}
				extra = withDescription(s, docOf(d))
				continue
			}
			name, _, err := ast.LabelName(d.Label)
			if err != nil {
				return nil, fmt.Errorf("%s: a dynamic field is not supported by the JSON Schema generator", d.Pos())
			}
			s, err := g.expr(d.Value)
			if err != nil {
				return nil, err
			}
			switch {
			case d.Constraint == token.NOT:
				required = append(required, name)
			case d.Constraint == token.OPTION:
			case s.get("default") == nil:
				required = append(required, name)
			}
			props = append(props, member{name, withDescription(s, docOf(d))})
		case *ast.Ellipsis:
			if d.Type != nil {
				return nil, fmt.Errorf("%s: a typed ... is not supported by the JSON Schema generator", d.Pos())
			}
			extra = true
		case *ast.CommentGroup:
		default:
			return nil, fmt.Errorf("%s: %s in a struct is not supported by the JSON Schema generator", d.Pos(), describe(d))
		}
	}
	out := object{{"type", "object"}}
	if len(props) > 0 {
		out = append(out, member{"properties", props})
	}
	if len(required) > 0 {
		out = append(out, member{"required", required})
	}
	if extra != true {
		out = append(out, member{"additionalProperties", extra})
	}
	return out, nil
}

// isStringPattern reports whether a pattern label is [string] or
// [Name=string].
func isStringPattern(l *ast.ListLit) bool {
	if len(l.Elts) != 1 {
		return false
	}
	x := l.Elts[0]
	if a, ok := x.(*ast.Alias); ok {
		x = a.Expr
	}
	id, ok := x.(*ast.Ident)
	return ok && id.Name == "string"
}

// list is [...X].
func (g *generator) list(x *ast.ListLit) (object, error) {
	if len(x.Elts) != 1 {
		return nil, fmt.Errorf("%s: a list other than [...X] is not supported by the JSON Schema generator", x.Pos())
	}
	e, ok := x.Elts[0].(*ast.Ellipsis)
	if !ok {
		return nil, fmt.Errorf("%s: a list other than [...X] is not supported by the JSON Schema generator", x.Pos())
	}
	out := object{{"type", "array"}}
	if e.Type != nil {
		s, err := g.expr(e.Type)
		if err != nil {
			return nil, err
		}
		out = append(out, member{"items", s})
	}
	return out, nil
}

// flatten lists the operands of a chain of one binary operator.
func flatten(x ast.Expr, op token.Token) []ast.Expr {
	if p, ok := x.(*ast.ParenExpr); ok {
		if b, ok := p.X.(*ast.BinaryExpr); ok && b.Op == op {
			x = b
		}
	}
	b, ok := x.(*ast.BinaryExpr)
	if !ok || b.Op != op {
		return []ast.Expr{x}
	}
	return append(flatten(b.X, op), flatten(b.Y, op)...)
}

// literalValue is the JSON value of a literal; numbers keep their digits.
func literalValue(l *ast.BasicLit) (any, error) {
	switch l.Kind {
	case token.STRING:
		s, err := literal.Unquote(l.Value)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", l.Pos(), err)
		}
		return s, nil
	case token.INT, token.FLOAT:
		var n literal.NumInfo
		if err := literal.ParseNum(l.Value, &n); err != nil {
			return nil, fmt.Errorf("%s: %v", l.Pos(), err)
		}
		var d big.Float
		if _, ok := d.SetString(n.String()); !ok {
			return nil, fmt.Errorf("%s: the number %s is not supported by the JSON Schema generator", l.Pos(), l.Value)
		}
		if n.IsInt() {
			i, _ := d.Int(nil)
			return json.Number(i.String()), nil
		}
		return json.Number(strconv.FormatFloat(mustFloat(&d), 'g', -1, 64)), nil
	case token.TRUE:
		return true, nil
	case token.FALSE:
		return false, nil
	case token.NULL:
		return nil, nil
	}
	return nil, fmt.Errorf("%s: the literal %s is not supported by the JSON Schema generator", l.Pos(), l.Value)
}

func mustFloat(d *big.Float) float64 {
	f, _ := d.Float64()
	return f
}

// docOf is a field's doc comment with its lines joined: editors wrap
// hover text themselves. A blank line still separates paragraphs.
func docOf(n ast.Node) string {
	var paras []string
	for _, c := range ast.Comments(n) {
		if !c.Doc {
			continue
		}
		for _, p := range strings.Split(strings.TrimSpace(c.Text()), "\n\n") {
			paras = append(paras, strings.Join(strings.Fields(p), " "))
		}
	}
	return strings.Join(paras, "\n\n")
}

// withDescription adds a description to s. A $ref keeps the description of
// what it refers to unless the field has its own.
func withDescription(s object, doc string) object {
	if doc == "" || s.get("description") != nil {
		return s
	}
	// The description comes first after $ref or type, for readers.
	out := make(object, 0, len(s)+1)
	placed := false
	for _, m := range s {
		out = append(out, m)
		if !placed && (m.key == "type" || m.key == "$ref") {
			out = append(out, member{"description", doc})
			placed = true
		}
	}
	if !placed {
		out = append(object{{"description", doc}}, out...)
	}
	return out
}

func describe(n ast.Node) string {
	return strings.TrimPrefix(fmt.Sprintf("%T", n), "*ast.")
}
