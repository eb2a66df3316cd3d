package schema

import (
	"reflect"
	"sync"
	"sync/atomic"
)

// Vet calls that share a Cache (the two sides of a diff) check and decode
// a workspace that both read from the same source once: the workspace of
// plain data written in one place of a file whose syntax they share
// (sharedparse.go), or a workspace of a unit that they share (units.go).
// Both are known by the identity of their source (pnode.src), which holds
// for the same content only; the other Vet takes the decoded workspace.
// TestSharedLikeAlone compares the results with each side vetted alone.

// checkMemo holds the workspaces checked, by source and target type.
type checkMemo struct {
	mu   sync.Mutex
	m    map[memoKey]*memoEntry
	hits atomic.Int64 // workspaces taken from another Vet, for the tests
}

type memoKey struct {
	src any
	t   reflect.Type
}

type memoEntry struct {
	once sync.Once
	ok   bool
	v    reflect.Value // the decoded workspace, when ok
}

func (cm *checkMemo) entry(k memoKey) *memoEntry {
	cm.mu.Lock()
	defer cm.mu.Unlock()
	if cm.m == nil {
		cm.m = map[memoKey]*memoEntry{}
	}
	e, ok := cm.m[k]
	if !ok {
		e = &memoEntry{}
		cm.m[k] = e
	}
	return e
}

// checkMemo returns the Cache's memo of checked workspaces, or nil.
func (ca *Cache) checkMemo() *checkMemo {
	if ca == nil {
		return nil
	}
	return &ca.checked
}

// checkWorkspace checks and decodes the workspace n into v (a valid,
// settable value), or takes what another Vet decoded from the same source.
// The decoded value is shared: what reads it (assemble) only reads it.
func (pc *plainChecker) checkWorkspace(n *pnode, s *shape, v reflect.Value) bool {
	e := pc.memo.entry(memoKey{n.src, v.Type()})
	mine := false
	e.once.Do(func() {
		mine = true
		w := reflect.New(v.Type()).Elem()
		if e.ok = pc.checkStruct(n, s, w); e.ok {
			e.v = w
		}
	})
	if !mine {
		pc.memo.hits.Add(1)
	}
	if e.ok {
		v.Set(e.v)
	}
	return e.ok
}
