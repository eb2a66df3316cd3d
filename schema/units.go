package schema

import (
	"crypto/sha256"
	"encoding/binary"
	"path/filepath"
	"sync"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/build"
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
	mu       sync.Mutex
	units    map[[sha256.Size]byte]*cacheEntry
	parsed   map[[sha256.Size]byte]*parseEntry // sharedparse.go
	checked  checkMemo                         // checkmemo.go
	clusters clusterMemo                       // checkmemo.go
	merged   mergeMemo                         // mergememo.go
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
	if e.ev == nil || e.ev.ctx != ctx && e.ev.tree == nil {
		// Only a unit that is valid has been evaluated all through, so
		// that another Vet only reads it; this one (or one whose
		// evaluation panicked) is evaluated again.
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
		u.key, u.shared = unitKey(pkgs.mem, inst, pkgs.sums, tags)
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
func fileSum(m *MemFiles, name string) ([sha256.Size]byte, bool) {
	if !filepath.IsAbs(name) {
		return [sha256.Size]byte{}, false
	}
	data, err := m.readFile(name)
	if err != nil {
		return [sha256.Size]byte{}, false
	}
	return sha256.Sum256(data), true
}

// unitKey is what identifies an instance: the tags it was loaded with, its
// package, and the contents of its files and of those of the packages it
// imports, in order. It reports false when a file's content cannot be
// known: such a unit is not shared.
func unitKey(m *MemFiles, inst *build.Instance, sums map[*ast.File][sha256.Size]byte, tags []string) ([sha256.Size]byte, bool) {
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
				sum, ok = fileSum(m, f.Filename)
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
