package schema

import (
	"reflect"

	"cuelang.org/go/cue"
)

// plainChecker checks a merged plain tree against the schema's shape and
// decodes it, with the schema's defaults filled in, into the raw structs
// the CUE path decodes into (by their json tags). It gives up (false) at
// the first thing that is not certainly valid; the CUE path then reports
// it.
type plainChecker struct {
	ctx *cue.Context
	// answers caches CUE's verdict on a scalar under a leaf of the schema.
	answers map[leafKey]bool
	// tags caches the fields of raw struct types by json tag.
	tags map[reflect.Type]map[string][]int
	// memo holds the workspaces other Vets checked (checkmemo.go), or is
	// nil; ws is the shape of a workspace.
	memo *checkMemo
	ws   *shape
}

// newPlainChecker returns a checker; cache, when given, shares what it
// checks of workspaces with other Vets.
func newPlainChecker(c *compiled, ps *plainSchema, cache *Cache) *plainChecker {
	pc := &plainChecker{ctx: c.ctx, answers: map[leafKey]bool{}, memo: cache.checkMemo()}
	if w := ps.top.fields["workspaces"]; w != nil {
		pc.ws = w.shape.pattern
	}
	return pc
}

type leafKey struct {
	leaf int
	kind pkind
	str  string
	num  int64
}

// check checks n under s and decodes it into v; an invalid v only checks.
func (pc *plainChecker) check(n *pnode, s *shape, v reflect.Value) bool {
	switch s.kind {
	case sAny:
		return pc.set(n, v)
	case sLeaf:
		return pc.leafAllows(n, s) && pc.set(n, v)
	case sList:
		if n.kind != pList {
			return false
		}
		if v = deref(v); v.IsValid() {
			if v.Kind() != reflect.Slice {
				return false
			}
			v.Set(reflect.MakeSlice(v.Type(), len(n.elems), len(n.elems)))
		}
		for i, e := range n.elems {
			if !pc.check(e, s.elem, index(v, i)) {
				return false
			}
		}
		return true
	case sStruct:
		if s == pc.ws && pc.memo != nil && n.src != nil && v.IsValid() {
			return pc.checkWorkspace(n, s, v)
		}
		return pc.checkStruct(n, s, v)
	}
	return false
}

func (pc *plainChecker) checkStruct(n *pnode, s *shape, v reflect.Value) bool {
	if n.kind != pStruct {
		return false
	}
	v = deref(v)
	if v.IsValid() && v.Kind() == reflect.Interface {
		return pc.checkStruct(n, s, reflect.Value{}) && pc.set(n, v)
	}
	field := pc.fieldSetter(v)
	if field == nil {
		return false
	}
	for _, f := range n.fields {
		fs := s.pattern
		if d := s.fields[f.name]; d != nil {
			fs = d.shape
		}
		if fs == nil {
			return false // not allowed by a closed struct
		}
		fv, done := field(f.name)
		if !pc.check(f.value, fs, fv) {
			return false
		}
		done()
	}
	for _, name := range s.order {
		d := s.fields[name]
		switch {
		case n.field(name) != nil, d.optional:
		case d.required:
			return false
		default:
			fv, done := field(name)
			if !pc.set(d.def, fv) {
				return false
			}
			done()
		}
	}
	return true
}

// fieldSetter returns, for a struct or map target, a function giving the
// value to decode a field into and a function to call once it is decoded.
// An invalid v gives invalid values; an unsuitable v gives nil.
func (pc *plainChecker) fieldSetter(v reflect.Value) func(string) (reflect.Value, func()) {
	nop := func() {}
	switch {
	case !v.IsValid():
		return func(string) (reflect.Value, func()) { return reflect.Value{}, nop }
	case v.Kind() == reflect.Struct:
		tags := pc.fieldsByTag(v.Type())
		return func(name string) (reflect.Value, func()) {
			if idx, ok := tags[name]; ok {
				return v.FieldByIndex(idx), nop
			}
			return reflect.Value{}, nop // a field the raw struct does not read
		}
	case v.Kind() == reflect.Map && v.Type().Key().Kind() == reflect.String:
		if v.IsNil() {
			v.Set(reflect.MakeMap(v.Type()))
		}
		return func(name string) (reflect.Value, func()) {
			ev := reflect.New(v.Type().Elem()).Elem()
			return ev, func() { v.SetMapIndex(reflect.ValueOf(name).Convert(v.Type().Key()), ev) }
		}
	}
	return nil
}

// fieldsByTag returns the fields of a struct type by json tag, including
// those of embedded structs.
func (pc *plainChecker) fieldsByTag(t reflect.Type) map[string][]int {
	if m, ok := pc.tags[t]; ok {
		return m
	}
	if pc.tags == nil {
		pc.tags = map[reflect.Type]map[string][]int{}
	}
	m := map[string][]int{}
	for _, f := range reflect.VisibleFields(t) {
		if tag := f.Tag.Get("json"); tag != "" && tag != "-" {
			m[tag] = f.Index
		}
	}
	pc.tags[t] = m
	return m
}

// set decodes a plain value into v as encoding/json would decode its JSON.
func (pc *plainChecker) set(n *pnode, v reflect.Value) bool {
	if !v.IsValid() {
		return true
	}
	if n.kind == pNull {
		v.Set(reflect.Zero(v.Type()))
		return true
	}
	if v.Kind() == reflect.Interface {
		if v.NumMethod() != 0 {
			return false
		}
		if x := anyOf(n); x != nil {
			v.Set(reflect.ValueOf(x))
		}
		return true
	}
	v = deref(v)
	switch n.kind {
	case pString:
		if v.Kind() != reflect.String {
			return false
		}
		v.SetString(n.str)
	case pInt:
		switch v.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if v.OverflowInt(n.num) {
				return false
			}
			v.SetInt(n.num)
		case reflect.Float64:
			v.SetFloat(float64(n.num))
		default:
			return false
		}
	case pBool:
		if v.Kind() != reflect.Bool {
			return false
		}
		v.SetBool(n.b)
	case pList:
		if v.Kind() != reflect.Slice {
			return false
		}
		v.Set(reflect.MakeSlice(v.Type(), len(n.elems), len(n.elems)))
		for i, e := range n.elems {
			if !pc.set(e, v.Index(i)) {
				return false
			}
		}
	case pStruct:
		field := pc.fieldSetter(v)
		if field == nil {
			return false
		}
		for _, f := range n.fields {
			fv, done := field(f.name)
			if !pc.set(f.value, fv) {
				return false
			}
			done()
		}
	}
	return true
}

// anyOf is a plain value as encoding/json decodes it into an interface.
func anyOf(n *pnode) any {
	switch n.kind {
	case pString:
		return n.str
	case pInt:
		return float64(n.num)
	case pBool:
		return n.b
	case pList:
		l := make([]any, len(n.elems))
		for i, e := range n.elems {
			l[i] = anyOf(e)
		}
		return l
	case pStruct:
		m := make(map[string]any, len(n.fields))
		for _, f := range n.fields {
			m[f.name] = anyOf(f.value)
		}
		return m
	}
	return nil
}

// deref allocates and follows pointers.
func deref(v reflect.Value) reflect.Value {
	for v.IsValid() && v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		v = v.Elem()
	}
	return v
}

// index is v's element i, or the invalid value.
func index(v reflect.Value, i int) reflect.Value {
	if !v.IsValid() {
		return v
	}
	return v.Index(i)
}

// leafAllows asks whether the scalar n satisfies the schema leaf s: by its
// kind alone when the leaf allows every value of the kind, else by CUE,
// once per distinct value.
func (pc *plainChecker) leafAllows(n *pnode, s *shape) bool {
	var k cue.Kind
	var x any
	switch n.kind {
	case pString:
		k, x = cue.StringKind, n.str
	case pInt:
		k, x = cue.IntKind, n.num
	case pBool:
		k, x = cue.BoolKind, n.b
	case pNull:
		k, x = cue.NullKind, nil
	default:
		return false
	}
	if s.leafK&k == 0 {
		return false
	}
	switch {
	case s.anyOfK && s.leafK == k,
		s.nonEmpty && n.kind == pString && n.str != "",
		s.hasInts && n.kind == pInt && n.num >= s.intLo && n.num <= s.intHi:
		return true
	}
	key := leafKey{leaf: s.leafIdx, kind: n.kind, str: n.str, num: n.num}
	if n.kind == pBool && n.b {
		key.num = 1
	}
	ok, seen := pc.answers[key]
	if !seen {
		ok = s.leaf.Unify(pc.ctx.Encode(x)).Validate(cue.Concrete(true)) == nil
		pc.answers[key] = ok
	}
	return ok
}
