package schema

import (
	"slices"
	"strings"

	"cuelang.org/go/cue"

	"github.com/amlc-dev/amlc/internal/diag"
)

// notAllowed is the summary every evaluation path gives a field the schema
// (or a closed definition of the user's) refuses; explainUnknownFields
// turns it into a message a user can act on.
func notAllowed(label string) string { return "field " + quoteLabel(label) + " is not allowed" }

// explainUnknownFields completes the schema findings, however they were
// produced. A schema/unknown-field finding gets the closest name the schema
// allows at that level ("did you mean"), or the spec's name for an `az ml`
// one; a field the schema has, refused by a closed #definition of the
// user's, gets how to open it. And CUE reports nothing more about a struct
// once something in it is wrong, so the required fields missing from the
// structs around each schema error are reported here.
func (c *compiled) explainUnknownFields(ds diag.Diagnostics, at positions) diag.Diagnostics {
	have := map[string]bool{}
	for _, d := range ds {
		have[d.Code+"\x00"+d.Path] = true
	}
	n := len(ds)
	for i := range n {
		d := &ds[i]
		if !strings.HasPrefix(d.Code, "schema/") || d.Severity != diag.Error {
			continue
		}
		labels, ok := pathLabels(d.Path)
		if !ok || len(labels) == 0 {
			continue
		}
		if d.Code == "schema/unknown-field" {
			c.explainUnknown(d, labels)
		}
		for depth := len(labels) - 1; depth >= 1; depth-- {
			parent := labels[:depth]
			ps, ok := c.schemaAt(quotedSels(parent))
			if !ok {
				continue
			}
			for _, r := range requiredFields(ps) {
				rl := append(slices.Clip(parent), r)
				path := FieldPath(rl...)
				if at.written(rl) || have["schema/required\x00"+path] {
					continue
				}
				have["schema/required\x00"+path] = true
				ds = append(ds, diag.Errorf("schema/required", at.pos(rl), path, fieldName(quotedSels(rl))+" is required"))
			}
		}
	}
	return ds
}

// explainUnknown says what to do about a field that is not allowed.
func (c *compiled) explainUnknown(d *diag.Diagnostic, labels []string) {
	label := labels[len(labels)-1]
	if d.Summary != notAllowed(label) {
		return // already explained
	}
	quoted := quotedSels(labels)
	if _, known := c.schemaAt(quoted); known {
		d.Summary += " by a closed definition in the spec; a #definition used here must allow the schema's fields: end it with ... or use a hidden field (_base) instead"
		return
	}
	d.Summary += c.suggest(quoted)
}

// pathLabels splits a finding's CUE path into its labels, unquoted.
func pathLabels(path string) ([]string, bool) {
	p := cue.ParsePath(path)
	if p.Err() != nil {
		return nil, false
	}
	var out []string
	for _, s := range p.Selectors() {
		switch s.Type() {
		case cue.StringLabel:
			out = append(out, s.Unquoted())
		case cue.IndexLabel:
			out = append(out, s.String())
		default:
			return nil, false
		}
	}
	return out, true
}

// quotedSels renders labels as CUE error paths give them: quoted when not
// an identifier.
func quotedSels(labels []string) []string {
	out := make([]string, len(labels))
	for i, l := range labels {
		if isIdent(l) || isIndex(l) || strings.HasPrefix(l, "#") {
			out[i] = l
		} else {
			out[i] = quoteLabel(l)
		}
	}
	return out
}

// written reports whether the user wrote a value at labels.
func (p cuePositions) written(labels []string) bool {
	return p.v.LookupPath(labelPath(labels)).Exists()
}

// written reports whether the merged plain data has a value at labels.
func (pp *plainPositions) written(labels []string) bool {
	n := pp.root
	for _, l := range labels {
		if n == nil || n.kind != pStruct {
			return false
		}
		f := n.field(l)
		if f == nil {
			return false
		}
		n = f.value
	}
	return true
}
