package armtest

import (
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// One holder of the lock at a time: the others wait for it.
func TestLockDirExcludes(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".install.lock")
	var inside, most atomic.Int32
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			unlock, err := lockDir(path, time.Minute, time.Minute)
			if err != nil {
				t.Error(err)
				return
			}
			n := inside.Add(1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			time.Sleep(20 * time.Millisecond)
			inside.Add(-1)
			unlock()
		})
	}
	wg.Wait()
	if most.Load() != 1 {
		t.Errorf("%d holders at once, want 1", most.Load())
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the lock file is left behind: %v", err)
	}
}

// A lock file older than the wait was left by a process that died.
func TestLockDirTakesOverAStaleLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".install.lock")
	if err := os.WriteFile(path, []byte("1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	unlock, err := lockDir(path, time.Minute, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	unlock()
	// A fresh one is waited for, up to the limit.
	if err := os.WriteFile(path, []byte("1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := lockDir(path, 300*time.Millisecond, time.Minute); err == nil {
		t.Error("took a lock another process holds")
	}
}

func TestMissingPackage(t *testing.T) {
	dir := t.TempDir()
	manifest := map[string]string{"tree-sitter": "0.22.4"}
	if got := missingPackage(dir, manifest); got != "tree-sitter" {
		t.Errorf("missingPackage of an empty directory = %q", got)
	}
	pkg := filepath.Join(dir, "node_modules", "tree-sitter")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pkg, "package.json"), []byte(`{"version": "0.22.4"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := missingPackage(dir, manifest); got != "" {
		t.Errorf("missingPackage with the package installed = %q", got)
	}
}
