package schema

import (
	"crypto/sha256"
	"encoding/binary"
	"os"
	"path/filepath"
	"sync"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/build"
	"cuelang.org/go/cue/token"

	"github.com/amlc-dev/amlc/internal/diag"
)

// Units: the values CUE evaluates on its own, one per package instance and
// one per data file, which Vet then combines. When every unit is valid on
// its own and they meet only in the containers of the configuration (the
// top, workspaces, quotas and a subscription's quotas), their evaluated
// trees are merged in Go rather than unified in CUE, which would evaluate
// the configuration again; where they meet anywhere else, or a container
// has a constraint or is closed against what another unit adds, they are
// unified in CUE as before. A unit is known by the content of its files,
// so a Cache shared by two Vet calls (the two sides of a diff) evaluates
// a unit whose files did not change once, for both.

// unit is one value of the configuration.
type unit struct {
	key    [sha256.Size]byte // the content of its files and how they are read
	shared bool              // whether key knows every file's content
	files  []string          // its files in order, to map positions between equal units
	build  func(ctx *cue.Context) cue.Value
}

// evaluated is a unit evaluated: its value, and its tree when the value is
// valid on its own (evaluated.go).
type evaluated struct {
	v     cue.Value
	tree  *pnode
	files []string     // the files of whoever evaluated it
	ctx   *cue.Context // and its context
}

// Cache lets Vet calls share the units they have in common: give the same
// Cache to the Vet of each side of a diff, and a package or data file
// whose content is the same on both sides is evaluated once. It is safe
// for concurrent use.
type Cache struct {
	mu    sync.Mutex
	units map[[sha256.Size]byte]*cacheEntry
}

type cacheEntry struct {
	once sync.Once
	ev   *evaluated
}

// NewCache returns an empty Cache.
func NewCache() *Cache { return &Cache{units: map[[sha256.Size]byte]*cacheEntry{}} }

// evaluate evaluates u in ctx, or takes it from the cache where another Vet
// evaluated it (or is evaluating it: then it waits).
func (ca *Cache) evaluate(ctx *cue.Context, u unit) *evaluated {
	if ca == nil || !u.shared {
		return evalUnit(ctx, u)
	}
	ca.mu.Lock()
	e, ok := ca.units[u.key]
	if !ok {
		e = &cacheEntry{}
		ca.units[u.key] = e
	}
	ca.mu.Unlock()
	e.once.Do(func() { e.ev = evalUnit(ctx, u) })
	if e.ev.ctx != ctx && e.ev.tree == nil {
		// Only a unit that is valid has been evaluated all through, so
		// that another Vet only reads it; this one is evaluated again.
		return evalUnit(ctx, u)
	}
	return e.ev
}

func evalUnit(ctx *cue.Context, u unit) *evaluated {
	ev := &evaluated{v: u.build(ctx), files: u.files, ctx: ctx}
	if ev.v.Validate() == nil {
		if t, ok := evalTree(ev.v); ok && t.kind == pStruct {
			ev.tree = t
		}
	}
	return ev
}

// evaluateUnits evaluates every unit of pkgs in ctx, or takes it from the
// cache; tags are the build tags the instances were loaded with.
func (ca *Cache) evaluateUnits(ctx *cue.Context, pkgs *packages, tags []string) ([]unit, []*evaluated) {
	us := unitsOf(pkgs, tags)
	evs := make([]*evaluated, len(us))
	for i, u := range us {
		evs[i] = ca.evaluate(ctx, u)
	}
	return us, evs
}

// unitsOf lists the units of pkgs: each CUE instance, then the data files'
// instance.
func unitsOf(pkgs *packages, tags []string) []unit {
	var us []unit
	insts := pkgs.instances()
	if pkgs.data != nil {
		insts = append(insts[:len(insts):len(insts)], pkgs.data)
	}
	for _, inst := range insts {
		u := unit{build: func(ctx *cue.Context) cue.Value { return ctx.BuildInstance(inst) }}
		for _, f := range inst.Files {
			u.files = append(u.files, f.Filename)
		}
		u.key, u.shared = unitKey(inst, pkgs.sums, tags)
		us = append(us, u)
	}
	return us
}

// fileSums are the contents of the files read, by their syntax.
func fileSums(files []*parsed) map[*ast.File][sha256.Size]byte {
	m := make(map[*ast.File][sha256.Size]byte, len(files))
	for _, p := range files {
		m[p.file] = sha256.Sum256(p.src)
	}
	return m
}

// fileSum is the content of a file read by cue/load, which names it by
// its absolute path.
func fileSum(name string) ([sha256.Size]byte, bool) {
	if !filepath.IsAbs(name) {
		return [sha256.Size]byte{}, false
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return [sha256.Size]byte{}, false
	}
	return sha256.Sum256(data), true
}

// unitKey is what identifies an instance: the tags it was loaded with, its
// package, and the contents of its files and of those of the packages it
// imports, in order. It reports false when a file's content cannot be
// known: such a unit is not shared.
func unitKey(inst *build.Instance, sums map[*ast.File][sha256.Size]byte, tags []string) ([sha256.Size]byte, bool) {
	h := sha256.New()
	write := func(s string) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	for _, t := range tags {
		write(t)
	}
	known := true
	seen := map[*build.Instance]bool{}
	var walk func(i *build.Instance)
	walk = func(i *build.Instance) {
		if seen[i] {
			return
		}
		seen[i] = true
		write(i.ImportPath)
		write(i.PkgName)
		for _, f := range i.Files {
			sum, ok := sums[f]
			if !ok {
				// A file amlc did not read itself: one of a package
				// that cue/load found for an import.
				sum, ok = fileSum(f.Filename)
			}
			known = known && ok
			write(string(sum[:]))
		}
		for _, dep := range i.Imports {
			walk(dep)
		}
	}
	walk(inst)
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k, known
}

// container says which structs of the configuration are containers
// that units may share: the top (depth 0), workspaces and quotas (1), and
// a subscription's quotas (2).
func container(labels []string) bool {
	switch len(labels) {
	case 0:
		return true
	case 1:
		return labels[0] == "workspaces" || labels[0] == "quotas"
	case 2:
		return labels[0] == "quotas"
	}
	return false
}

// mergeUnits merges the trees of the units into one, as unifying their
// values would, or reports false where it cannot say so: a unit with no
// tree, units that meet below the containers, or a container of one unit
// that has a pattern constraint or does not allow a field another adds.
func mergeUnits(evs []*evaluated) (*pnode, bool) {
	trees := make([]*pnode, len(evs))
	values := make([]cue.Value, len(evs))
	for i, ev := range evs {
		if ev.tree == nil {
			return nil, false
		}
		trees[i], values[i] = ev.tree, ev.v
	}
	if len(trees) == 1 {
		return trees[0], true
	}
	return mergeAt(nil, trees, values)
}

// mergeAt merges the nodes at a container path, one per unit that has it.
func mergeAt(labels []string, nodes []*pnode, values []cue.Value) (*pnode, bool) {
	out := &pnode{kind: pStruct}
	type owner struct {
		f     *pfield
		units []int
	}
	byName := map[string]*owner{}
	var order []string
	for i, n := range nodes {
		if n.kind != pStruct {
			return nil, false
		}
		for _, f := range n.fields {
			o := byName[f.name]
			if o == nil {
				o = &owner{f: f}
				byName[f.name] = o
				order = append(order, f.name)
			}
			o.units = append(o.units, i)
		}
	}
	if len(nodes) > 1 {
		// Each unit's struct here must take the others' fields as they
		// are: with no pattern constraint or optional field that would
		// apply to them, and not closed against them. (Unifying values
		// does not enforce every closedness that Allows reports, for
		// example that of a field selected from a definition; such a
		// struct takes the way of unifying, which decides.)
		path := labelPath(labels)
		for i := range nodes {
			v := values[i].LookupPath(path)
			if v.LookupPath(cue.MakePath(cue.AnyString)).Exists() {
				return nil, false
			}
			for _, name := range order {
				if nodes[i].field(name) != nil {
					continue
				}
				sel := cue.Str(name)
				if !v.Allows(sel) || v.LookupPath(cue.MakePath(sel.Optional())).Exists() {
					return nil, false
				}
			}
		}
	}
	for _, name := range order {
		o := byName[name]
		if len(o.units) == 1 {
			out.insert(o.f)
			continue
		}
		sub := append(append([]string(nil), labels...), name)
		if !container(sub) {
			return nil, false // the units meet here: CUE decides
		}
		kids := make([]*pnode, len(o.units))
		vals := make([]cue.Value, len(o.units))
		for k, i := range o.units {
			kids[k] = nodes[i].field(name).value
			vals[k] = values[i]
		}
		merged, ok := mergeAt(sub, kids, vals)
		if !ok {
			return nil, false
		}
		out.insert(&pfield{name: name, value: merged, count: len(o.units)})
	}
	return out, true
}

// vetUnits checks the merged trees of the units against the schema's shape
// and decodes them, like the evaluated path; false when the units cannot
// be merged in Go or the result is not certainly valid.
func (c *compiled) vetUnits(evs []*evaluated, us []unit) (*decoded, positions, bool) {
	root, ok := mergeUnits(evs)
	if !ok {
		return nil, nil, false
	}
	d, ok := c.checkTree(root)
	if !ok {
		return nil, nil, false
	}
	return d, newUnitPositions(evs, us), true
}

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

// movePos moves a position in another Vet's file to this Vet's.
func movePos(alias map[string]string, p diag.Pos) diag.Pos {
	if f, ok := alias[p.Filename]; ok {
		p.Filename = f
	}
	return p
}
