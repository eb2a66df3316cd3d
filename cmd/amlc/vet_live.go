package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/amlc-dev/amlc/internal/azure"
	"github.com/amlc-dev/amlc/internal/catalog"
	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/internal/pricing"
	"github.com/amlc-dev/amlc/schema"
)

// vetLive validates the specs against live Azure: the VM-size list of each
// cluster's region replaces the offline catalog, the Usages API the quotas
// blocks, and locks on the workspaces' resource groups are reported. It
// returns the result to render, or the exit code to stop with.
func vetLive(e *env, paths []string, opts schema.Options, lf *liveFlags) (*schema.Result, int) {
	// The first run only reads the specs: the other packages' checks and
	// the cost run once, in the second.
	firstOpts := opts
	firstOpts.Checks, firstOpts.Cost = nil, false
	first := vetGuarded(e, paths, firstOpts)
	if len(first.Spec.Workspaces) == 0 {
		// Nothing to look up: the input did not load.
		return first, -1
	}
	c, code := lf.client(e, "vet")
	if code >= 0 {
		return nil, code
	}
	ctx, stop := interruptible()
	facts, err := c.GatherFacts(ctx, first.Spec)
	if err != nil {
		stop()
		fmt.Fprintf(e.stderr, "amlc vet: reading live Azure: %v\n", err)
		return nil, exitFailed
	}

	// A name the compute-name rule refuses is fine for a cluster that
	// exists (vetLiveFirst): look them up only then.
	var existing schema.Existing
	if slices.ContainsFunc(first.Diags, func(d diag.Diagnostic) bool { return d.Code == "name/compute" }) {
		obs, err := c.Observe(ctx, azure.Refs(first.Spec))
		if err != nil {
			stop()
			fmt.Fprintf(e.stderr, "amlc vet: observing the live clusters: %v\n", err)
			return nil, exitFailed
		}
		existing = obs.Existing()
	}
	// The specs are read again below, outside amlc's hands: from here a
	// signal ends amlc as it does by default.
	stop()

	// One more run with the regions' live VM-size lists and prices; the
	// live quotas replace the offline quota findings. The prices Azure ML
	// returns with the VM sizes price the budgets and costs, the price
	// table what they do not cover. The specs evaluated once already: the
	// guard has nothing to add. A region's live list wins over its
	// --catalog file; the options are the first run's (standard input,
	// tags...) with the live facts.
	fallback := opts.Prices
	if fallback == nil {
		fallback = pricing.Default()
	}
	cats := maps.Clone(opts.Catalogs)
	if cats == nil {
		cats = map[string]*catalog.Catalog{}
	}
	maps.Copy(cats, facts.Catalogs)
	again := opts
	again.Catalogs, again.KeepPositions, again.Existing = cats, true, existing
	again.Prices = pricing.NewLive(facts.Catalogs, fallback)
	res := schema.Vet(paths, again)
	// The offline network warning gives way to the live check for the
	// workspaces whose managed network was read.
	var ds diag.Diagnostics
	for _, d := range res.Diags {
		if strings.HasPrefix(d.Code, "quota/") || d.Code == azure.CodePrivateNeedsSubnet && networkRead(d.Path, facts) {
			continue
		}
		ds = append(ds, d)
	}
	for _, f := range azure.LiveFindings(res.Spec, facts) {
		labels := []string{"workspaces", f.Workspace}
		if f.Cluster != "" {
			labels = append(labels, "clusters", f.Cluster)
		}
		if f.Field != "" {
			labels = append(labels, strings.Split(f.Field, ".")...)
		}
		d := diag.Diagnostic{Severity: f.Severity, Code: f.Code, Summary: f.Summary, Detail: f.Detail,
			Path: schema.FieldPath(labels...), Pos: res.Pos(labels...)}
		for _, a := range f.Related {
			key, name, _ := strings.Cut(a, "/")
			d = d.WithRelated(res.Pos("workspaces", key, "clusters", name))
		}
		ds = append(ds, d)
	}
	res.Diags = ds.Sorted()
	return res, -1
}

// networkRead reports whether the workspace a finding's path is under had
// its managed network read.
func networkRead(path string, facts *azure.Facts) bool {
	for key := range facts.IsolationModes {
		prefix := schema.FieldPath("workspaces", key)
		if path == prefix || strings.HasPrefix(path, prefix+".") {
			return true
		}
	}
	return false
}
