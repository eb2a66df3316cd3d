package schema

import (
	"path/filepath"
	"strconv"
	"strings"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/build"
	cueerrors "cuelang.org/go/cue/errors"
	"cuelang.org/go/cue/token"

	"github.com/amlc-dev/amlc/internal/diag"
)

// stdlibRoots are the first path elements of CUE's standard library
// packages, the only imports a spec may use: amlc resolves no modules.
var stdlibRoots = map[string]bool{
	"crypto": true, "encoding": true, "html": true, "list": true, "math": true,
	"net": true, "path": true, "regexp": true, "strconv": true, "strings": true,
	"struct": true, "text": true, "time": true, "tool": true, "uuid": true,
}

// buildUser evaluates the parsed files into one user value. CUE files of the
// same package form one instance, so they may refer to each other as in any
// CUE package; data files are values of their own. Everything is then
// unified, as docs/spec.md says.
func buildUser(ctx *cue.Context, pkgs *packages) (cue.Value, diag.Diagnostics) {
	var ds diag.Diagnostics
	var values []cue.Value
	bctx := build.NewContext()
	for _, key := range pkgs.order {
		inst := bctx.NewInstance("", nil)
		for _, p := range pkgs.groups[key] {
			if err := inst.AddSyntax(p.file); err != nil {
				ds = append(ds, fromCUE(err, nil, "input/package")...)
			}
		}
		if inst.Err != nil {
			ds = append(ds, fromCUE(inst.Err, nil, "input/eval")...)
			continue
		}
		values = append(values, ctx.BuildInstance(inst))
	}
	for _, p := range pkgs.data {
		values = append(values, ctx.BuildFile(p.file))
	}
	if ds.HasErrors() {
		return cue.Value{}, ds
	}
	// Errors inside the values (conflicts, bad references) are reported by
	// validating the unified value, which sees all of them at once.
	var uv cue.Value
	for i, v := range values {
		if i == 0 {
			uv = v
		} else {
			uv = uv.Unify(v)
		}
	}
	if !uv.Exists() && !ds.HasErrors() {
		uv = ctx.CompileString("{}")
	}
	return uv, ds
}

// packages are the parsed files as CUE builds them into values: the CUE
// files by package, packages in the order each first appears, then each
// data file on its own. Both ways to the model take them in this order.
type packages struct {
	order  []string
	groups map[string][]*parsed
	data   []*parsed
}

// values is how many values the files make, unified in Go.
func (pk *packages) values() int { return len(pk.order) + len(pk.data) }

// groupFiles groups the files by package and checks the package rules and
// imports.
func groupFiles(files []*parsed) (*packages, diag.Diagnostics) {
	var ds diag.Diagnostics
	pk := &packages{groups: map[string][]*parsed{}}
	// Package rules: CUE files in one directory share one package name.
	dirPkg := map[string]*parsed{}
	for _, p := range files {
		if p.kind != "cue" {
			pk.data = append(pk.data, p)
			continue
		}
		pkg := p.file.PackageName()
		if prev, ok := dirPkg[p.dir]; ok && prev.file.PackageName() != pkg {
			ds = append(ds, diag.Errorf("input/package", posOf(p.file.Pos(), p.path), "",
				"package "+strconv.Quote(pkg)+" differs from package "+strconv.Quote(prev.file.PackageName())+
					" of "+filepath.Base(prev.path)+" in the same directory").
				WithRelated(posOf(prev.file.Pos(), prev.path)))
			continue
		}
		dirPkg[p.dir] = p
		for imp := range p.file.ImportSpecs() {
			path, _ := strconv.Unquote(imp.Path.Value)
			root, _, _ := strings.Cut(path, "/")
			if !stdlibRoots[root] || strings.Contains(root, ".") {
				ds = append(ds, diag.Errorf("input/import", posOf(imp.Pos(), p.path), "",
					"import "+strconv.Quote(path)+" is not supported: specs may import CUE's standard library only"))
			}
		}
		key := pkg
		if key == "" || key == "_" {
			// Package-less files are independent of each other, as with
			// the cue tool's file arguments.
			key = "\x00" + p.path
		}
		if _, ok := pk.groups[key]; !ok {
			pk.order = append(pk.order, key)
		}
		pk.groups[key] = append(pk.groups[key], p)
	}
	return pk, ds
}

// posOf converts a CUE position, falling back to the file alone.
func posOf(p token.Pos, file string) diag.Pos {
	if !p.IsValid() {
		return diag.Pos{Filename: file}
	}
	return diag.Pos{Filename: p.Filename(), Line: p.Line(), Column: p.Column()}
}

// posError makes a CUE error at a position, for problems found while
// turning data files into syntax.
func posError(p token.Pos, msg string) error {
	return cueerrors.Newf(p, "%s", msg)
}
