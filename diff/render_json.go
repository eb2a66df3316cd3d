package diff

import (
	"encoding/json"
	"io"
)

// RenderJSON writes the plan as JSON: 2-space indent, a final newline, and
// <, > and & written as themselves. A plan with no changes still has an
// empty "changes" array.
func RenderJSON(w io.Writer, p *Plan) error {
	out := *p
	if out.Changes == nil {
		out.Changes = []Change{}
	}
	if out.FormatVersion == "" {
		out.FormatVersion = FormatVersion
	}
	out.Generator = Generator
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(&out)
}
