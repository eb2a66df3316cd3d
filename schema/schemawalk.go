package schema

import "cuelang.org/go/cue"

// schemaAt returns the schema that describes the user value at path: #Top
// at the top, #Workspace under workspaces.<key>, #Cluster under its
// clusters.<name>, and so on down optional fields and pattern constraints.
// It walks the schema rather than a copy of its field names, so
// suggestions never drift from the schema. A label the schema has no
// field or pattern for gives false.
func (c *compiled) schemaAt(sels []string) (cue.Value, bool) {
	v := c.spec
	if len(sels) >= 2 && unquoteLabel(sels[0]) == "workspaces" {
		// #Spec's workspaces unify #Top's open {...} with #Workspace, which
		// CUE reports as open: walk #Workspace itself.
		v, sels = c.workspace, sels[2:]
	}
	for _, s := range sels {
		f, ok := c.schemaChild(v, unquoteLabel(s))
		if !ok {
			return cue.Value{}, false
		}
		v = f
	}
	return v, true
}

// schemaChild returns the schema of the field label of the schema struct
// v: a declared field, or the struct's pattern constraint; for a list, its
// element.
func (c *compiled) schemaChild(v cue.Value, label string) (cue.Value, bool) {
	if v.IncompleteKind() == cue.ListKind {
		e := v.LookupPath(cue.MakePath(cue.AnyIndex))
		return e, e.Exists()
	}
	if f, ok := field(v, label); ok {
		return f, true
	}
	return patternValue(v)
}

// field returns the (possibly optional or required) field of a struct.
func field(v cue.Value, label string) (cue.Value, bool) {
	it, err := v.Fields(cue.Optional(true), cue.Definitions(false))
	if err != nil {
		return cue.Value{}, false
	}
	for it.Next() {
		if it.Selector().Unquoted() == label {
			return it.Value(), true
		}
	}
	return cue.Value{}, false
}

// patternValue returns the value of a struct's [string]: X constraint. A
// closed struct without one has none; CUE answers a lookup of any string
// in it with top, which is not a pattern.
func patternValue(v cue.Value) (cue.Value, bool) {
	if v.IncompleteKind() != cue.StructKind || !v.Allows(cue.AnyString) {
		return cue.Value{}, false
	}
	p := v.LookupPath(cue.MakePath(cue.AnyString))
	return p, p.Exists()
}

// structFields lists the regular field names of a schema struct.
func structFields(v cue.Value) []string {
	var out []string
	it, err := v.Fields(cue.Optional(true))
	if err != nil {
		return nil
	}
	for it.Next() {
		out = append(out, it.Selector().Unquoted())
	}
	return out
}

// requiredFields lists the required (name!) fields of a schema struct.
func requiredFields(v cue.Value) []string {
	var out []string
	it, err := v.Fields(cue.Optional(true))
	if err != nil {
		return nil
	}
	for it.Next() {
		if it.Selector().ConstraintType() == cue.RequiredConstraint {
			out = append(out, it.Selector().Unquoted())
		}
	}
	return out
}
