package schema

import (
	"cuelang.org/go/cue"
	"cuelang.org/go/cue/token"

	"github.com/amlc-dev/amlc/internal/diag"
)

// buildUser evaluates the loaded instances into one user value. The files
// of a CUE package form one instance, so they may refer to each other as in
// any CUE package; the data files are one instance of their own. Everything
// is then unified, as docs/spec.md says.
func buildUser(ctx *cue.Context, pkgs *packages) (cue.Value, diag.Diagnostics) {
	var ds diag.Diagnostics
	var values []cue.Value
	for _, inst := range pkgs.instances() {
		values = append(values, ctx.BuildInstance(inst))
	}
	if pkgs.data != nil {
		values = append(values, ctx.BuildInstance(pkgs.data))
	}
	// Errors inside the values (conflicts, bad references) are reported by
	// validating the unified value, which sees all of them at once.
	var uv cue.Value
	for i, v := range values {
		if i == 0 {
			uv = v
		} else {
			uv = uv.Unify(v)
		}
	}
	if !uv.Exists() && !ds.HasErrors() {
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
