package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/amlc-dev/amlc/internal/azure"
	"github.com/amlc-dev/amlc/internal/catalog"
	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/schema"
)

// vetLive validates the specs against live Azure: the VM-size list of each
// cluster's region replaces the offline catalog, the Usages API the quotas
// blocks, and locks on the workspaces' resource groups are reported. It
// returns the result to render, or the exit code to stop with.
func vetLive(e *env, paths []string, opts schema.Options, lf *liveFlags) (*schema.Result, int) {
	first := schema.Vet(paths, opts)
	if len(first.Spec.Workspaces) == 0 {
		// Nothing to look up: the input did not load.
		return first, -1
	}
	c, code := lf.client(e, "vet")
	if code >= 0 {
		return nil, code
	}
	ctx, stop := interruptible()
	defer stop()
	facts, err := c.GatherFacts(ctx, first.Spec)
	if err != nil {
		fmt.Fprintf(e.stderr, "amlc vet: reading live Azure: %v\n", err)
		return nil, exitFailed
	}

	// One run per region catalog (schema.Options takes one catalog): the
	// findings about sizes come from the run of the cluster's region, the
	// others from the first run.
	regions := make([]string, 0, len(facts.Catalogs))
	for r := range facts.Catalogs {
		regions = append(regions, r)
	}
	slices.Sort(regions)
	clusterRegion := map[string]string{} // path prefix → region
	for _, w := range first.Spec.Workspaces {
		for _, cl := range w.Clusters {
			r := cl.Location
			if r == "" {
				r = w.Location
			}
			clusterRegion[clusterPath(w.Key, cl.Name)] = normRegion(r)
		}
	}
	var res *schema.Result
	var sized diag.Diagnostics
	for i, r := range regions {
		run := schema.Vet(paths, schema.Options{Catalog: facts.Catalogs[r]})
		if i == 0 {
			res = run
		}
		for _, d := range run.Diags {
			if !isSizeFinding(d) {
				continue
			}
			if reg, ok := regionOf(d.Path, clusterRegion); ok && reg == r {
				sized = append(sized, d)
			}
		}
	}
	if res == nil {
		res = first
	}
	var ds diag.Diagnostics
	for _, d := range res.Diags {
		// Offline quota findings give way to the live ones.
		if isSizeFinding(d) || strings.HasPrefix(d.Code, "quota/") {
			continue
		}
		ds = append(ds, d)
	}
	ds = append(ds, sized...)

	pos := probePositions(paths)
	for _, f := range azure.LiveFindings(res.Spec, facts) {
		var p diag.Pos
		path := "workspaces." + label(f.Workspace)
		if f.Cluster != "" {
			path = clusterPath(f.Workspace, f.Cluster)
			p = pos[path]
		} else {
			// A workspace finding points at the file of its clusters.
			for k, v := range pos {
				if strings.HasPrefix(k, path+".") && (p.Filename == "" || v.Filename < p.Filename) {
					p = diag.Pos{Filename: v.Filename}
				}
			}
		}
		if f.Field != "" {
			path += "." + f.Field
		}
		d := diag.Diagnostic{Severity: f.Severity, Code: f.Code, Summary: f.Summary, Detail: f.Detail, Path: path, Pos: p}
		for _, a := range f.Related {
			key, name, _ := strings.Cut(a, "/")
			if rp, ok := pos[clusterPath(key, name)]; ok {
				d.Related = append(d.Related, rp)
			}
		}
		ds = append(ds, d)
	}
	res.Diags = ds.Sorted()
	return res, -1
}

func isSizeFinding(d diag.Diagnostic) bool { return strings.HasPrefix(d.Code, "size/") }

func normRegion(r string) string { return strings.ToLower(strings.Join(strings.Fields(r), "")) }

// label writes a path label as vet's findings do: bare when it is an
// identifier, quoted otherwise.
func label(s string) string {
	ident := s != ""
	for i, r := range s {
		if !(r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			ident = false
		}
	}
	if ident {
		return s
	}
	return strconv.Quote(s)
}

func clusterPath(ws, cluster string) string {
	return "workspaces." + label(ws) + ".clusters." + label(cluster)
}

// regionOf finds the region of the cluster a finding's path is in.
func regionOf(path string, regions map[string]string) (string, bool) {
	for prefix, r := range regions {
		if path == prefix || strings.HasPrefix(path, prefix+".") {
			return r, true
		}
	}
	return "", false
}

// probePositions finds where each cluster's vmSize is written, by vetting
// against a catalog that knows no size the specs use: every cluster then
// has a size finding at its vmSize. (schema has no exported lookup of a
// position by path.)
func probePositions(paths []string) map[string]diag.Pos {
	probe, err := catalog.Parse([]byte(`{"value":[{"name":"amlc_position_probe","family":"probe","vCPUs":1,"supportedComputeTypes":["AmlCompute"]}]}`), "probe")
	if err != nil {
		return nil
	}
	pos := map[string]diag.Pos{}
	for _, d := range schema.Vet(paths, schema.Options{Catalog: probe}).Diags {
		if isSizeFinding(d) && strings.HasSuffix(d.Path, ".vmSize") {
			pos[strings.TrimSuffix(d.Path, ".vmSize")] = d.Pos
		}
	}
	return pos
}
