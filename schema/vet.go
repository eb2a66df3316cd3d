package schema

import (
	"slices"
	"strings"

	"cuelang.org/go/cue"
	cueerrors "cuelang.org/go/cue/errors"

	"github.com/amlc-dev/amlc/internal/catalog"
	"github.com/amlc-dev/amlc/internal/diag"
)

// Options configures Vet.
type Options struct {
	// Catalog is the VM-size catalog; nil means the embedded one.
	Catalog *catalog.Catalog
	// Catalogs are regions' own VM-size lists (vet --live), by region name
	// in lower case without spaces; a cluster in such a region is checked
	// against its region's list, the others against Catalog.
	Catalogs map[string]*catalog.Catalog
	// KeepPositions makes Result.Pos answer, at the cost of keeping the
	// evaluated configuration in memory as long as the Result.
	KeepPositions bool

	// CUEOnly evaluates every spec in CUE, plain data too (see the
	// package doc): for comparison, and as a way around the plain path.
	CUEOnly bool

	// Existing names the clusters that exist in Azure (the commands that
	// observe it fill it in). The compute-name rule is a rule for creating
	// clusters: an existing cluster whose name today's rule refuses is
	// reported as the warning name/legacy instead of the error
	// name/compute, so that it stays manageable.
	Existing Existing
}

// Result is what Vet found.
type Result struct {
	// Spec is the model of every cluster that passed the schema; it is
	// complete only when Diags has no errors.
	Spec *Spec
	// Diags are the findings, sorted.
	Diags diag.Diagnostics
	// Files are the spec files read, in order.
	Files []string

	at positions // where the user wrote things, with Options.KeepPositions
}

// Pos returns where the value at the given path labels (for example
// "workspaces", "ml-prod", "clusters", "gpu", "vmSize") is written in the
// user's files, or where its closest written parent is. It needs
// Options.KeepPositions; otherwise it returns no position.
func (r *Result) Pos(labels ...string) diag.Pos {
	if r.at == nil {
		return diag.Pos{}
	}
	return r.at.pos(labels)
}

// Vet loads the spec files at paths (files or directories; none means "."),
// validates them against the embedded schema and runs every check.
func Vet(paths []string, opts Options) *Result {
	res := &Result{Spec: &Spec{}}
	cat := opts.Catalog
	if cat == nil {
		cat = catalog.Default()
	}
	inputs, ds := collect(paths)
	res.Diags = ds
	for _, f := range inputs {
		res.Files = append(res.Files, f.path)
	}
	if ds.HasErrors() {
		res.Diags = ds.Sorted()
		return res
	}
	files, pds := parseAll(inputs)
	ds = append(ds, pds...)
	if ds.HasErrors() {
		res.Diags = ds.Sorted()
		return res
	}
	c, err := compileSchema()
	if err != nil {
		// The embedded schema is tested; this is a bug, reported plainly.
		res.Diags = append(ds, diag.Errorf("input/eval", diag.Pos{}, "", "internal error: the embedded schema does not compile: "+err.Error()))
		return res
	}
	pkgs, gds := groupFiles(files)
	ds = append(ds, gds...)
	if gds.HasErrors() {
		res.Diags = ds.Sorted()
		return res
	}
	if !opts.CUEOnly {
		if d, at, ok := vetPlain(c, pkgs); ok {
			return finish(res, ds, d, at, cat, opts)
		}
	}
	uv, bds := buildUser(c.ctx, pkgs)
	ds = append(ds, bds...)
	if bds.HasErrors() {
		res.Diags = ds.Sorted()
		return res
	}

	// Conflicts within the user's own files come first: they are not
	// schema violations, and CUE would report them again below.
	skip := map[string]bool{}
	if err := uv.Validate(); err != nil {
		for _, d := range userConflicts(err, uv) {
			skip[d.Path] = true
			ds = append(ds, d)
		}
	}
	// The top level (unknown fields, quotas) against #Top; then every
	// workspace against #Workspace on its own, on every core. Evaluating
	// a workspace at a time keeps only one workspace's evaluation graph
	// per core alive: the whole configuration unified at once with #Spec
	// needed twice the memory and, for that, as long again.
	tv := uv.Unify(c.top)
	if err := tv.Validate(cue.Concrete(true)); err != nil {
		ds = append(ds, c.schemaDiags(err, uv, skip)...)
	}
	d, errs := c.decode(uv, tv)
	for _, err := range errs {
		ds = append(ds, c.schemaDiags(err, uv, skip)...)
	}
	return finish(res, ds, d, cuePositions{uv}, cat, opts)
}

// finish runs the checks of SPEC.md §2 on the decoded model.
func finish(res *Result, ds diag.Diagnostics, d *decoded, at positions, cat *catalog.Catalog, opts Options) *Result {
	k := &checker{at: at, cat: cat, cats: opts.Catalogs, d: d, existing: opts.Existing}
	k.run()
	ds = append(ds, k.ds...)
	res.Spec = &d.spec
	res.Diags = ds.Sorted()
	if opts.KeepPositions {
		res.at = at
	}
	return res
}

// userConflicts reports errors of the user's configuration on its own,
// before the schema: typically one field defined twice with different
// values in two files.
func userConflicts(err error, uv cue.Value) diag.Diagnostics {
	var ds diag.Diagnostics
	for _, e := range cueerrors.Errors(err) {
		sels := e.Path()
		path := pathString(sels)
		pos := primaryPos(e, &uv, sels)
		format, _ := e.Msg()
		name := fieldName(sels)
		var d diag.Diagnostic
		switch {
		case slices.Contains(sels, "password"):
			d = diag.Errorf("schema/conflict", pos, path, name+" is defined more than once with different values")
		case strings.HasPrefix(format, "conflicting values"):
			d = diag.Errorf("schema/conflict", pos, path, name+" has "+message(e))
		default:
			d = diag.Errorf("input/eval", pos, path, name+": "+message(e))
		}
		ds = append(ds, d.WithRelated(userPositions(e)...))
	}
	return ds
}
