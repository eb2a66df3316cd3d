package schema

import (
	"reflect"

	"cuelang.org/go/cue"
)

// The evaluated path: CUE evaluates the user's configuration once, on its
// own, as `cue export` of the user's package does; its concrete result,
// with every default of the user's own definitions taken, is read into a
// plain tree and checked against the schema's shape like plain data
// (plaincheck.go), which adds amlc's defaults for the fields the user left
// out. The configuration is never unified with the schema, so a platform's
// own default (`idleTimeBeforeScaleDown: *"30m" | string`) wins over
// amlc's, and a closed definition of the user's need not declare amlc's
// fields. A value left open (`priority: string`) is not concrete, as for
// `cue export`, and is an error. Anything not certainly valid takes the diagnostic path (vet.go, evaldata.go), which reports the
// findings.

// vetEvaluated checks the evaluated configuration uv, which has no error of
// its own, against the schema's shape and decodes it. It reports false
// when the configuration is not certainly valid.
func vetEvaluated(c *compiled, uv cue.Value) (*decoded, bool) {
	// The tree is this Vet's own: nothing to share (checkmemo.go).
	root, ok := evalTree(uv)
	if !ok || root.kind != pStruct {
		return nil, false
	}
	return c.checkTree(root, nil)
}

// checkTree checks the tree of an evaluated configuration against the
// schema's shape and decodes it.
func (c *compiled) checkTree(root *pnode, cache *Cache) (*decoded, bool) {
	ps, err := c.plainShape()
	if err != nil {
		return nil, false
	}
	pc := newPlainChecker(c, ps, cache)
	var top plainTop
	if !pc.check(root, ps.top, reflect.ValueOf(&top).Elem()) {
		return nil, false
	}
	return top.assemble(), true
}

// evalTree reads an evaluated value into a plain tree: its regular fields,
// each with its default taken. It reports false on an error, a value that
// is not concrete, or one a plain tree does not hold (a float, bytes).
func evalTree(v cue.Value) (*pnode, bool) {
	v, _ = v.Default()
	switch v.Kind() {
	case cue.StructKind:
		it, err := v.Fields()
		if err != nil {
			return nil, false
		}
		n := &pnode{kind: pStruct}
		n.src = n // an evaluated tree is never changed (checkmemo.go)
		for it.Next() {
			child, ok := evalTree(it.Value())
			if !ok {
				return nil, false
			}
			n.add(it.Selector().Unquoted(), child)
		}
		return n, true
	case cue.ListKind:
		it, err := v.List()
		if err != nil {
			return nil, false
		}
		n := &pnode{kind: pList}
		for it.Next() {
			e, ok := evalTree(it.Value())
			if !ok {
				return nil, false
			}
			n.elems = append(n.elems, e)
		}
		return n, true
	case cue.StringKind:
		s, err := v.String()
		return &pnode{kind: pString, str: s}, err == nil
	case cue.IntKind:
		i, err := v.Int64()
		return &pnode{kind: pInt, num: i}, err == nil
	case cue.BoolKind:
		b, err := v.Bool()
		return &pnode{kind: pBool, b: b}, err == nil
	case cue.NullKind:
		return &pnode{kind: pNull}, true
	}
	return nil, false
}

// add appends a field, written once, to a struct node.
func (n *pnode) add(name string, v *pnode) {
	n.insert(&pfield{name: name, value: v, count: 1})
}
