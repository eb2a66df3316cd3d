package schema

import "cuelang.org/go/cue"

// Merging units (units.go) in Go, where unifying them in CUE would give the
// same and evaluate the configuration again.

// container says which structs of the configuration are containers
// that units may share: the top (depth 0), workspaces and quotas (1), and
// a subscription's quotas (2).
func container(labels []string) bool {
	switch len(labels) {
	case 0:
		return true
	case 1:
		return labels[0] == "workspaces" || labels[0] == "quotas"
	case 2:
		return labels[0] == "quotas"
	}
	return false
}

// mergeUnits merges the trees of the units into one, as unifying their
// values would, or reports false where it cannot say so: a unit with no
// tree, units that meet below the containers, or a container of one unit
// that has a pattern constraint or does not allow a field another adds.
func mergeUnits(evs []*evaluated) (*pnode, bool) {
	trees := make([]*pnode, len(evs))
	values := make([]cue.Value, len(evs))
	for i, ev := range evs {
		if ev.tree == nil {
			return nil, false
		}
		trees[i], values[i] = ev.tree, ev.v
	}
	if len(trees) == 1 {
		return trees[0], true
	}
	return mergeAt(nil, trees, values)
}

// mergeAt merges the nodes at a container path, one per unit that has it.
func mergeAt(labels []string, nodes []*pnode, values []cue.Value) (*pnode, bool) {
	out := &pnode{kind: pStruct}
	type owner struct {
		f     *pfield
		units []int
	}
	byName := map[string]*owner{}
	var order []string
	for i, n := range nodes {
		if n.kind != pStruct {
			return nil, false
		}
		for _, f := range n.fields {
			o := byName[f.name]
			if o == nil {
				o = &owner{f: f}
				byName[f.name] = o
				order = append(order, f.name)
			}
			o.units = append(o.units, i)
		}
	}
	if len(nodes) > 1 {
		// Each unit's struct here must take the others' fields as they
		// are: with no pattern constraint or optional field that would
		// apply to them, and not closed against them. (Unifying values
		// does not enforce every closedness that Allows reports, for
		// example that of a field selected from a definition; such a
		// struct takes the way of unifying, which decides.)
		path := labelPath(labels)
		for i := range nodes {
			v := values[i].LookupPath(path)
			if v.LookupPath(cue.MakePath(cue.AnyString)).Exists() {
				return nil, false
			}
			for _, name := range order {
				if nodes[i].field(name) != nil {
					continue
				}
				sel := cue.Str(name)
				if !v.Allows(sel) || v.LookupPath(cue.MakePath(sel.Optional())).Exists() {
					return nil, false
				}
			}
		}
	}
	for _, name := range order {
		o := byName[name]
		if len(o.units) == 1 {
			out.insert(o.f)
			continue
		}
		sub := append(append([]string(nil), labels...), name)
		if !container(sub) {
			return nil, false // the units meet here: CUE decides
		}
		kids := make([]*pnode, len(o.units))
		vals := make([]cue.Value, len(o.units))
		for k, i := range o.units {
			kids[k] = nodes[i].field(name).value
			vals[k] = values[i]
		}
		merged, ok := mergeAt(sub, kids, vals)
		if !ok {
			return nil, false
		}
		out.insert(&pfield{name: name, value: merged, count: len(o.units)})
	}
	return out, true
}

// vetUnits checks the merged trees of the units against the schema's shape
// and decodes them, like the evaluated path; false when the units cannot
// be merged in Go or the result is not certainly valid.
func (c *compiled) vetUnits(evs []*evaluated, us []unit, cache *Cache) (*decoded, positions, bool) {
	root, ok := mergeUnits(evs)
	if !ok {
		return nil, nil, false
	}
	d, ok := c.checkTree(root, cache)
	if !ok {
		return nil, nil, false
	}
	return d, newUnitPositions(evs, us), true
}
