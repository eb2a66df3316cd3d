package schema

import (
	"sync"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/cuecontext"
)

// compiled is the embedded schema in one CUE context.
type compiled struct {
	ctx       *cue.Context
	spec      cue.Value // #Spec
	top       cue.Value // #Top: #Spec with the workspaces left open
	workspace cue.Value // #Workspace
	root      cue.Value // the whole schema, for looking up definitions

	shapeOnce sync.Once
	shape     *plainSchema // the schema's shape, read once (plainshape.go)
	shapeErr  error
}

// plainShape returns the shape of the schema, reading it on first use.
func (c *compiled) plainShape() (*plainSchema, error) {
	c.shapeOnce.Do(func() { c.shape, c.shapeErr = deriveShape(c) })
	return c.shape, c.shapeErr
}

// compileSchema compiles the embedded schema into a new context. A context
// per run keeps memory bounded in long-lived processes (tests, fuzzing);
// compiling the schema costs well under a millisecond.
func compileSchema() (*compiled, error) {
	ctx := cuecontext.New()
	root := ctx.CompileBytes(Source, cue.Filename(schemaFilename))
	if err := root.Err(); err != nil {
		return nil, err
	}
	c := &compiled{ctx: ctx, root: root}
	for _, d := range []struct {
		v    *cue.Value
		name string
	}{{&c.spec, "#Spec"}, {&c.top, "#Top"}, {&c.workspace, "#Workspace"}} {
		*d.v = root.LookupPath(cue.MakePath(cue.Def(d.name)))
		if err := d.v.Err(); err != nil {
			return nil, err
		}
	}
	return c, nil
}
