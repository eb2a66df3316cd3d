package schema

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/build"
	"cuelang.org/go/cue/load"
	"cuelang.org/go/cue/parser"
	"cuelang.org/go/mod/modfile"

	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/internal/parallel"
)

// Loading: the input arguments become what CUE evaluates (docs/loading.md).
//
//   - Inside a CUE module (a cue.mod directory at or above the working
//     directory, found as the cue tool finds it), CUE files load through
//     cue/load exactly as `cue export` loads the same arguments: imports of
//     the module's packages and of dependencies in the module cache,
//     files of the same package in ancestor directories, build attributes
//     and tags, _tool.cue files left out, ./... patterns (loadmod.go).
//   - Outside a module, every CUE file directly in a directory argument,
//     and every CUE file argument, is read; files of one package form one
//     instance wherever they are, a file without a package is one on its
//     own (loadgroups.go). cue/load still applies build attributes and
//     tags, so @if and @tag mean what they mean to cue.
//   - JSON and YAML files directly in a directory argument, in a
//     directory a ... pattern matches, or named, are data: one instance
//     of their own, after the selection of select.go.
//
// amlc reads every file it parses itself, with a size limit, on every core,
// and hands the syntax to cue/load as an overlay, so the loader reads
// nothing twice.

// packages are the inputs as CUE evaluates them: the CUE instances, each
// built on its own, and the data files, as one instance. Both ways to the
// model take them in this order.
type packages struct {
	insts []*build.Instance
	// groups are CUE instances not built yet: the files of each. Outside
	// a module, files without build attributes and a run without tags
	// need nothing of cue/load, and the plain path needs no instance.
	groups [][]*ast.File
	data   *build.Instance // nil when there are no data files
	// sums are the contents of the files amlc read, which know a unit
	// (units.go).
	sums map[*ast.File][sha256.Size]byte
	// mem holds the spec files in memory (Options.Files), or is nil.
	mem *MemFiles
	// alias maps the names of files whose syntax another Vet call parsed
	// (sharedparse.go) to this one's: positions name them so until Vet
	// moves them.
	alias map[string]string
	// shared says that some files' syntax is in Cache, for other Vets to
	// read: this Vet may not build CUE instances of it (sharedparse.go).
	shared bool
}

// instances returns the CUE instances, building those of groups.
func (pk *packages) instances() []*build.Instance {
	for _, g := range pk.groups {
		inst := build.NewContext().NewInstance("", nil)
		for _, f := range g {
			// The files of a group share one package: adding them
			// cannot fail.
			_ = inst.AddSyntax(f)
		}
		pk.insts = append(pk.insts, inst)
	}
	pk.groups = nil
	return pk.insts
}

// values is how many values the instances make, unified in Go.
func (pk *packages) values() int {
	n := len(pk.insts) + len(pk.groups)
	if pk.data != nil {
		n++
	}
	return n
}

// files returns the syntax of every file of every instance, each once, in
// order: a file of an ancestor directory may belong to several instances.
func (pk *packages) files() []*ast.File {
	var out []*ast.File
	seen := map[*ast.File]bool{}
	add := func(files []*ast.File) {
		for _, f := range files {
			if !seen[f] {
				seen[f] = true
				out = append(out, f)
			}
		}
	}
	for _, inst := range pk.insts {
		add(inst.Files)
	}
	for _, g := range pk.groups {
		add(g)
	}
	if pk.data != nil {
		add(pk.data.Files)
	}
	return out
}

// filenames returns the name of every file read, each once, in order.
func (pk *packages) filenames() []string {
	var names []string
	seen := map[string]bool{}
	for _, f := range pk.files() {
		name := movedName(pk.alias, f.Filename)
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	return names
}

// loader is one run of loading.
type loader struct {
	dir      string            // the absolute working directory
	relative bool              // names stay as the user wrote them (dir is the process's)
	modRoot  string            // the working directory's module root, "" outside a module
	langVers map[string]string // each module's language version, for parsing
	tags     []string
	mem      *MemFiles // spec files in memory (Options.Files), or nil
	cache    *Cache    // shares the syntax of files with other Vet calls (Options.Cache), or nil
	// alias maps the names of the files whose syntax another Vet call
	// parsed (sharedparse.go) to this one's.
	alias map[string]string
	// shared says that some files' syntax is in cache (packages.shared).
	shared bool
	// taken are the shared syntax files this Vet uses (sharedparse.go).
	taken      sync.Mutex
	takenFiles map[*ast.File]bool
	stdin      []byte // standard input, for the argument - (stdin.go)
	ds         diag.Diagnostics

	namedDirs map[string]bool   // absolute directories named by an argument
	excluded  map[string]string // why cue/load left a file out, by its name
	read      []string          // the spec files read, for Result.Files when loading fails
}

// loadInputs loads the input paths: what CUE evaluates, the names of the
// spec files read, and the findings of loading (errors, and notes about
// files left out).
func loadInputs(paths []string, opts Options) (*packages, []string, diag.Diagnostics) {
	l := &loader{mem: opts.Files, cache: opts.syntaxCache(), tags: opts.Tags, stdin: opts.Stdin, namedDirs: map[string]bool{}, excluded: map[string]string{}, langVers: map[string]string{}}
	pk := l.load(paths, opts)
	if pk != nil {
		pk.alias, pk.shared = l.alias, l.shared
		return pk, pk.filenames(), l.ds
	}
	moveDiags(l.alias, l.ds)
	return nil, l.read, l.ds
}

// load is loadInputs; it returns nil when loading failed.
func (l *loader) load(paths []string, opts Options) *packages {
	l.dir, l.relative = opts.Dir, opts.Dir == ""
	if l.dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			l.ds = append(l.ds, diag.Errorf("input/unreadable", diag.Pos{}, "", "cannot determine the working directory: "+err.Error()))
			return nil
		}
		l.dir = wd
	}
	l.dir = absPath("", l.dir)
	l.modRoot = findModuleRoot(l.mem, l.dir)
	args, ds := resolveArgs(l.mem, paths, l.dir, l.modRoot != "")
	l.ds = ds
	for i := range args {
		args[i].module = l.moduleOf(args[i])
		if m := args[i].module; m != "" {
			if _, ok := l.langVers[m]; !ok {
				l.langVers[m] = moduleLanguage(l.mem, m)
			}
		}
	}
	inputs := l.expand(args)
	for _, in := range inputs {
		if !in.ancestor {
			l.read = append(l.read, in.path)
		}
	}
	if l.ds.HasErrors() {
		return nil
	}
	files := l.parseAll(inputs)
	if l.ds.HasErrors() {
		return nil
	}
	var cueFiles, dataFiles []*parsed
	for _, p := range files {
		if p.kind == "cue" {
			cueFiles = append(cueFiles, p)
		} else {
			dataFiles = append(dataFiles, p)
		}
	}
	pk := &packages{sums: fileSums(files), mem: l.mem}
	data := l.selectData(dataFiles)
	// Each module is loaded as cue loads it, from the working directory
	// for its own module and from its root for another; the files outside
	// any module are grouped as amlc has always grouped them.
	var modules []string
	for _, a := range args {
		if a.module != "" && !slices.Contains(modules, a.module) {
			modules = append(modules, a.module)
		}
	}
	for _, m := range modules {
		var margs []arg
		for _, a := range args {
			if a.module == m {
				margs = append(margs, a)
			}
		}
		var mfiles []*parsed
		for _, p := range cueFiles {
			if p.module == m {
				mfiles = append(mfiles, p)
			}
		}
		pk.insts = append(pk.insts, l.loadModule(m, margs, mfiles)...)
	}
	var loose []*parsed
	for _, p := range cueFiles {
		if p.module == "" {
			loose = append(loose, p)
		}
	}
	insts, groups := l.loadGroups(loose)
	pk.insts, pk.groups = append(pk.insts, insts...), groups
	if len(data) > 0 {
		pk.data = dataInstance(data)
	}
	if l.ds.HasErrors() {
		return nil
	}
	l.checkLeftOut(cueFiles, pk)
	if pk.values() == 0 && len(l.tags) > 0 {
		l.ds = append(l.ds, diag.Errorf("input/tag", diag.Pos{}, "", "tag "+quote(tagKey(l.tags[0]))+" not used in any file: no CUE file is read"))
	}
	if l.ds.HasErrors() {
		return nil
	}
	return pk
}

// moduleOf returns the root of the module an argument is loaded in: the
// working directory's module for what is inside it (and for an import
// path), else the module the argument's own directory is in, or "". The
// cue tool refuses a directory outside the working directory's module;
// amlc loads it in its own module, or in none, as it always has.
func (l *loader) moduleOf(a arg) string {
	if a.kind == argImport {
		return l.modRoot
	}
	if l.modRoot != "" && within(a.abs, l.modRoot) {
		return l.modRoot
	}
	dir := a.abs
	if a.kind == argFile {
		dir = filepath.Dir(dir)
	}
	return findModuleRoot(l.mem, dir)
}

// within reports whether path is root or below it.
func within(path, root string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// expand turns the arguments into the files to read: named files, the spec
// files directly in named directories and in those a pattern matches, and
// inside a module the CUE files of their ancestor directories up to the
// module root.
func (l *loader) expand(args []arg) []inputFile {
	var inputs []inputFile
	seen := map[string]int{} // abs → index in inputs
	add := func(f inputFile) {
		if i, ok := seen[f.abs]; ok {
			// Named beats found beats ancestor.
			if !f.found && inputs[i].found || !f.ancestor && inputs[i].ancestor {
				inputs[i] = f
			}
			return
		}
		seen[f.abs] = len(inputs)
		inputs = append(inputs, f)
	}
	type specDir struct{ dir, module string }
	var specDirs []specDir // directories whose ancestors a module adds
	addDir := func(rel, abs string, pattern bool, module string) int {
		df, err := scanDir(l.mem, abs)
		if err != nil {
			l.ds = append(l.ds, diag.Errorf("input/unreadable", diag.Pos{Filename: rel}, "", "cannot read directory "+quote(rel)+": "+errText(err)))
			return 0
		}
		for _, name := range df.cue {
			add(inputFile{path: displayPath(filepath.Join(rel, name), filepath.Join(abs, name), l.relative), abs: filepath.Join(abs, name), kind: "cue", found: true, pattern: pattern, module: module})
		}
		for _, name := range df.data {
			add(inputFile{path: displayPath(filepath.Join(rel, name), filepath.Join(abs, name), l.relative), abs: filepath.Join(abs, name), kind: kindOf(name), found: true, pattern: pattern, module: module})
		}
		if len(df.cue) > 0 && module != "" {
			specDirs = append(specDirs, specDir{abs, module})
		}
		return len(df.cue) + len(df.data)
	}
	for _, a := range args {
		switch a.kind {
		case argFile:
			f := inputFile{path: displayPath(a.path, a.abs, l.relative), abs: a.abs, kind: kindOf(a.path), module: a.module}
			if a.stdin {
				f.path, f.stdin, f.data = StdinName, true, l.stdin
			}
			add(f)
		case argDir:
			l.namedDirs[a.abs] = true
			if addDir(a.path, a.abs, false, a.module) == 0 {
				l.ds = append(l.ds, diag.Errorf("input/empty", diag.Pos{Filename: a.path}, "", "directory "+quote(a.path)+" holds no spec files (.cue, .json, .yaml, .yml)"))
			}
		case argPattern:
			dirs, err := walkPattern(l.mem, a.abs)
			if err != nil {
				l.ds = append(l.ds, diag.Errorf("input/unreadable", diag.Pos{Filename: a.path}, "", "cannot read directory "+quote(a.path)+": "+errText(err)))
				continue
			}
			n := 0
			for _, d := range dirs {
				rel, err := filepath.Rel(a.abs, d)
				if err != nil {
					rel = d
				}
				n += addDir(filepath.Join(a.path, rel), d, true, a.module)
			}
			if n == 0 {
				l.ds = append(l.ds, diag.Errorf("input/empty", diag.Pos{Filename: a.path}, "", "pattern "+quote(filepath.ToSlash(filepath.Join(a.path, "...")))+" matches no spec files (.cue, .json, .yaml, .yml)"))
			}
		}
	}
	for _, d := range specDirs {
		for _, up := range ancestors(d.dir, d.module) {
			df, err := scanDir(l.mem, up)
			if err != nil {
				continue // cue/load reports what it cannot read
			}
			for _, name := range df.cue {
				abs := filepath.Join(up, name)
				add(inputFile{path: displayPath(abs, abs, false), abs: abs, kind: "cue", found: true, ancestor: true, module: d.module})
			}
		}
	}
	slices.SortStableFunc(inputs, func(a, b inputFile) int { return strings.Compare(a.path, b.path) })
	return inputs
}

// ancestors returns the directories above dir up to and including root,
// when dir is inside root.
func ancestors(dir, root string) []string {
	rel, err := filepath.Rel(root, dir)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return nil
	}
	var out []string
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		out = append(out, d)
		if d == root || len(d) <= len(root) {
			return out
		}
	}
}

// parseAll reads and parses the files on every core, keeping their order.
// A file of an ancestor directory that does not parse is left to cue/load,
// which decides whether it belongs to a package at all.
func (l *loader) parseAll(inputs []inputFile) []*parsed {
	type result struct {
		p      *parsed
		ds     diag.Diagnostics
		owner  string // the name of the file whose syntax p took from another Vet, or ""
		shared bool   // whether p's syntax is in the cache, for any Vet
	}
	results := make([]result, len(inputs))
	parallel.ForEach(len(inputs), func(i int) {
		var opts []parser.Option
		if v := l.langVers[inputs[i].module]; v != "" {
			opts = append(opts, parser.Version(v))
		}
		results[i].p, results[i].ds, results[i].owner, results[i].shared = l.parse(inputs[i], opts...)
	})
	files := make([]*parsed, 0, len(inputs))
	for i, r := range results {
		l.shared = l.shared || r.shared
		if r.owner != "" {
			if l.alias == nil {
				l.alias = map[string]string{}
			}
			l.alias[r.owner] = r.p.path
		}
		if inputs[i].ancestor {
			if r.p != nil && len(r.ds) == 0 {
				files = append(files, r.p)
			}
			continue
		}
		l.ds = append(l.ds, r.ds...)
		if r.p != nil {
			files = append(files, r.p)
		}
	}
	return files
}

// selectData applies the selection of select.go to the data files: amlc's
// own outputs are never read (and refused when named), files found in a
// directory that are plainly not specs are left out with a note.
func (l *loader) selectData(files []*parsed) []*parsed {
	var out []*parsed
	for _, p := range files {
		switch v := judgeData(p); {
		case v == amlcOutput && p.found:
			// Never a spec, and never worth a note: amlc put it there.
			l.unread(p.path)
		case v == amlcOutput:
			l.unread(p.path)
			l.ds = append(l.ds, diag.Errorf("input/not-a-spec", diag.Pos{Filename: p.path}, "",
				"amlc wrote this file (a plan or a template); it is never read as a spec"))
		case v == notSpec && p.found:
			l.unread(p.path)
			l.ds = append(l.ds, diag.Notef("input/skipped", diag.Pos{Filename: p.path}, "",
				"left out: not a spec (no \"workspaces\" or \"quotas\" at its top level)"))
		case p.notObject && p.kind == "json":
			l.ds = append(l.ds, notObjectDiag(p))
		default:
			out = append(out, p)
		}
	}
	return out
}

// unread takes a file left out off the list of files read.
func (l *loader) unread(path string) {
	l.read = slices.DeleteFunc(l.read, func(s string) bool { return s == path })
}

// dataInstance makes one instance of the data files. They refer to
// nothing, so evaluating them together is unifying them, in one step: a
// chain of Unify calls, one a file, costs time and memory quadratic in
// their number.
func dataInstance(files []*parsed) *build.Instance {
	inst := build.NewContext().NewInstance("", nil)
	for _, p := range files {
		// Data files have no package clause, so adding them cannot fail.
		_ = inst.AddSyntax(p.file)
	}
	return inst
}

// checkLeftOut reports what was named but is not read at all: a CUE file
// that build attributes or its name (_tool.cue) leave out, and a directory
// none of whose files is read, as the cue tool does. Files found in
// directories may be left out one by one.
func (l *loader) checkLeftOut(cueFiles []*parsed, pk *packages) {
	read := map[*ast.File]bool{}
	for _, f := range pk.files() {
		read[f] = true
	}
	dirRead := map[string]bool{}
	dirCUE := map[string]bool{}
	dirWhy := map[string][]string{}
	for _, p := range cueFiles {
		if p.ancestor {
			continue
		}
		dir := filepath.Dir(p.abs)
		if p.found {
			dirCUE[dir] = true
		}
		switch {
		case read[p.file]:
			dirRead[dir] = true
		case !p.found:
			l.ds = append(l.ds, diag.Errorf("input/empty", diag.Pos{Filename: p.path}, "", p.path+" is left out: "+l.whyLeftOut(p)))
		case p.found && !p.pattern:
			dirWhy[dir] = append(dirWhy[dir], filepath.Base(p.path)+": "+l.whyLeftOut(p))
		}
	}
	if pk.data != nil {
		for _, f := range pk.data.Files {
			dirRead[filepath.Dir(absPath(l.dir, movedName(l.alias, f.Filename)))] = true
		}
	}
	for dir := range l.namedDirs {
		if dirRead[dir] {
			continue
		}
		rel := displayPath(l.relDir(dir), dir, l.relative)
		why := "its JSON and YAML files are not specs"
		if dirCUE[dir] {
			why = "the cue tool leaves out all its CUE files (" + strings.Join(dirWhy[dir], "; ") + ")"
		}
		l.ds = append(l.ds, diag.Errorf("input/empty", diag.Pos{Filename: rel}, "", "directory "+quote(rel)+" holds no spec files that are read: "+why))
	}
}

// whyLeftOut says why cue/load left a CUE file out, in its words where it
// gave them.
func (l *loader) whyLeftOut(p *parsed) string {
	if why, ok := l.excluded[p.path]; ok {
		return why
	}
	if cueExcluded(p.path) {
		return "the cue tool leaves out _tool.cue and _test.cue files"
	}
	return "its build attribute (@if) does not match the tags given with -t"
}

// noteExcluded records why cue/load left out the files of an instance.
func (l *loader) noteExcluded(inst *build.Instance, ov *overlay) {
	for _, f := range inst.IgnoredFiles {
		if f.ExcludeReason == nil {
			continue
		}
		name := f.Filename
		if syn, ok := ov.syntax[name]; ok {
			name = movedName(l.alias, syn.Filename)
		}
		format, args := f.ExcludeReason.Msg()
		l.excluded[name] = fmt.Sprintf(format, args...)
	}
}

// ModuleRoot returns the root of the CUE module that specs loaded from the
// working directory dir belong to (the directory at or above dir that holds
// cue.mod, as the cue tool finds it), or "" outside a module.
func ModuleRoot(dir string) string { return findModuleRoot(nil, dir) }

// findModuleRoot returns the directory at or above dir that holds cue.mod,
// as the cue tool finds it, or "".
func findModuleRoot(m *MemFiles, dir string) string {
	for d := dir; ; {
		if filepath.Base(d) == "cue.mod" {
			return "" // inside cue.mod itself: no module root above it
		}
		if _, err := m.stat(filepath.Join(d, "cue.mod")); err == nil {
			return d
		}
		up := filepath.Dir(d)
		if up == d {
			return ""
		}
		d = up
	}
}

// moduleLanguage returns the language version a module declares, or "":
// files are parsed as cue/load would parse them.
func moduleLanguage(m *MemFiles, root string) string {
	path := filepath.Join(root, "cue.mod", "module.cue")
	data, err := m.readFile(path)
	if err != nil {
		return ""
	}
	mf, err := modfile.ParseNonStrict(data, path)
	if err != nil || mf.Language == nil {
		return ""
	}
	return mf.Language.Version
}

// overlay hands files amlc has read and parsed to cue/load: their bytes as
// the overlay, so that cue/load reads nothing itself, and their syntax
// through Config.ParseFile, so that it parses nothing again. (An overlay of
// syntax, load.FromFile, is printed back to bytes first: that cost as
// much as parsing.)
type overlay struct {
	files  map[string]load.Source
	syntax map[string]*ast.File // by the name cue/load parses the file under
}

func newOverlay() *overlay {
	return &overlay{files: map[string]load.Source{}, syntax: map[string]*ast.File{}}
}

// add places a parsed file at name (an absolute path).
func (o *overlay) add(name string, p *parsed) {
	o.files[name] = load.FromBytes(p.src)
	o.syntax[name] = p.file
}

// addMem places the files held in memory (Options.Files), so that cue/load
// finds what it reads itself (cue.mod, imported packages) there too.
func (o *overlay) addMem(m *MemFiles) {
	if m == nil {
		return
	}
	_ = m.Walk(func(rel string, data []byte) error {
		o.files[filepath.Join(m.root, filepath.FromSlash(rel))] = load.FromBytes(data)
		return nil
	})
}

// parse is Config.ParseFile.
func (o *overlay) parse(name string, src any, cfg parser.Config) (*ast.File, error) {
	if f, ok := o.syntax[name]; ok {
		return f, nil
	}
	return parser.ParseFile(name, src, cfg)
}

// tagKey returns the name of a -t tag: "prod" of "prod", "env" of "env=prod".
func tagKey(tag string) string {
	key, _, _ := strings.Cut(tag, "=")
	return key
}
