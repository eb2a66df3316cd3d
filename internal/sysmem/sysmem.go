// Package sysmem tells how much memory this process may use: the machine's
// physical memory, or less where a control group (a container's memory
// limit) says so. amlc sizes its garbage collector's soft limit and the
// concurrency of a diff's two evaluations from it.
package sysmem

import (
	"bufio"
	"bytes"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"
)

// Limit returns the memory available to this process in bytes, and false
// when it cannot tell (not Linux, or /proc unreadable).
func Limit() (uint64, bool) { return limit(os.DirFS("/")) }

func limit(fsys fs.FS) (uint64, bool) {
	total, ok := memTotal(fsys)
	if !ok {
		return 0, false
	}
	for _, f := range cgroupFiles(fsys) {
		if n, ok := readLimit(fsys, f); ok && n < total {
			total = n
		}
	}
	return total, true
}

// memTotal reads MemTotal from /proc/meminfo.
func memTotal(fsys fs.FS) (uint64, bool) {
	data, err := fs.ReadFile(fsys, "proc/meminfo")
	if err != nil {
		return 0, false
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		v, ok := strings.CutPrefix(sc.Text(), "MemTotal:")
		if !ok {
			continue
		}
		f := strings.Fields(v)
		if len(f) != 2 || f[1] != "kB" {
			return 0, false
		}
		kb, err := strconv.ParseUint(f[0], 10, 64)
		return kb << 10, err == nil && kb > 0
	}
	return 0, false
}

// cgroupFiles are the files that may hold this process's memory limit:
// cgroup v2's memory.max and v1's memory.limit_in_bytes, at the group named
// in /proc/self/cgroup and at the root of the mount (inside a container
// the process's group is usually the mount's root).
func cgroupFiles(fsys fs.FS) []string {
	files := []string{"sys/fs/cgroup/memory.max", "sys/fs/cgroup/memory/memory.limit_in_bytes"}
	data, err := fs.ReadFile(fsys, "proc/self/cgroup")
	if err != nil {
		return files
	}
	for line := range strings.Lines(string(data)) {
		// hierarchy-ID:controllers:path
		parts := strings.SplitN(strings.TrimSpace(line), ":", 3)
		if len(parts) != 3 || !strings.HasPrefix(parts[2], "/") || parts[2] == "/" {
			continue
		}
		group := strings.TrimPrefix(path.Clean(parts[2]), "/")
		switch {
		case parts[0] == "0" && parts[1] == "":
			files = append(files, path.Join("sys/fs/cgroup", group, "memory.max"))
		case hasController(parts[1], "memory"):
			files = append(files, path.Join("sys/fs/cgroup/memory", group, "memory.limit_in_bytes"))
		}
	}
	return files
}

func hasController(list, name string) bool {
	for c := range strings.SplitSeq(list, ",") {
		if c == name {
			return true
		}
	}
	return false
}

// readLimit reads a limit in bytes; "max" (v2) and v1's huge "unlimited"
// value are no limit.
func readLimit(fsys fs.FS, name string) (uint64, bool) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return 0, false
	}
	s := strings.TrimSpace(string(data))
	if s == "max" {
		return 0, false
	}
	n, err := strconv.ParseUint(s, 10, 64)
	return n, err == nil && n > 0
}
