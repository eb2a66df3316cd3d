package schema

import (
	"reflect"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/amlc-dev/amlc/internal/catalog"
	"github.com/amlc-dev/amlc/internal/diag"
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

// Vet calls that share a Cache and syntax (plain data) also run the
// checks of docs/spec.md once for a cluster of a workspace that both read
// from the same struct literal: the other Vet takes its findings (which
// name the files of the shared syntax, moved to its own at the end of
// Vet), the catalog entry of its size and the size's canonical name, the
// only things checkCluster leaves behind. Checks of other packages
// (Options.Checks) may keep state of their own: with them, every Vet runs
// every check.

// clusterMemo holds the checks of clusters, by workspace source and name.
type clusterMemo struct {
	mu   sync.Mutex
	m    map[clusterKey]*clusterEntry
	hits atomic.Int64 // clusters checked by another Vet, for the tests
}

type clusterKey struct {
	src  any
	name string
}

type clusterEntry struct {
	once    sync.Once
	ds      diag.Diagnostics
	size    catalog.Size
	hasSize bool
	vmSize  string
}

// checkClusterOnce is checkCluster, shared through k.memo for a cluster of
// a workspace read from src.
func (k *checker) checkClusterOnce(w *Workspace, c *Cluster, src any) {
	if k.memo == nil || src == nil || len(k.checks) > 0 {
		k.checkCluster(w, c)
		return
	}
	k.memo.mu.Lock()
	if k.memo.m == nil {
		k.memo.m = map[clusterKey]*clusterEntry{}
	}
	key := clusterKey{src, c.Name}
	e, ok := k.memo.m[key]
	if !ok {
		e = &clusterEntry{}
		k.memo.m[key] = e
	}
	k.memo.mu.Unlock()
	mine := false
	e.once.Do(func() {
		mine = true
		start := len(k.ds)
		k.checkCluster(w, c)
		e.ds = cloneDiags(k.ds[start:])
		e.size, e.hasSize = k.sizes[Address(w, c)]
		e.vmSize = c.VMSize
	})
	if mine {
		return
	}
	k.memo.hits.Add(1)
	k.ds = append(k.ds, cloneDiags(e.ds)...)
	if e.hasSize {
		if k.sizes == nil {
			k.sizes = map[string]catalog.Size{}
		}
		k.sizes[Address(w, c)] = e.size
	}
	c.VMSize = e.vmSize
}

// cloneDiags copies findings, with their related positions (which Vet
// moves in place).
func cloneDiags(ds diag.Diagnostics) diag.Diagnostics {
	out := slices.Clone(ds)
	for i := range out {
		out[i].Related = slices.Clone(out[i].Related)
	}
	return out
}
