package schema

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/build"
	cueerrors "cuelang.org/go/cue/errors"
	"cuelang.org/go/cue/load"
	"cuelang.org/go/cue/parser"
	"cuelang.org/go/cue/token"

	"github.com/amlc-dev/amlc/internal/diag"
)

// loadModule loads the CUE arguments inside a module through cue/load, as
// `cue export` loads them, with the files amlc parsed as an overlay.
// Directories that hold only data files are not CUE arguments. A package
// that only a ... pattern matched is left out, with a note, when it is
// plainly not a spec (judgePackage): a package of defaults that the specs
// import, for example. The working directory's module is loaded from the
// working directory, as cue loads it; another module from its root.
func (l *loader) loadModule(root string, args []arg, files []*parsed) []*build.Instance {
	dir := l.dir
	if root != l.modRoot {
		dir = root
	}
	ov := newOverlay()
	ov.addMem(l.mem)
	cueDirs := map[string]bool{} // directories with CUE files of their own
	for _, p := range files {
		ov.add(p.abs, p)
		if !p.ancestor {
			cueDirs[filepath.Dir(p.abs)] = true
		}
	}
	var cueArgs []string
	imports := map[string]bool{}
	for _, a := range args {
		switch a.kind {
		case argFile:
			if kindOf(a.path) == "cue" {
				cueArgs = append(cueArgs, loadArg(dir, a.abs))
			}
		case argDir:
			if cueDirs[a.abs] {
				cueArgs = append(cueArgs, loadArg(dir, a.abs))
			}
		case argPattern:
			for d := range cueDirs {
				if d == a.abs || strings.HasPrefix(d, a.abs+string(filepath.Separator)) {
					cueArgs = append(cueArgs, strings.TrimSuffix(loadArg(dir, a.abs), "/")+"/...")
					break
				}
			}
		case argImport:
			cueArgs = append(cueArgs, a.path)
			imports[a.path] = true
		}
	}
	if len(cueArgs) == 0 {
		return nil
	}
	cfg := &load.Config{
		Dir:       dir,
		Tags:      l.tags,
		Overlay:   ov.files,
		ParseFile: ov.parse,
		Registry:  offlineRegistry(),
	}
	var out []*build.Instance
	for _, inst := range load.Instances(cueArgs, cfg) {
		l.noteExcluded(inst, ov)
		var nf *load.NoFilesError
		if errors.As(inst.Err, &nf) && (inst.User || l.namedDirs[inst.Dir]) {
			continue // every CUE file left out: checkLeftOut reports it
		}
		if err := instanceErr(inst); err != nil {
			l.ds = append(l.ds, loadDiags(err, l.instancePos(inst, ov))...)
			continue
		}
		explicit := inst.User || l.namedDirs[inst.Dir] || imports[inst.DisplayPath] || imports[inst.ImportPath]
		if !explicit && judgePackage(inst.Files) == notSpec {
			l.ds = append(l.ds, diag.Notef("input/skipped", diag.Pos{Filename: displayPath(l.relDir(inst.Dir), inst.Dir, l.relative)}, "",
				"left out: package "+quote(inst.PkgName)+" is not a spec (no \"workspaces\" or \"quotas\" at its top level)"))
			continue
		}
		out = append(out, inst)
	}
	return out
}

// loadArg is how a directory or file argument is given to cue/load: a path
// relative to dir, where cue/load loads from, that starts with "./" (or
// "../"), as cue takes it, so that "specs" is a directory and not an
// import path.
func loadArg(dir, abs string) string {
	rel, err := filepath.Rel(dir, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	rel = filepath.ToSlash(rel)
	if rel == "." {
		return "."
	}
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return rel
	}
	return "./" + rel
}

// relDir is a directory relative to the working directory, for messages.
func (l *loader) relDir(abs string) string {
	rel, err := filepath.Rel(l.dir, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return abs
	}
	return rel
}

// instancePos is where an error of cue/load about inst without a position
// of its own (an invalid build attribute) is reported: the first @if
// attribute cue/load would refuse, else its only @if attribute, else its
// first file, else its directory. Files staged in ov are named as the
// user names them.
func (l *loader) instancePos(inst *build.Instance, ov *overlay) diag.Pos {
	var files []string
	var attrs, invalid []diag.Pos
	staged := false
	for _, fs := range [][]*build.File{inst.BuildFiles, inst.IgnoredFiles, inst.OrphanedFiles, inst.InvalidFiles, inst.UnknownFiles} {
		for _, f := range fs {
			syn, ok := ov.syntax[f.Filename]
			if !ok {
				files = append(files, displayPath(l.relDir(f.Filename), f.Filename, l.relative))
				continue
			}
			staged = true
			files = append(files, syn.Filename)
			for _, d := range syn.Decls {
				if a, ok := d.(*ast.Attribute); ok && strings.HasPrefix(a.Text, "@if(") {
					if !validBuildExpr(a.Text) {
						invalid = append(invalid, posOf(a.Pos(), syn.Filename))
					}
					attrs = append(attrs, posOf(a.Pos(), syn.Filename))
				}
			}
		}
	}
	switch {
	case len(invalid) > 0:
		return invalid[0]
	case len(attrs) == 1:
		return attrs[0]
	case len(files) > 0 && (len(files) == 1 || staged):
		// A group of files staged together may come from several
		// directories: the first file stands for them.
		return diag.Pos{Filename: files[0]}
	}
	return diag.Pos{Filename: displayPath(l.relDir(inst.Dir), inst.Dir, l.relative)}
}

// validBuildExpr reports whether a file attribute @if(EXPR) holds what
// cue/load accepts: tag names joined by &&, || and !, with parentheses.
func validBuildExpr(attr string) bool {
	body := strings.TrimSuffix(strings.TrimPrefix(attr, "@if("), ")")
	x, err := parser.ParseExpr("", body)
	if err != nil {
		return false
	}
	var ok func(ast.Expr) bool
	ok = func(x ast.Expr) bool {
		switch x := x.(type) {
		case *ast.Ident:
			return true
		case *ast.ParenExpr:
			return ok(x.X)
		case *ast.UnaryExpr:
			return x.Op == token.NOT && ok(x.X)
		case *ast.BinaryExpr:
			return (x.Op == token.LAND || x.Op == token.LOR) && ok(x.X) && ok(x.Y)
		}
		return false
	}
	return ok(x)
}

// instanceErr returns the error of an instance or of a package it imports,
// directly or not: cue/load records an error in the instance it is about.
func instanceErr(inst *build.Instance) error {
	seen := map[*build.Instance]bool{}
	var walk func(*build.Instance) error
	walk = func(i *build.Instance) error {
		if seen[i] {
			return nil
		}
		seen[i] = true
		if i.Err != nil {
			return i.Err
		}
		for _, dep := range i.Imports {
			if err := walk(dep); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(inst)
}

// loadDiags reports the errors of cue/load with the cue tool's words, each
// with the input code it is about, at its position or, for an invalid
// build attribute (which cue/load gives none), at where.
func loadDiags(err error, where diag.Pos) diag.Diagnostics {
	var ds diag.Diagnostics
	for _, e := range cueerrors.Errors(err) {
		msg := loadMessage(e)
		pos, code := primaryPos(e, nil, nil), loadErrCode(e)
		// An error in a build attribute has no file: either none at all,
		// or a place in the attribute's expression parsed on its own
		// (line 1 of no file).
		attribute := pos.Filename == "" && (strings.Contains(msg, "in build attribute") || pos.Line > 0)
		if attribute {
			pos, code = where, "input/tag"
		}
		d := diag.Errorf(code, pos, "", msg)
		if attribute {
			d = d.WithDetail("A build attribute is @if(EXPR), where EXPR is tag names joined by &&, || and !, with parentheses; -t NAME sets a tag.")
		}
		if strings.Contains(msg, "no language version declared") {
			// The cue tool's own advice (cmd/cue suggestModCommand).
			d = d.WithDetail("Run `cue mod fix` to declare one.")
		}
		ds = append(ds, d.WithRelated(userPositions(e)...))
	}
	return ds
}

// loadErrCode classifies an error of cue/load.
func loadErrCode(e cueerrors.Error) string {
	var (
		nf *load.NoFilesError
		mp *load.MultiplePackageError
	)
	format, _ := e.Msg()
	msg := cueerrors.Details(e, nil)
	switch {
	case errors.As(e, &nf):
		return "input/empty"
	case errors.As(e, &mp):
		return "input/package"
	case strings.Contains(format, "tag") || strings.Contains(msg, "@if") || strings.Contains(msg, "build attribute"):
		return "input/tag"
	case strings.Contains(msg, "cannot find package") || strings.Contains(msg, "import"):
		return "input/import"
	case strings.Contains(msg, "module") || strings.Contains(msg, "registry") || strings.Contains(msg, "cue.mod"):
		return "input/module"
	}
	return "input/package"
}

// loadMessage is an error of cue/load in full, without positions: unlike
// evaluation errors, the causes it wraps (a missing module, a refused
// download) are the point.
func loadMessage(e cueerrors.Error) string {
	var parts []string
	for err := error(e); err != nil; err = errors.Unwrap(err) {
		ce, ok := err.(cueerrors.Error)
		if !ok {
			parts = append(parts, err.Error())
			break
		}
		format, args := ce.Msg()
		if m := fmt.Sprintf(format, args...); m != "" && (len(parts) == 0 || parts[len(parts)-1] != m) {
			parts = append(parts, m)
		}
	}
	return strings.Join(parts, ": ")
}
