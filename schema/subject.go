package schema

import (
	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/token"

	"github.com/amlc-dev/amlc/internal/diag"
)

// nameSubjects sets the Subject of each finding whose position alone does
// not say which cluster (workspace, quota) it is about: one whose position
// other findings about other values share (a definition, a YAML anchor or
// a comprehension used by several clusters), and one about a value the
// user did not write under its own name (a cluster a comprehension
// generated, a field a definition supplied).
func nameSubjects(ds diag.Diagnostics, at positions) {
	type subject struct {
		name   string
		labels []string
	}
	subs := make([]subject, len(ds))
	byPos := map[diag.Pos]map[string]bool{}
	for i, d := range ds {
		labels, ok := pathLabels(d.Path)
		if !ok || !d.Pos.IsValid() {
			continue
		}
		name, sl := subjectOf(labels)
		if name == "" {
			continue
		}
		subs[i] = subject{name, sl}
		if byPos[d.Pos] == nil {
			byPos[d.Pos] = map[string]bool{}
		}
		byPos[d.Pos][name] = true
	}
	for i := range ds {
		s := subs[i]
		if s.name == "" {
			continue
		}
		if len(byPos[ds[i].Pos]) > 1 || !at.owns(s.labels, ds[i].Pos) {
			ds[i].Subject = s.name
		}
	}
}

// subjectOf returns the address of the cluster, workspace or quota a path
// is in, and the labels of that value.
func subjectOf(labels []string) (string, []string) {
	switch {
	case len(labels) >= 4 && labels[0] == "workspaces" && labels[2] == "clusters":
		return labels[1] + "/" + labels[3], labels[:4]
	case len(labels) >= 2 && labels[0] == "workspaces":
		return labels[1], labels[:2]
	case len(labels) >= 3 && labels[0] == "quotas":
		return "quotas " + labels[1] + "/" + labels[2], labels[:3]
	}
	return "", nil
}

// owns reports whether pos lies in the field the user wrote for the value
// at labels under its own, literal name: then the position says which
// value a finding is about. A value CUE cannot trace to one field (it is
// written in several places) is given the benefit of the doubt.
func (p cuePositions) owns(labels []string, pos diag.Pos) bool {
	f, ok := p.v.LookupPath(labelPath(labels)).Source().(*ast.Field)
	if !ok || kindOf(f.Pos().Filename()) != "cue" {
		// Data files have neither comprehensions nor definitions, as the
		// plain path, which answers the same, knows.
		return true
	}
	switch l := f.Label.(type) {
	case *ast.Ident:
	case *ast.BasicLit:
		if l.Kind != token.STRING {
			return false
		}
	default:
		return false // an interpolation or a (key) of a comprehension
	}
	return posWithin(pos, f.Pos(), f.End())
}

// owns is true for plain data: it has no comprehensions or definitions, and
// a value shared through a YAML alias shares its position with the other
// findings about it.
func (pp *plainPositions) owns([]string, diag.Pos) bool { return true }

// posWithin reports whether pos lies between start and end in one file.
func posWithin(pos diag.Pos, start, end token.Pos) bool {
	if !start.IsValid() || !end.IsValid() || start.Filename() != pos.Filename {
		return false
	}
	after := pos.Line > start.Line() || pos.Line == start.Line() && pos.Column >= start.Column()
	before := pos.Line < end.Line() || pos.Line == end.Line() && pos.Column <= end.Column()
	return after && before
}
