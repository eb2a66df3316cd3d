package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/amlc-dev/amlc/internal/sysmem"
)

// A diff evaluates its two sides at the same time where the machine's
// memory holds both. CUE's evaluation of a configuration takes up to about
// evalBytesPerInputByte bytes for every byte of spec (measured on the
// benchmark's idiomatic repositories: 10,000 clusters, 2 MB of CUE, peak
// at 727 MiB; plain data takes far less), so each side is estimated from
// the size of the spec files, and both must fit in the collector's soft
// limit (main.go).
const evalBytesPerInputByte = 400

// bothFit reports whether the two sides of a diff of paths (as given,
// relative to cwd) may be evaluated at once: within the collector's soft
// limit, and within the bound on the memory of evaluation (evalMemory,
// 0 for none), which counts the whole process, both sides together. The
// base is assumed the size of the specs.
func bothFit(cwd string, paths []string, evalMemory uint64) bool {
	limit := evalMemory
	if m, ok := sysmem.Limit(); ok && (limit == 0 || uint64(softLimit(m)) < limit) {
		limit = uint64(softLimit(m))
	}
	if limit == 0 {
		return true
	}
	return fits(specBytes(cwd, paths), limit)
}

// fits reports whether two evaluations of specs of n bytes fit in limit.
func fits(n, limit uint64) bool {
	const floor = 32 << 20 // a process's own memory, and small specs
	return 2*(floor+n*evalBytesPerInputByte) <= limit
}

// specBytes adds up the sizes of the spec files at paths: the files named,
// those directly in the directories named, and for dir/... those below.
func specBytes(cwd string, paths []string) uint64 {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var n uint64
	for _, p := range paths {
		dir, recursive := strings.CutSuffix(filepath.ToSlash(p), "/...")
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(cwd, dir)
		}
		fi, err := os.Stat(dir)
		if err != nil {
			continue
		}
		if !fi.IsDir() {
			n += uint64(fi.Size())
			continue
		}
		_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if path != dir && !recursive {
					return filepath.SkipDir
				}
				return nil
			}
			if name := d.Name(); isSpecFile(name) && !strings.HasPrefix(name, "_") && !strings.HasPrefix(name, ".") {
				if info, err := d.Info(); err == nil {
					n += uint64(info.Size())
				}
			}
			return nil
		})
	}
	return n
}
