package schema

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/amlc-dev/amlc/internal/diag"
)

// maxFileSize bounds what amlc reads from one spec file. Specs are small;
// anything this large is a mistake (a binary, a dump) and would only make
// evaluation slow.
const maxFileSize = 32 << 20

// inputFile is one spec file to load.
type inputFile struct {
	path string // as given or joined from a directory argument
	kind string // "cue", "json" or "yaml"
	dir  string // the directory holding it, cleaned
	// stdin marks standard input (stdin.go), whose bytes data holds.
	stdin bool
	data  []byte
}

// kindOf returns the kind of a spec file by its extension, or "".
func kindOf(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".cue":
		return "cue"
	case ".json":
		return "json"
	case ".yaml", ".yml":
		return "yaml"
	}
	return ""
}

// collect expands the input paths (files or directories) into spec files.
// A directory contributes the spec files directly in it; like the cue tool,
// it skips files whose names start with "." or "_". No path means ".".
// Standard input ("-", stdin.go) is the spec stdin holds.
func collect(paths []string, stdin []byte) ([]inputFile, diag.Diagnostics) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var (
		files []inputFile
		ds    diag.Diagnostics
		seen  = map[string]bool{}
	)
	add := func(path, kind string) {
		abs, err := filepath.Abs(path)
		if err != nil {
			abs = path
		}
		if seen[abs] {
			return
		}
		seen[abs] = true
		files = append(files, inputFile{path: path, kind: kind, dir: filepath.Dir(abs)})
	}
	for _, p := range paths {
		if f, ok := stdinInput(p, stdin); ok {
			files = append(files, f)
			continue
		}
		fi, err := os.Stat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			ds = append(ds, diag.Errorf("input/not-found", diag.Pos{}, "", "path "+quote(p)+" does not exist"))
			continue
		case err != nil:
			ds = append(ds, diag.Errorf("input/unreadable", diag.Pos{Filename: p}, "", "cannot read "+quote(p)+": "+errText(err)))
			continue
		}
		if !fi.IsDir() {
			k := kindOf(p)
			if k == "" {
				ds = append(ds, diag.Errorf("input/unreadable", diag.Pos{Filename: p}, "",
					"unsupported file type "+quote(filepath.Ext(p))+": spec files end in .cue, .json, .yaml or .yml"))
				continue
			}
			add(p, k)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			ds = append(ds, diag.Errorf("input/unreadable", diag.Pos{Filename: p}, "", "cannot read directory "+quote(p)+": "+errText(err)))
			continue
		}
		n := 0
		for _, e := range entries {
			name := e.Name()
			if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				continue
			}
			k := kindOf(name)
			if k == "" {
				continue
			}
			if e.IsDir() {
				continue
			}
			add(filepath.Join(p, name), k)
			n++
		}
		if n == 0 {
			ds = append(ds, diag.Errorf("input/empty", diag.Pos{Filename: p}, "",
				"directory "+quote(p)+" holds no spec files (.cue, .json, .yaml, .yml)"))
		}
	}
	slices.SortStableFunc(files, func(a, b inputFile) int { return strings.Compare(a.path, b.path) })
	return files, ds
}

// errText returns the reason of a file-system error without repeating the
// path (which the diagnostic already carries).
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func quote(s string) string { return `"` + s + `"` }
