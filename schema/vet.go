package schema

import (
	"slices"
	"strings"

	"cuelang.org/go/cue"
	cueerrors "cuelang.org/go/cue/errors"

	"github.com/amlc-dev/amlc/internal/bound"
	"github.com/amlc-dev/amlc/internal/catalog"
	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/internal/pricing"
)

// Options configures Vet.
type Options struct {
	// Catalog is the VM-size catalog; nil means the embedded one.
	Catalog *catalog.Catalog
	// Catalogs are regions' own VM-size lists (vet --live), by region name
	// in lower case without spaces; a cluster in such a region is checked
	// against its region's list, the others against Catalog.
	Catalogs map[string]*catalog.Catalog
	// Prices price the clusters for the workspaces' budgets; nil means
	// the embedded price table.
	Prices pricing.Prices
	// Checks are checks other packages provide (package policy), run on
	// every cluster after this package's own.
	Checks []ClusterCheck
	// Cost reports every cluster's monthly cost, and each workspace's, as
	// notes (cost/estimate).
	Cost bool

	// KeepPositions makes Result.Pos answer, at the cost of keeping the
	// evaluated configuration in memory as long as the Result.
	KeepPositions bool

	// CUEOnly takes the diagnostic path for every spec, plain data too:
	// the configuration unified with the schema in CUE (see the package
	// doc). For comparison, and as a way around the faster paths.
	CUEOnly bool

	// Tags are CUE build tags and injections (-t/--inject): "prod" sets
	// the tag of @if(prod), "env=prod" injects into @tag(env).
	Tags []string
	// Dir is the working directory: relative paths are read from it, and
	// a CUE module is found at or above it. Empty means the process's
	// working directory, and positions name files as the paths given do.
	Dir string

	// Limits bound the evaluation of the specs in CUE, in time and
	// memory; nil means internal/bound's defaults.
	Limits *bound.Limits
	// Guard, when set, is called before specs that use an operation that
	// can ask for more memory than the machine has in one allocation (a
	// repetition; see risky.go) are evaluated: it evaluates them in
	// another process (cmd/amlc does), where such an allocation cannot
	// end this one, and returns the error to report instead, or nil.
	Guard func() error

	// Existing names the clusters that exist in Azure (the commands that
	// observe it fill it in). The compute-name rule is a rule for creating
	// clusters: an existing cluster whose name today's rule refuses is
	// reported as the warning name/legacy instead of the error
	// name/compute, so that it stays manageable.
	Existing Existing

	// Stdin is the content of standard input, for the input path "-"
	// (IsStdin).
	Stdin []byte

	// Files, when given, holds spec files in memory below a directory:
	// there they are read from it rather than from the disk.
	Files *MemFiles

	// Cache, when given, shares the evaluation of the packages and data
	// files whose content is the same with the other Vet calls given it
	// (the two sides of a diff), and what they read from the same source
	// (sharedparse.go, mergememo.go, checkmemo.go). The Vet calls that
	// share a Cache must have the same options but for Dir, Files and
	// Stdin: what one found is taken as the other's.
	Cache *Cache

	// ownSyntax parses every file on its own, sharing no syntax through
	// Cache (sharedparse.go).
	ownSyntax bool

	// rawUnify unifies the configuration as written with the schema, as
	// amlc did before the evaluated path: for the tests that compare the
	// two (the schema's defaults then conflict with the user's).
	rawUnify bool
}

// limits returns the bounds of the evaluation.
func (o *Options) limits() bound.Limits {
	if o.Limits != nil {
		return *o.Limits
	}
	return bound.Limits{Memory: bound.DefaultMemory, Time: bound.DefaultTime}
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

	// way is how the model was reached (plain, evaluated or diagnostic):
	// for the tests that compare them.
	way string
	// sharedSyntax says that the syntax of some files came from another
	// Vet (sharedparse.go): for the tests.
	sharedSyntax bool
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

// Vet loads the spec files at paths (files, directories, dir/... patterns,
// and inside a CUE module import paths; none means "."), validates them
// against the embedded schema and runs every check.
func Vet(paths []string, opts Options) (out *Result) {
	res := &Result{Spec: &Spec{}}
	cat := opts.Catalog
	if cat == nil {
		cat = catalog.Default()
	}
	pkgs, files, ds := loadInputs(paths, opts)
	if pkgs != nil && pkgs.alias != nil {
		// Files whose syntax another Vet parsed (sharedparse.go): what
		// is found in them is moved to this Vet's files.
		defer func() {
			if !out.sharedSyntax {
				return // vetted again without it
			}
			moveDiags(pkgs.alias, out.Diags)
			out.Diags = out.Diags.Sorted()
			if out.at != nil {
				out.at = movedPositions{out.at, pkgs.alias}
			}
		}()
	}
	res.Files = files
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
	if !opts.CUEOnly {
		if d, at, ok := vetPlain(c, pkgs, opts.syntaxCache()); ok {
			res.way = "plain"
			res.sharedSyntax = pkgs.shared
			return finish(c, res, ds, d, at, cat, opts)
		}
	}
	if pkgs.shared {
		// Syntax shared with another Vet serves the plain path only:
		// building CUE instances resolves references in the syntax,
		// which writes to it (sharedparse.go). Loaded again, parsed on
		// its own.
		opts.ownSyntax = true
		return Vet(paths, opts)
	}
	// Evaluating CUE can take any time and memory: it runs under a bound,
	// and specs that could ask for more memory than the machine has in
	// one step are evaluated in another process first (Options.Guard).
	if opts.Guard != nil && risky(pkgs) {
		if err := opts.Guard(); err != nil {
			res.Diags = append(ds, limitDiag(err)).Sorted()
			return res
		}
	}
	var (
		d   *decoded
		at  positions
		eds diag.Diagnostics
		way string
	)
	if err := bound.Run(opts.limits(), func() { d, at, eds, way = c.vetCUE(pkgs, opts) }); err != nil {
		res.Diags = append(ds, limitDiag(err)).Sorted()
		return res
	}
	ds = append(ds, eds...)
	if d == nil {
		res.Diags = ds.Sorted()
		return res
	}
	res.way = way
	return finish(c, res, ds, d, at, cat, opts)
}

// vetCUE evaluates the instances in CUE, each package and data file on
// its own (units.go) or taken from opts.Cache where another Vet evaluated
// the same, and takes the configuration to the model: by the evaluated
// path when it can, else by the diagnostic path, with the findings of the
// schema. It returns no model when the configuration cannot be built, and
// which way it took.
func (c *compiled) vetCUE(pkgs *packages, opts Options) (*decoded, positions, diag.Diagnostics, string) {
	us, evs := opts.Cache.evaluateUnits(c.ctx, pkgs, opts.Tags)
	if !opts.CUEOnly && !opts.rawUnify {
		if d, at, ok := c.vetUnits(evs, us, opts.Cache); ok {
			return d, at, nil, "evaluated"
		}
	}
	// Unified in CUE, values evaluated in another Vet's context would not
	// find the packages they import in this one: those are evaluated
	// again here.
	for i, ev := range evs {
		if ev.ctx != c.ctx {
			evs[i] = evalUnit(c.ctx, us[i])
		}
	}
	uv, ds := buildUser(c.ctx, evs)
	if ds.HasErrors() {
		return nil, nil, ds, ""
	}
	d, vds, way := c.vetValue(uv, opts)
	alias := aliases(evs, us)
	moveDiags(alias, vds)
	return d, movedPositions{cuePositions{uv}, alias}, append(ds, vds...), way
}

// vetValue takes the user's configuration, evaluated by CUE, to the model:
// the evaluated path (evaluated.go) when it is certainly valid, else the
// diagnostic path, which reports what is wrong and decodes what it can. It
// returns which of the two it took.
func (c *compiled) vetValue(uv cue.Value, opts Options) (*decoded, diag.Diagnostics, string) {
	// Errors of the user's configuration on its own (conflicts between
	// files, references to nothing) come first: they are not schema
	// violations, and the schema would report them again below.
	uerr := uv.Validate()
	if uerr == nil && !opts.CUEOnly && !opts.rawUnify {
		if d, ok := vetEvaluated(c, uv); ok {
			return d, nil, "evaluated"
		}
	}
	var ds diag.Diagnostics
	skip := map[string]bool{}
	if uerr != nil {
		for _, d := range userConflicts(uerr, uv) {
			skip[d.Path] = true
			ds = append(ds, d)
		}
	}
	// The diagnostic path: the configuration's data (evaldata.go) unified
	// with the schema, for CUE to say what is wrong. The top level
	// (unknown fields, quotas) against #Top; then every workspace against
	// #Workspace on its own, on every core. Evaluating a workspace at a
	// time keeps only one workspace's evaluation graph per core alive: the
	// whole configuration unified at once with #Spec needed twice the
	// memory and, for that, as long again.
	dv := uv
	if !opts.rawUnify {
		dv = dataOf(c.ctx, uv)
	}
	tv := dv.Unify(c.top)
	if err := tv.Validate(cue.Concrete(true)); err != nil {
		ds = append(ds, c.schemaDiags(err, uv, skip)...)
	}
	d, errs := c.decode(dv, tv)
	for _, err := range errs {
		ds = append(ds, c.schemaDiags(err, uv, skip)...)
	}
	return d, ds, "diagnostic"
}

// limitDiag reports an evaluation stopped by its bound, or refused by the
// guard.
func limitDiag(err error) diag.Diagnostic {
	return diag.Errorf("input/limit", diag.Pos{}, "", err.Error())
}

// finish runs the checks of docs/spec.md on the decoded model, and
// completes the findings of either path.
func finish(c *compiled, res *Result, ds diag.Diagnostics, d *decoded, at positions, cat *catalog.Catalog, opts Options) *Result {
	prices := opts.Prices
	if prices == nil {
		prices = pricing.Default()
	}
	k := &checker{at: at, cat: cat, cats: opts.Catalogs, d: d, existing: opts.Existing,
		prices: prices, checks: opts.Checks, costNotes: opts.Cost, partial: ds.HasErrors()}
	if d.src != nil {
		k.memo = &opts.Cache.clusters
	}
	k.run()
	ds = append(ds, k.ds...)
	ds = c.explainUnknownFields(ds, at)
	nameSubjects(ds, at)
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
