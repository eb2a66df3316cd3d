package schema

import (
	"encoding/json"
	"strconv"

	"cuelang.org/go/cue"
)

// plainChecker checks a merged plain tree against the schema's shape and
// writes it as JSON with the schema's defaults filled in: what CUE's
// unification with the schema would export. It gives up (false) at the
// first thing that is not certainly valid; the CUE path then reports it.
type plainChecker struct {
	ctx *cue.Context
	buf []byte
	// answers caches CUE's verdict on a scalar under a leaf of the schema.
	answers map[leafKey]bool
}

type leafKey struct {
	leaf int
	kind pkind
	str  string
	num  int64
}

// check writes n under s and reports whether it is valid.
func (pc *plainChecker) check(n *pnode, s *shape) bool {
	switch s.kind {
	case sAny:
		pc.writeAny(n)
		return true
	case sStruct:
		return pc.checkStruct(n, s)
	case sList:
		if n.kind != pList {
			return false
		}
		pc.buf = append(pc.buf, '[')
		for i, e := range n.elems {
			if i > 0 {
				pc.buf = append(pc.buf, ',')
			}
			if !pc.check(e, s.elem) {
				return false
			}
		}
		pc.buf = append(pc.buf, ']')
		return true
	case sLeaf:
		if !pc.leafAllows(n, s) {
			return false
		}
		pc.writeAny(n)
		return true
	}
	return false
}

func (pc *plainChecker) checkStruct(n *pnode, s *shape) bool {
	if n.kind != pStruct {
		return false
	}
	pc.buf = append(pc.buf, '{')
	comma := false
	key := func(name string) {
		if comma {
			pc.buf = append(pc.buf, ',')
		}
		comma = true
		pc.writeString(name)
		pc.buf = append(pc.buf, ':')
	}
	for _, f := range n.fields {
		fs := s.pattern
		if d := s.fields[f.name]; d != nil {
			fs = d.shape
		}
		if fs == nil {
			return false // not allowed by a closed struct
		}
		key(f.name)
		if !pc.check(f.value, fs) {
			return false
		}
	}
	for _, name := range s.order {
		d := s.fields[name]
		switch {
		case n.index[name] != nil, d.optional:
		case d.required:
			return false
		default:
			key(name)
			pc.buf = append(pc.buf, d.def...)
		}
	}
	pc.buf = append(pc.buf, '}')
	return true
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
	if s.anyOfK && s.leafK == k {
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

// writeAny writes a plain value as JSON.
func (pc *plainChecker) writeAny(n *pnode) {
	switch n.kind {
	case pStruct:
		pc.buf = append(pc.buf, '{')
		for i, f := range n.fields {
			if i > 0 {
				pc.buf = append(pc.buf, ',')
			}
			pc.writeString(f.name)
			pc.buf = append(pc.buf, ':')
			pc.writeAny(f.value)
		}
		pc.buf = append(pc.buf, '}')
	case pList:
		pc.buf = append(pc.buf, '[')
		for i, e := range n.elems {
			if i > 0 {
				pc.buf = append(pc.buf, ',')
			}
			pc.writeAny(e)
		}
		pc.buf = append(pc.buf, ']')
	case pString:
		pc.writeString(n.str)
	case pInt:
		pc.buf = strconv.AppendInt(pc.buf, n.num, 10)
	case pBool:
		pc.buf = strconv.AppendBool(pc.buf, n.b)
	case pNull:
		pc.buf = append(pc.buf, "null"...)
	}
}

// writeString writes s as a JSON string.
func (pc *plainChecker) writeString(s string) {
	if plainSafe(s) {
		pc.buf = append(pc.buf, '"')
		pc.buf = append(pc.buf, s...)
		pc.buf = append(pc.buf, '"')
		return
	}
	b, _ := json.Marshal(s) // a string always marshals
	pc.buf = append(pc.buf, b...)
}

// plainSafe reports whether s needs no escaping in JSON.
func plainSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
			return false
		}
	}
	return true
}
