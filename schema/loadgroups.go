package schema

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/build"
	"cuelang.org/go/cue/load"
	"cuelang.org/go/cue/parser"

	"github.com/amlc-dev/amlc/internal/diag"
)

// stdlibRoots are the first path elements of CUE's standard library
// packages, the only imports a spec outside a module may use.
var stdlibRoots = map[string]bool{
	"crypto": true, "encoding": true, "html": true, "list": true, "math": true,
	"net": true, "path": true, "regexp": true, "strconv": true, "strings": true,
	"struct": true, "text": true, "time": true, "tool": true, "uuid": true,
}

// group is the CUE files of one package outside a module, or one file
// without a package.
type group struct {
	name  string // the package name, "" for a file without one
	files []*parsed
}

// groupFiles groups CUE files outside a module: the files of a package,
// wherever they are, form one instance, as amlc has always read them; a
// file without a package is an instance of its own. CUE files in one
// directory must share a package, and may import only the standard
// library (there is no module to resolve anything else in).
func (l *loader) groupFiles(files []*parsed) []group {
	var groups []group
	byName := map[string]int{}
	dirPkg := map[string]*parsed{}
	for _, p := range files {
		pkg := p.file.PackageName()
		dir := filepath.Dir(p.abs)
		if prev, ok := dirPkg[dir]; ok && prev.file.PackageName() != pkg {
			l.ds = append(l.ds, diag.Errorf("input/package", posOf(p.file.Pos(), p.path), "",
				"package "+strconv.Quote(pkg)+" differs from package "+strconv.Quote(prev.file.PackageName())+
					" of "+filepath.Base(prev.path)+" in the same directory").
				WithRelated(posOf(prev.file.Pos(), prev.path)))
			continue
		}
		dirPkg[dir] = p
		for imp := range p.file.ImportSpecs() {
			path, _ := strconv.Unquote(imp.Path.Value)
			root, _, _ := strings.Cut(path, "/")
			if !stdlibRoots[root] || strings.Contains(root, ".") {
				l.ds = append(l.ds, diag.Errorf("input/import", posOf(imp.Pos(), p.path), "",
					"import "+strconv.Quote(path)+" is not supported outside a CUE module: specs may import CUE's standard library, and a module's own packages when the repository has a cue.mod"))
			}
		}
		if pkg == "" || pkg == "_" {
			groups = append(groups, group{files: []*parsed{p}})
			continue
		}
		i, ok := byName[pkg]
		if !ok {
			i = len(groups)
			byName[pkg] = i
			groups = append(groups, group{name: pkg})
		}
		groups[i].files = append(groups[i].files, p)
	}
	return groups
}

// loadGroups loads the CUE files outside a module. cue/load sees each group
// as a directory of its own in an overlay that exists only in memory, so
// that its build attributes and tags apply as in the cue tool, and the
// files keep their own names in every position. Without tags and build
// attributes cue/load would change nothing: the groups are returned as
// they are, to be built only if the plain path does not answer.
func (l *loader) loadGroups(files []*parsed) ([]*build.Instance, [][]*ast.File) {
	groups := l.groupFiles(files)
	if l.ds.HasErrors() || len(groups) == 0 {
		return nil, nil
	}
	if len(l.tags) == 0 && !slices.ContainsFunc(files, hasFileAttribute) {
		var out [][]*ast.File
		for _, g := range groups {
			var syntax []*ast.File
			for _, p := range g.files {
				syntax = append(syntax, p.file)
				p.src = nil // no overlay: the bytes are garbage now
			}
			if !l.leftOut(g, syntax) {
				out = append(out, syntax)
			}
		}
		return nil, out
	}
	root := filepath.Join(l.dir, ".amlc-inputs") // never on disk
	ov := newOverlay()
	ov.addMem(l.mem)
	args := make([]string, len(groups))
	index := map[string]int{}
	for i, g := range groups {
		dir := filepath.Join(root, "g"+strconv.Itoa(i))
		for j, p := range g.files {
			// The name keeps the file's suffix (_tool.cue) for cue/load;
			// the prefix keeps names unique and never starting with _ or .
			ov.add(filepath.Join(dir, fmt.Sprintf("%d-%s", j, filepath.Base(p.abs))), l.ownSyntax(p))
		}
		args[i] = "./g" + strconv.Itoa(i)
		index[dir] = i
	}
	cfg := &load.Config{
		Dir:       root,
		Package:   "*",
		Tags:      l.tags,
		Overlay:   ov.files,
		ParseFile: ov.parse,
		Registry:  offlineRegistry(),
	}
	var out []*build.Instance
	for _, inst := range load.Instances(args, cfg) {
		l.noteExcluded(inst, ov)
		var nf *load.NoFilesError
		if errors.As(inst.Err, &nf) {
			continue // every file left out: checkLeftOut reports it
		}
		if inst.Err != nil {
			l.ds = append(l.ds, loadDiags(inst.Err, l.instancePos(inst, ov))...)
			continue
		}
		if i, ok := index[inst.Dir]; ok && l.leftOut(groups[i], inst.Files) {
			continue
		}
		out = append(out, inst)
	}
	return out, nil
}

// ownSyntax is p with syntax of this Vet's own where some syntax is shared
// with another Vet (sharedparse.go): cue/load builds instances of what it
// is given, which writes to the syntax, and shared syntax is only read.
func (l *loader) ownSyntax(p *parsed) *parsed {
	if !l.shared || p.src == nil {
		return p
	}
	var opts []parser.Option
	if v := l.langVers[p.module]; v != "" {
		opts = append(opts, parser.Version(v))
	}
	if q, ds := parseSrc(p.inputFile, p.src, opts...); len(ds) == 0 {
		return q
	}
	return p
}

// hasFileAttribute reports whether a file has an attribute of its own
// (@if, @ignore, or another before its package clause), which cue/load
// may act on.
func hasFileAttribute(p *parsed) bool {
	for _, d := range p.file.Decls {
		switch d.(type) {
		case *ast.Attribute:
			return true
		case *ast.Package, *ast.CommentGroup:
		default:
			return false
		}
	}
	return false
}

// leftOut reports whether a group found only through a ... pattern is
// plainly not a spec (judgePackage), with a note.
func (l *loader) leftOut(g group, files []*ast.File) bool {
	if !allFromPatterns(g.files) || judgePackage(files) != notSpec {
		return false
	}
	l.ds = append(l.ds, diag.Notef("input/skipped", diag.Pos{Filename: g.files[0].path}, "",
		"left out: package "+quote(g.name)+" is not a spec (no \"workspaces\" or \"quotas\" at its top level)"))
	return true
}

// allFromPatterns reports whether every file was found only through a ...
// pattern.
func allFromPatterns(files []*parsed) bool {
	for _, p := range files {
		if !p.pattern {
			return false
		}
	}
	return true
}
