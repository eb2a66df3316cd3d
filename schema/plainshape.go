package schema

import (
	"fmt"
	"math"

	"cuelang.org/go/cue"
)

// shape is the structure of a schema value, read from the compiled schema
// itself: which fields a struct has, which are required or have defaults,
// its pattern constraint, a list's element, and for scalars the CUE value
// that decides what is allowed. Plain data is checked against it (see
// plain.go); scalar constraints are still evaluated by CUE, once per
// distinct value.
type shape struct {
	kind shapeKind
	// sStruct
	fields  map[string]*fieldShape
	order   []string
	pattern *shape // [string]: X, or nil
	// sList
	elem *shape
	// sLeaf: the schema value, its kind, and whether every value of that
	// kind is allowed (then CUE is not asked).
	leaf    cue.Value
	leafK   cue.Kind
	anyOfK  bool
	leafIdx int // index of the leaf, for the cache of answers
	// Values CUE has shown (by subsumption) the leaf to allow without
	// asking: every non-empty string, or the ints in [intLo, intHi].
	nonEmpty     bool
	hasInts      bool
	intLo, intHi int64
}

type shapeKind uint8

const (
	sStruct shapeKind = iota
	sList
	sLeaf
	sAny // _: any concrete value
)

// fieldShape is one field of a schema struct.
type fieldShape struct {
	required bool // name!
	optional bool // name?
	shape    *shape
	// def is the default of a regular field (always a scalar).
	def *pnode
}

// plainSchema is the shape of #Top whose workspace pattern is #Workspace:
// the same split as the CUE path (decode.go).
type plainSchema struct {
	top    *shape
	leaves int
}

// deriveShape reads the shape of the compiled schema. It fails on a
// construct it does not know, so that a schema change cannot silently
// make the plain path accept what CUE would reject (TestPlainShape
// derives the embedded schema; vetPlain falls back to CUE on failure).
func deriveShape(c *compiled) (*plainSchema, error) {
	ps := &plainSchema{}
	top, err := ps.derive(c, c.top, "#Top")
	if err != nil {
		return nil, err
	}
	ws := top.fields["workspaces"]
	if ws == nil || ws.shape.kind != sStruct || ws.shape.pattern == nil {
		return nil, fmt.Errorf("#Top.workspaces is not a struct of workspaces")
	}
	wshape, err := ps.derive(c, c.workspace, "#Workspace")
	if err != nil {
		return nil, err
	}
	ws.shape.pattern = wshape
	ps.top = top
	return ps, nil
}

// derive reads the shape of one schema value.
func (ps *plainSchema) derive(c *compiled, v cue.Value, path string) (*shape, error) {
	switch k := v.IncompleteKind(); {
	case k == cue.TopKind:
		return &shape{kind: sAny}, nil
	case k == cue.StructKind:
		return ps.deriveStruct(c, v, path)
	case k == cue.ListKind:
		elem := v.LookupPath(cue.MakePath(cue.AnyIndex))
		if !elem.Exists() {
			return nil, fmt.Errorf("%s: a list without an element type", path)
		}
		if it, err := v.List(); err == nil && it.Next() {
			return nil, fmt.Errorf("%s: a list with fixed elements", path)
		}
		e, err := ps.derive(c, elem, path+"[_]")
		if err != nil {
			return nil, err
		}
		return &shape{kind: sList, elem: e}, nil
	case k&^(cue.StringKind|cue.NumberKind|cue.BoolKind|cue.NullKind) == 0 && k != cue.BottomKind:
		// A number leaf (budget.monthly) takes plain ints; a float literal
		// is not plain (plainLit) and goes through CUE.
		s := &shape{kind: sLeaf, leaf: v, leafK: k, leafIdx: ps.leaves}
		ps.leaves++
		cover(c, v, s)
		return s, nil
	default:
		return nil, fmt.Errorf("%s: kind %v is not supported by the plain path", path, k)
	}
}

func (ps *plainSchema) deriveStruct(c *compiled, v cue.Value, path string) (*shape, error) {
	s := &shape{kind: sStruct, fields: map[string]*fieldShape{}}
	it, err := v.Fields(cue.Optional(true), cue.Definitions(false), cue.Hidden(false))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	for it.Next() {
		sel := it.Selector()
		name := sel.Unquoted()
		fs := &fieldShape{}
		switch sel.ConstraintType() {
		case cue.RequiredConstraint:
			fs.required = true
		case cue.OptionalConstraint:
			fs.optional = true
		}
		fv := it.Value()
		if !fs.required && !fs.optional {
			d, ok := fv.Default()
			if fs.def, ok = scalarOf(d, ok); !ok {
				return nil, fmt.Errorf("%s.%s: a regular field without a scalar default", path, name)
			}
		}
		if fs.shape, err = ps.derive(c, fv, path+"."+name); err != nil {
			return nil, err
		}
		s.fields[name] = fs
		s.order = append(s.order, name)
	}
	if p := v.LookupPath(cue.MakePath(cue.AnyString)); p.Exists() {
		if s.pattern, err = ps.derive(c, p, path+".[string]"); err != nil {
			return nil, err
		}
	}
	if s.pattern != nil && len(s.fields) > 0 {
		return nil, fmt.Errorf("%s: a struct with both fields and a pattern", path)
	}
	// A struct that allows any other field is open: the plain path cannot
	// know what CUE would make of such fields, except where a pattern
	// covers every string.
	if s.pattern == nil && v.Allows(cue.Str("amlc-plain-probe")) {
		if len(s.fields) > 0 {
			return nil, fmt.Errorf("%s: an open struct with fields", path)
		}
		// {...}: the pattern is filled in by the caller (#Top.workspaces).
		s.pattern = &shape{kind: sAny}
	}
	return s, nil
}

// scalarOf returns the plain value of a concrete scalar default.
func scalarOf(d cue.Value, ok bool) (*pnode, bool) {
	if !ok || !d.IsConcrete() {
		return nil, false
	}
	switch d.Kind() {
	case cue.StringKind:
		s, err := d.String()
		return &pnode{kind: pString, str: s}, err == nil
	case cue.IntKind:
		n, err := d.Int64()
		return &pnode{kind: pInt, num: n}, err == nil
	case cue.BoolKind:
		b, err := d.Bool()
		return &pnode{kind: pBool, b: b}, err == nil
	}
	return nil, false
}

// intCovers are int ranges a leaf may allow whole, widest first.
var intCovers = []struct{ lo, hi int64 }{
	{0, math.MaxInt64}, {0, math.MaxInt32}, {1, math.MaxInt32},
}

// cover finds values the leaf allows without CUE being asked each time:
// every value of its kind when the kind's top is an instance of the leaf
// (int, string, *"x" | string), else every non-empty string or an int
// range, each used only when CUE says the leaf subsumes it.
func cover(c *compiled, v cue.Value, s *shape) {
	subsumes := func(src string) bool {
		w := c.ctx.CompileString(src)
		return w.Err() == nil && v.Subsume(w) == nil
	}
	if k := s.leafK; k == cue.StringKind || k == cue.IntKind || k == cue.BoolKind {
		if s.anyOfK = subsumes(k.String()); s.anyOfK {
			return
		}
	}
	if s.leafK&cue.StringKind != 0 {
		s.nonEmpty = subsumes(`string & !=""`)
	}
	if s.leafK&cue.IntKind != 0 {
		for _, r := range intCovers {
			if subsumes(fmt.Sprintf("int & >=%d & <=%d", r.lo, r.hi)) {
				s.hasInts, s.intLo, s.intHi = true, r.lo, r.hi
				break
			}
		}
	}
}
