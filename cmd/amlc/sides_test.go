package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestFits(t *testing.T) {
	for _, tc := range []struct {
		n, limit uint64
		want     bool
	}{
		{0, 1 << 30, true},
		{2 << 20, 18 << 30, true},  // 10,000 idiomatic clusters on the benchmark's machine
		{2 << 20, 1 << 30, false},  // the same in a 1.3 GiB container
		{10 << 20, 6 << 30, false}, // 10 MB of CUE would need 8 GiB
		{100 << 10, 256 << 20, true},
	} {
		if got := fits(tc.n, tc.limit); got != tc.want {
			t.Errorf("fits(%d, %d) = %v, want %v", tc.n, tc.limit, got, tc.want)
		}
	}
}

func TestSpecBytes(t *testing.T) {
	dir := t.TempDir()
	for name, size := range map[string]int{"a.cue": 10, "b.json": 20, "notes.md": 40, "_x.cue": 80, "sub/c.yaml": 160} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, make([]byte, size), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		paths []string
		want  uint64
	}{
		{nil, 30},
		{[]string{"."}, 30},
		{[]string{"./..."}, 190},
		{[]string{"a.cue"}, 10},
		{[]string{"sub", "a.cue"}, 170},
		{[]string{"missing"}, 0},
	} {
		if got := specBytes(dir, tc.paths); got != tc.want {
			t.Errorf("specBytes(%v) = %d, want %d", tc.paths, got, tc.want)
		}
	}
}
