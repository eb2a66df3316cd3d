package schema

import (
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"github.com/amlc-dev/amlc/internal/diag"
)

// maxFileSize bounds what amlc reads from one spec file. Specs are small;
// anything this large is a mistake (a binary, a dump, a device) and would
// only make evaluation slow.
const maxFileSize = 32 << 20

// inputFile is one spec file to read.
type inputFile struct {
	path string // the name positions carry: as given or joined from a directory argument
	abs  string // the absolute path
	kind string // "cue", "json" or "yaml"
	// found says the file was found in a directory (named, or matched by
	// a ... pattern) rather than named itself: such a data file that is
	// plainly not a spec is left out (select.go).
	found bool
	// pattern marks a file found in a directory only a ... pattern
	// matched: a CUE package of such files alone may be left out.
	pattern bool
	// ancestor marks a CUE file of a directory above an input directory
	// in a module: cue/load decides whether it belongs to the package.
	ancestor bool
	// module is the root of the CUE module the file is loaded in, "" for
	// none.
	module string
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

// argKind is what an input argument names.
type argKind uint8

const (
	argFile    argKind = iota // a spec file
	argDir                    // a directory: the files directly in it
	argPattern                // dir/...: the directory and every one below it
	argImport                 // an import path of a package (in a module)
)

// arg is one input argument, resolved.
type arg struct {
	kind argKind
	path string // as given, cleaned; for a pattern the directory before /...
	abs  string // absolute; empty for an import path
	// module is the root of the CUE module it is loaded in, "" for none
	// (loader.moduleOf).
	module string
	// stdin marks standard input, a file argument in the working
	// directory (stdin.go).
	stdin bool
}

// resolveArgs classifies the input paths. Relative paths are relative to
// dir. No path means ".". Inside a module, an argument that is not a path
// on disk but looks like an import path ("example.com/infra/teams") is
// passed to cue/load as one.
func resolveArgs(m *MemFiles, paths []string, dir string, inModule bool) ([]arg, diag.Diagnostics) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var (
		args []arg
		ds   diag.Diagnostics
	)
	for _, p := range paths {
		if a, ok := stdinArg(p, dir); ok {
			args = append(args, a)
			continue
		}
		if base, ok := patternBase(p); ok {
			abs := absPath(dir, base)
			fi, err := m.stat(abs)
			switch {
			case err != nil && errors.Is(err, fs.ErrNotExist):
				ds = append(ds, diag.Errorf("input/not-found", diag.Pos{}, "", "path "+quote(base)+" of pattern "+quote(p)+" does not exist"))
			case err != nil:
				ds = append(ds, diag.Errorf("input/unreadable", diag.Pos{Filename: base}, "", "cannot read "+quote(base)+": "+errText(err)))
			case !fi.IsDir():
				ds = append(ds, diag.Errorf("input/not-found", diag.Pos{}, "", "pattern "+quote(p)+": "+quote(base)+" is not a directory"))
			default:
				args = append(args, arg{kind: argPattern, path: base, abs: abs})
			}
			continue
		}
		abs := absPath(dir, p)
		fi, err := m.stat(abs)
		switch {
		case err != nil && errors.Is(err, fs.ErrNotExist):
			if inModule && looksLikeImportPath(p) {
				args = append(args, arg{kind: argImport, path: p})
				continue
			}
			ds = append(ds, diag.Errorf("input/not-found", diag.Pos{}, "", "path "+quote(p)+" does not exist"))
		case err != nil:
			ds = append(ds, diag.Errorf("input/unreadable", diag.Pos{Filename: p}, "", "cannot read "+quote(p)+": "+errText(err)))
		case fi.IsDir():
			args = append(args, arg{kind: argDir, path: filepath.Clean(p), abs: abs})
		case kindOf(p) == "":
			ds = append(ds, diag.Errorf("input/unreadable", diag.Pos{Filename: p}, "",
				"unsupported file type "+quote(filepath.Ext(p))+": spec files end in .cue, .json, .yaml or .yml"))
		default:
			args = append(args, arg{kind: argFile, path: filepath.Clean(p), abs: abs})
		}
	}
	return args, ds
}

// patternBase returns the directory of a "dir/..." pattern ("." for "...").
func patternBase(p string) (string, bool) {
	s := filepath.ToSlash(p)
	switch {
	case s == "...":
		return ".", true
	case strings.HasSuffix(s, "/..."):
		base := strings.TrimSuffix(s, "/...")
		if base == "" {
			base = "/"
		}
		return filepath.FromSlash(base), true
	}
	return "", false
}

// looksLikeImportPath reports whether p could be a CUE import path rather
// than a file-system path: it does not start with ".", "/" or a volume,
// and its first element has a dot (a domain), as module paths do.
func looksLikeImportPath(p string) bool {
	if p == "" || filepath.IsAbs(p) || strings.HasPrefix(p, ".") || strings.ContainsRune(p, '\\') {
		return false
	}
	first, _, _ := strings.Cut(p, "/")
	first, _, _ = strings.Cut(first, ":")
	return strings.Contains(first, ".") && kindOf(p) == ""
}

// absPath joins a relative path to dir.
func absPath(dir, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, p)
}

// displayPath is the name a file found through an argument carries in
// positions: relative as the user wrote it when the run is in the process's
// working directory, else absolute.
func displayPath(rel, abs string, relative bool) string {
	if relative && !filepath.IsAbs(rel) {
		return rel
	}
	return abs
}

// dirFiles are the spec files directly in one directory.
type dirFiles struct {
	cue, data []string // base names, sorted
}

// scanDir lists the spec files directly in a directory. Like the cue tool,
// it leaves out files whose names start with "." or "_", and CUE files
// ending in _tool.cue or _test.cue (cue's command and test files). Only
// regular files (or links to them) are spec files: a named pipe or a
// device in a directory would block or never end.
func scanDir(m *MemFiles, abs string) (dirFiles, error) {
	entries, err := m.readDir(abs)
	if err != nil {
		return dirFiles{}, err
	}
	var df dirFiles
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || kindOf(name) == "" || !isRegular(m, abs, e) {
			continue
		}
		switch kindOf(name) {
		case "cue":
			if !cueExcluded(name) {
				df.cue = append(df.cue, name)
			}
		case "json", "yaml":
			df.data = append(df.data, name)
		}
	}
	slices.Sort(df.cue)
	slices.Sort(df.data)
	return df, nil
}

// isRegular reports whether a directory entry is a regular file, or a link
// to one.
func isRegular(m *MemFiles, dir string, e fs.DirEntry) bool {
	if e.Type().IsRegular() {
		return true
	}
	if e.Type()&fs.ModeSymlink == 0 {
		return false
	}
	fi, err := m.stat(filepath.Join(dir, e.Name()))
	return err == nil && fi.Mode().IsRegular()
}

// cueExcluded reports whether the cue tool leaves a CUE file out of a
// package even when it is named: command files (_tool.cue) and test files
// (_test.cue).
func cueExcluded(name string) bool {
	return strings.HasSuffix(name, "_tool.cue") || strings.HasSuffix(name, "_test.cue")
}

// walkPattern returns root and every directory below it that the cue tool's
// "..." matches: it does not descend into directories whose names start
// with "." or "_", into testdata (below the root), into cue.mod, or into
// another module (a directory holding its own cue.mod).
func walkPattern(m *MemFiles, root string) ([]string, error) {
	var dirs []string
	err := m.walkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return err
			}
			return nil // unreadable below the root: cue skips it too
		}
		if !d.IsDir() {
			return nil
		}
		if p != root {
			name := d.Name()
			if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "cue.mod" {
				return filepath.SkipDir
			}
			if _, err := m.stat(filepath.Join(p, "cue.mod")); err == nil {
				return filepath.SkipDir
			}
		}
		dirs = append(dirs, p)
		return nil
	})
	return dirs, err
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
