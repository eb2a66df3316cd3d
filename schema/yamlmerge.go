package schema

import (
	"bytes"
	"regexp"

	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/token"
)

// placeMergeOverrides moves the label of each YAML merge-key override to
// where the override is written. CUE's YAML decoder merges `<<: *base`
// by copying base's fields into the mapping and, for a key the mapping
// writes again, replacing only the value: the label keeps base's
// position, so a finding about the override would point into base. A
// field whose label lies before its mapping's first key but whose value
// lies inside the mapping is such an override; its label is placed on the
// key written before its value.
func placeMergeOverrides(f *ast.File, src []byte) {
	ast.Walk(f, func(n ast.Node) bool {
		st, ok := n.(*ast.StructLit)
		if !ok || !st.Lbrace.IsValid() {
			return true
		}
		start := st.Lbrace.Offset()
		for _, d := range st.Elts {
			fl, ok := d.(*ast.Field)
			if !ok || fl.Label == nil || fl.Value == nil {
				continue
			}
			lp, vp := fl.Label.Pos(), fl.Value.Pos()
			if !lp.IsValid() || !vp.IsValid() || lp.Offset() >= start || vp.Offset() < start || vp.Offset() > len(src) {
				continue
			}
			name, _, err := ast.LabelName(fl.Label)
			if err != nil {
				continue
			}
			if off, ok := keyBefore(src[start:vp.Offset()], name); ok {
				setLabelPos(fl.Label, vp.File().Pos(start+off, lp.RelPos()))
			}
		}
		return true
	}, nil)
}

// keyBefore returns the offset in b of the last YAML key name (plain or
// quoted) followed by a colon.
func keyBefore(b []byte, name string) (int, bool) {
	re, err := regexp.Compile(`(?m)(?:^|[\s{,])(` + regexp.QuoteMeta(name) + `|"` + regexp.QuoteMeta(name) + `"|'` + regexp.QuoteMeta(name) + `')\s*:`)
	if err != nil {
		return 0, false
	}
	all := re.FindAllSubmatchIndex(b, -1)
	if len(all) == 0 {
		return 0, false
	}
	last := all[len(all)-1]
	if bytes.ContainsAny(b[last[2]:last[3]], "\n") {
		return 0, false
	}
	return last[2], true
}

func setLabelPos(l ast.Label, p token.Pos) {
	switch l := l.(type) {
	case *ast.Ident:
		l.NamePos = p
	case *ast.BasicLit:
		l.ValuePos = p
	}
}
