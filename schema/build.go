package schema

import (
	"cuelang.org/go/cue"
	"cuelang.org/go/cue/token"

	"github.com/amlc-dev/amlc/internal/diag"
)

// buildUser unifies the evaluated units (units.go) into one user value:
// the CUE instances, each built on its own so that the files of a package
// may refer to each other as in any CUE package, and the data files, as
// one instance. Everything is unified, as docs/spec.md says.
func buildUser(ctx *cue.Context, evs []*evaluated) (cue.Value, diag.Diagnostics) {
	var ds diag.Diagnostics
	// Errors inside the values (conflicts, bad references) are reported by
	// validating the unified value, which sees all of them at once.
	var uv cue.Value
	for i, ev := range evs {
		if i == 0 {
			uv = ev.v
		} else {
			uv = uv.Unify(ev.v)
		}
	}
	if !uv.Exists() {
		uv = ctx.CompileString("{}")
	}
	return uv, ds
}

// posOf converts a CUE position, falling back to the file alone.
func posOf(p token.Pos, file string) diag.Pos {
	if !p.IsValid() {
		return diag.Pos{Filename: file}
	}
	return diag.Pos{Filename: p.Filename(), Line: p.Line(), Column: p.Column()}
}
