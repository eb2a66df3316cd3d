package schema

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing/fstest"

	"github.com/amlc-dev/amlc/internal/readlimit"
)

// MemFiles are spec files held in memory below a directory, read instead
// of the disk there (Options.Files): `amlc diff --base` reads a git
// revision into them rather than writing it out and reading it back. Below
// the directory only these files exist; above it, and elsewhere, the disk
// is read as always (a CUE module above it is found as on disk). A nil
// *MemFiles reads the disk.
type MemFiles struct {
	root string
	fs   fstest.MapFS
}

// NewMemFiles returns an empty set of files below the absolute directory
// root.
func NewMemFiles(root string) *MemFiles {
	return &MemFiles{root: filepath.Clean(root), fs: fstest.MapFS{}}
}

// Root is the directory the files are below.
func (m *MemFiles) Root() string { return m.root }

// Add places a file at rel, a slash-separated path below the root. The
// data is not copied.
func (m *MemFiles) Add(rel string, data []byte) {
	m.fs[path.Clean(rel)] = &fstest.MapFile{Data: data, Mode: 0o644}
}

// AddDir places a directory at rel, which exists then though no file is
// below it.
func (m *MemFiles) AddDir(rel string) {
	rel = path.Clean(rel)
	if _, ok := m.fs[rel]; !ok && rel != "." {
		m.fs[rel] = &fstest.MapFile{Mode: fs.ModeDir | 0o755}
	}
}

// Walk calls fn for every file (not the directories of AddDir), by its
// path below the root.
func (m *MemFiles) Walk(fn func(rel string, data []byte) error) error {
	for rel, f := range m.fs {
		if f.Mode.IsDir() {
			continue
		}
		if err := fn(rel, f.Data); err != nil {
			return err
		}
	}
	return nil
}

// inside returns the path of abs below the root, slash-separated ("." for
// the root), or false when abs is not below it (or m is nil).
func (m *MemFiles) inside(abs string) (string, bool) {
	if m == nil {
		return "", false
	}
	rel, err := filepath.Rel(m.root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// stat is os.Stat.
func (m *MemFiles) stat(abs string) (fs.FileInfo, error) {
	if rel, ok := m.inside(abs); ok {
		return fs.Stat(m.fs, rel)
	}
	return os.Stat(abs)
}

// readDir is os.ReadDir.
func (m *MemFiles) readDir(abs string) ([]fs.DirEntry, error) {
	if rel, ok := m.inside(abs); ok {
		return fs.ReadDir(m.fs, rel)
	}
	return os.ReadDir(abs)
}

// readFile is os.ReadFile.
func (m *MemFiles) readFile(abs string) ([]byte, error) {
	if rel, ok := m.inside(abs); ok {
		return fs.ReadFile(m.fs, rel)
	}
	return os.ReadFile(abs)
}

// readSpec is readlimit.ReadFile: name is how an error names the file.
func (m *MemFiles) readSpec(abs, name string) ([]byte, error) {
	rel, ok := m.inside(abs)
	if !ok {
		return readlimit.ReadFile(abs, name, "a spec file", maxFileSize)
	}
	data, err := fs.ReadFile(m.fs, rel)
	if err == nil && len(data) > maxFileSize {
		return nil, &readlimit.TooLargeError{Name: name, What: "a spec file", Limit: maxFileSize}
	}
	return data, err
}

// walkDir is filepath.WalkDir.
func (m *MemFiles) walkDir(root string, fn fs.WalkDirFunc) error {
	rel, ok := m.inside(root)
	if !ok {
		return filepath.WalkDir(root, fn)
	}
	return fs.WalkDir(m.fs, rel, func(p string, d fs.DirEntry, err error) error {
		return fn(filepath.Join(m.root, filepath.FromSlash(p)), d, err)
	})
}
