package schema

import "cuelang.org/go/cue"

// schemaAt returns the schema that describes the user value at path: #Spec
// at the top, #Workspace under workspaces.<key>, #Cluster under its
// clusters.<name>, and so on down optional fields and pattern constraints. It walks the schema rather than a copy of its field names,
// so suggestions never drift from the schema.
func (c *compiled) schemaAt(sels []string) (cue.Value, bool) {
	v := c.spec
	for i := 0; i < len(sels); i++ {
		label := unquoteLabel(sels[i])
		f, ok := field(v, label)
		if !ok {
			// A pattern constraint ([string]: X): the label is a key.
			p, ok := patternValue(v)
			if !ok {
				return cue.Value{}, false
			}
			f = p
		}
		v = f
	}
	return v, true
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

// patternValue returns the value of a struct's [string]: X constraint.
func patternValue(v cue.Value) (cue.Value, bool) {
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
