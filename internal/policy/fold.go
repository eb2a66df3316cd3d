package policy

// Folding: some fields hold the same for every cluster (the resource type,
// the compute type "AmlCompute", and every path the template never
// writes, which is always absent). NewChecker evaluates the conditions on
// them once, so that a definition for other resource types, or for
// compute instances, costs nothing per cluster, and one for clusters only
// its conditions on what differs between clusters. Findings are explained
// from the definition as written (check.go evaluates it again, traced).

// constant reports whether a field holds the same for every cluster, and
// what.
func constant(f *fieldRef) (any, bool, bool) {
	switch {
	case f == nil:
		return nil, false, false
	case f.other:
		return nil, false, true
	case f.top == "type":
		return ComputeType, true, true
	case f.top == "kind" || f.top == "extendedlocation" || f.top == "extendedlocation.type" || f.top == "extendedlocation.name":
		return nil, false, true
	case f.top != "" || f.tags:
		return nil, false, false
	case len(f.path) == 2 && eqFold(f.path[0], "properties") && eqFold(f.path[1], "computeType"):
		return "AmlCompute", true, true
	}
	if !written(f.path) {
		return nil, false, true
	}
	return nil, false, false
}

func eqFold(a, b string) bool { return compareFold(a, b) == 0 }

// written reports whether the template can write something at path (or
// below it, or above it when path goes into a written object such as
// tags).
func written(path []string) bool {
	s := resourceShape
	for _, name := range path {
		if s.leaf != nil {
			return true // inside a written value (tags, identities)
		}
		var next *shape
		for _, k := range s.kids {
			if eqFold(k.name, name) {
				next = k
				break
			}
		}
		if next == nil {
			return false
		}
		s = next
	}
	return true
}

// fold returns c with the conditions on constant fields evaluated, and
// its value when it is constant.
func (ev *evaluator) fold(c *cond) (*cond, tri) {
	switch c.kind {
	case cAllOf, cAnyOf:
		decisive := tFalse
		if c.kind == cAnyOf {
			decisive = tTrue
		}
		out := &cond{pos: c.pos, kind: c.kind}
		for _, k := range c.kids {
			fk, t := ev.fold(k)
			switch t {
			case decisive:
				return nil, decisive
			case tUnknown:
				out.kids = append(out.kids, fk)
			}
		}
		if len(out.kids) == 0 {
			return nil, 1 - decisive
		}
		return out, tUnknown
	case cNot:
		fk, t := ev.fold(c.kids[0])
		switch t {
		case tTrue:
			return nil, tFalse
		case tFalse:
			return nil, tTrue
		}
		return &cond{pos: c.pos, kind: cNot, kids: []*cond{fk}}, tUnknown
	}
	// A leaf: constant when it reads a constant field and its operand
	// does not depend on the cluster.
	if c.fieldRef == nil || c.fieldRef.array() || unsupportedConditions[c.op] || c.arg.expr != nil && readsResource(c.arg.expr) {
		return c, tUnknown
	}
	v, exists, ok := constant(c.fieldRef)
	if !ok {
		return c, tUnknown
	}
	arg, err := ev.value(c.arg)
	if err != nil {
		return c, tUnknown
	}
	res, err := ev.compare(c, c.fieldRef, v, exists, arg)
	if err != nil {
		return c, tUnknown
	}
	if res {
		return nil, tTrue
	}
	return nil, tFalse
}
