package schema

import (
	"reflect"

	"cuelang.org/go/cue/token"

	"github.com/amlc-dev/amlc/internal/diag"
)

// plainTop is what the plain checker decodes into: the same raw shapes as
// the CUE path decodes into.
type plainTop struct {
	Workspaces map[string]rawWorkspaceClusters `json:"workspaces"`
	Quotas     map[string]map[string]rawQuota  `json:"quotas"`
}

// vetPlain is the plain path: it merges the files, checks them against the
// schema's shape and decodes them, without evaluating them in CUE. It
// reports false when the files are not plain data or not certainly valid;
// the caller then takes the CUE path, which finds what is wrong.
func vetPlain(c *compiled, pkgs *packages, cache *Cache) (*decoded, *plainPositions, bool) {
	ps, err := c.plainShape()
	if err != nil {
		return nil, nil, false // a schema construct the plain path does not know
	}
	root := &pnode{kind: pStruct}
	at := &plainPositions{root: root}
	// A file of an ancestor directory may belong to several packages: it
	// is merged once, as unifying it again changes nothing.
	for _, f := range pkgs.files() {
		if pos := f.Pos(); pos.IsValid() {
			at.file = pos // CUE places the whole configuration at the last file
		}
		if !mergeDecls(root, f.Decls, cache.mergeMemo(), levelTop) {
			return nil, nil, false
		}
	}
	if pkgs.values() > 1 {
		// Values unified in Go (build.go) have no position of their own.
		at.file = token.NoPos
	}
	pc := newPlainChecker(c, ps, cache)
	var top plainTop
	if !pc.check(root, ps.top, reflect.ValueOf(&top).Elem()) {
		return nil, nil, false
	}
	d := top.assemble()
	if cache != nil {
		if ws := root.field("workspaces"); ws != nil && ws.value.kind == pStruct {
			d.src = map[string]any{}
			for _, f := range ws.value.fields {
				d.src[f.name] = f.value.src
			}
		}
	}
	return d, at, true
}

// assemble makes the model of what the plain checker decoded.
func (top *plainTop) assemble() *decoded {
	ws := make([]keyedWorkspace, 0, len(top.Workspaces))
	for key, w := range top.Workspaces {
		ws = append(ws, keyedWorkspace{key, w})
	}
	var qs []keyedQuota
	for sub, regions := range top.Quotas {
		for region, q := range regions {
			qs = append(qs, keyedQuota{sub, region, q})
		}
	}
	return assemble(ws, qs)
}

// plainPositions are the positions of merged plain data.
type plainPositions struct {
	root *pnode
	file token.Pos
}

// pos returns where the value at labels is written, or its closest
// written parent, as userPos does for a CUE value.
func (pp *plainPositions) pos(labels []string) diag.Pos {
	best := posOf(pp.file, "")
	if !pp.file.IsValid() {
		best = diag.Pos{}
	}
	n := pp.root
	for _, l := range labels {
		if n.kind != pStruct {
			break
		}
		f := n.field(l)
		if f == nil {
			break
		}
		if p := f.pos(); p.IsValid() {
			best = posOf(p, "")
		}
		n = f.value
	}
	return best
}
