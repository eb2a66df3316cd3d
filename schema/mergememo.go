package schema

import (
	"sync"

	"cuelang.org/go/cue/ast"
)

// Vet calls that share a Cache and syntax (plain data, sharedparse.go)
// merge a workspace written in one struct literal once: the merged
// subtree is shared, read by every Vet and never changed; a Vet that
// merges more into it (the workspace is written in several places) copies
// it first. The merge of a struct literal into a new struct depends on the
// literal alone.

// mergeMemo holds the merged workspaces by their struct literal.
type mergeMemo struct {
	mu sync.Mutex
	m  map[*ast.StructLit]*mergeEntry
}

type mergeEntry struct {
	once sync.Once
	n    *pnode
	ok   bool
}

// mergeMemo returns the Cache's memo of merged workspaces, or nil.
func (ca *Cache) mergeMemo() *mergeMemo {
	if ca == nil {
		return nil
	}
	return &ca.merged
}

// workspace returns the workspace merged from sl, shared, and whether sl
// is plain data.
func (mm *mergeMemo) workspace(sl *ast.StructLit) (*pnode, bool) {
	mm.mu.Lock()
	if mm.m == nil {
		mm.m = map[*ast.StructLit]*mergeEntry{}
	}
	e, ok := mm.m[sl]
	if !ok {
		e = &mergeEntry{}
		mm.m[sl] = e
	}
	mm.mu.Unlock()
	e.once.Do(func() {
		n := &pnode{kind: pStruct, src: sl}
		if e.ok = mergePlain(n, sl.Elts); e.ok {
			n.markShared()
			e.n = n
		}
	})
	return e.n, e.ok
}

// markShared marks n and everything below it shared.
func (n *pnode) markShared() {
	if n == nil {
		return
	}
	n.shared = true
	for _, f := range n.fields {
		f.value.markShared()
	}
	for _, e := range n.elems {
		e.markShared()
	}
}

// copy returns a copy of a shared node, and of everything below it, that
// this Vet may change.
func (n *pnode) copy() *pnode {
	c := *n
	c.shared = false
	c.fields = make([]*pfield, len(n.fields))
	for i, f := range n.fields {
		fc := *f
		if f.value != nil {
			fc.value = f.value.copy()
		}
		c.fields[i] = &fc
	}
	if n.index != nil {
		c.index = make(map[string]*pfield, len(n.index))
		for _, f := range c.fields {
			c.index[f.name] = f
		}
	}
	if n.elems != nil {
		c.elems = make([]*pnode, len(n.elems))
		for i, e := range n.elems {
			c.elems[i] = e.copy()
		}
	}
	return &c
}
