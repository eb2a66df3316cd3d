package schema

import (
	"sync"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/token"

	"github.com/amlc-dev/amlc/internal/diag"
)

// Positions of a configuration made of units (units.go), some of which
// another Vet may have evaluated in its own files.

// unitPositions answers where a value is written from the units' values,
// as the configuration unified from them would (cuePositions): from the
// one unit that has the value, else from their unification, made on first
// need. Positions in the files of a unit that another Vet evaluated are
// moved to this Vet's files.
type unitPositions struct {
	evs   []*evaluated
	alias map[string]string
	once  sync.Once
	all   cue.Value
}

func newUnitPositions(evs []*evaluated, us []unit) *unitPositions {
	return &unitPositions{evs: evs, alias: aliases(evs, us)}
}

// aliases maps the files of units evaluated by another Vet to the files of
// this one, or is nil.
func aliases(evs []*evaluated, us []unit) map[string]string {
	var m map[string]string
	for i, ev := range evs {
		for j, f := range ev.files {
			if j < len(us[i].files) && f != us[i].files[j] {
				if m == nil {
					m = map[string]string{}
				}
				m[f] = us[i].files[j]
			}
		}
	}
	return m
}

func (up *unitPositions) pos(labels []string) diag.Pos {
	if len(up.evs) == 1 {
		return up.moved(userPos(up.evs[0].v, labels))
	}
	for n := len(labels); n >= 0; n-- {
		path := labelPath(labels[:n])
		var have []cue.Value
		for _, ev := range up.evs {
			if v := ev.v.LookupPath(path); v.Exists() {
				have = append(have, v)
			}
		}
		var p token.Pos
		switch len(have) {
		case 0:
			continue
		case 1:
			p = have[0].Pos()
		default:
			p = up.unified().LookupPath(path).Pos()
		}
		if p.IsValid() && !isSchemaPos(p) {
			return up.moved(posOf(p, ""))
		}
	}
	return diag.Pos{}
}

// written reports whether a unit has a value at labels.
func (up *unitPositions) written(labels []string) bool {
	return up.owner(labels) != nil
}

// owns answers as cuePositions would for the unified configuration: for
// the one unit that has the value, or for their unification.
func (up *unitPositions) owns(labels []string, pos diag.Pos) bool {
	v := up.owner(labels)
	if v == nil {
		return false
	}
	return cuePositions{*v}.owns(labels, unmovePos(up.alias, pos))
}

// owner is the value that answers for labels: that of the one unit that
// has a value there, or the units' unification; nil when no unit has one.
func (up *unitPositions) owner(labels []string) *cue.Value {
	path := labelPath(labels)
	var found *cue.Value
	for _, ev := range up.evs {
		if ev.v.LookupPath(path).Exists() {
			if found != nil {
				all := up.unified()
				return &all
			}
			found = &ev.v
		}
	}
	return found
}

// unified is the units' values unified, as CUE would make the
// configuration.
func (up *unitPositions) unified() cue.Value {
	up.once.Do(func() {
		for i, ev := range up.evs {
			if i == 0 {
				up.all = ev.v
			} else {
				up.all = up.all.Unify(ev.v)
			}
		}
	})
	return up.all
}

func (up *unitPositions) moved(p diag.Pos) diag.Pos { return movePos(up.alias, p) }

// moveDiags moves the positions of findings in another Vet's files to
// this Vet's.
func moveDiags(alias map[string]string, ds diag.Diagnostics) {
	if alias == nil {
		return
	}
	for i := range ds {
		ds[i].Pos = movePos(alias, ds[i].Pos)
		for j := range ds[i].Related {
			ds[i].Related[j] = movePos(alias, ds[i].Related[j])
		}
	}
}

// movedPositions are positions moved to this Vet's files.
type movedPositions struct {
	at    positions
	alias map[string]string
}

func (mp movedPositions) pos(labels []string) diag.Pos { return movePos(mp.alias, mp.at.pos(labels)) }

func (mp movedPositions) written(labels []string) bool { return mp.at.written(labels) }

func (mp movedPositions) owns(labels []string, pos diag.Pos) bool {
	return mp.at.owns(labels, unmovePos(mp.alias, pos))
}

// movePos moves a position in another Vet's file to this Vet's.
func movePos(alias map[string]string, p diag.Pos) diag.Pos {
	if f, ok := alias[p.Filename]; ok {
		p.Filename = f
	}
	return p
}

// unmovePos takes a position in this Vet's files back to the other Vet's
// file it was moved from.
func unmovePos(alias map[string]string, p diag.Pos) diag.Pos {
	for from, to := range alias {
		if to == p.Filename {
			p.Filename = from
			break
		}
	}
	return p
}
