package diff

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/amlc-dev/amlc/internal/pricing"
	"github.com/amlc-dev/amlc/schema"
)

// Compute plans the changes that take the clusters of base to those of
// desired. Clusters are matched by address (workspace key + "/" + cluster
// name): an address only in desired is a create, one only in base a delete,
// and one in both is compared field by field after normalisation and
// classified by the mutability table. The changes are sorted by address
// and include the no-ops. A nil spec has no clusters.
//
// When an address appears twice in one spec (a validated spec never has
// that), the first occurrence counts.
//
// Every change and the whole plan are priced with the embedded price
// table; ComputeWith takes other prices.
func Compute(desired, base *schema.Spec) *Plan {
	return ComputeWith(desired, base, Options{})
}

// Options configure ComputeWith.
type Options struct {
	// Resource returns the compute of a base cluster as Azure returned it
	// (a GET or list item decoded from JSON), or nil. The re-PUT of an
	// identity or tags change is built from it (see PutBase). When it is
	// nil, or returns nil, as for a base that is a git revision or a
	// directory, the compute is taken to be as amlc would have created
	// the base cluster.
	Resource func(ws *schema.Workspace, c *schema.Cluster) map[string]any
	// Prices price the clusters' monthly cost; nil means the embedded
	// price table.
	Prices pricing.Prices
}

// ComputeWith is Compute with options.
func ComputeWith(desired, base *schema.Spec, opts Options) *Plan {
	d, b := index(desired), index(base)
	addrs := make([]string, 0, len(d)+len(b))
	for a := range d {
		addrs = append(addrs, a)
	}
	for a := range b {
		if _, ok := d[a]; !ok {
			addrs = append(addrs, a)
		}
	}
	slices.Sort(addrs)

	p := &Plan{FormatVersion: FormatVersion, Generator: Generator, Changes: make([]Change, 0, len(addrs))}
	for _, a := range addrs {
		de, inD := d[a]
		be, inB := b[a]
		var ch Change
		var ws []Warning
		switch {
		case inD && !inB:
			ch, ws = planCreate(a, de)
		case !inD && inB:
			ch = planDelete(a, be)
		default:
			var res map[string]any
			if opts.Resource != nil {
				res = opts.Resource(be.ws, be.c)
			}
			ch, ws = planCompare(a, de, be, res)
		}
		p.Changes = append(p.Changes, ch)
		p.Warnings = append(p.Warnings, ws...)
	}
	p.Warnings = append(p.Warnings, renames(d, b)...)
	if desired != nil {
		p.Warnings = append(p.Warnings, quotaMeantime(d, b, p.Changes, desired.Quotas)...)
	}
	slices.SortStableFunc(p.Warnings, func(x, y Warning) int {
		return cmp.Or(strings.Compare(x.Address, y.Address), strings.Compare(x.Code, y.Code), strings.Compare(x.Message, y.Message))
	})
	prices := opts.Prices
	if prices == nil {
		prices = pricing.Default()
	}
	addCost(p, d, b, prices)
	return p
}

// entry is a cluster and the workspace it is in.
type entry struct {
	ws *schema.Workspace
	c  *schema.Cluster
}

func index(s *schema.Spec) map[string]entry {
	m := map[string]entry{}
	if s == nil {
		return m
	}
	for i := range s.Workspaces {
		ws := &s.Workspaces[i]
		for j := range ws.Clusters {
			c := &ws.Clusters[j]
			a := schema.Address(ws, c)
			if _, dup := m[a]; !dup {
				m[a] = entry{ws, c}
			}
		}
	}
	return m
}

func planCreate(addr string, e entry) (Change, []Warning) {
	ch := Change{Address: addr, Action: Create, Reasons: []string{"not in the base"}}
	for _, r := range clusterRows {
		if fc, ok := listed(r, e.c, false); ok {
			ch.Fields = append(ch.Fields, fc)
		}
	}
	req, w := createRequest(e.ws, e.c)
	ch.Requests = []Request{req}
	return ch, w
}

func planDelete(addr string, e entry) Change {
	ch := Change{Address: addr, Action: Delete, Reasons: []string{"not in the specs"}}
	for _, r := range clusterRows {
		if fc, ok := listed(r, e.c, true); ok {
			ch.Fields = append(ch.Fields, fc)
		}
	}
	ch.Requests = []Request{deleteRequest(e.ws, e.c.Name)}
	return ch
}

// listed is the field change that lists one value of a created (before =
// false) or deleted (before = true) cluster; false when the field is unset.
func listed(r row, c *schema.Cluster, before bool) (FieldChange, bool) {
	v := r.value(c)
	if v == nil {
		return FieldChange{}, false
	}
	fc := FieldChange{Path: r.Path}
	switch {
	case r.Sensitive:
		fc.Sensitive = true
		fc.Note = fmt.Sprintf("from the secret %s", v)
	case before:
		fc.Before = v
	default:
		fc.After = v
	}
	return fc, true
}

func planCompare(addr string, de, be entry, resource map[string]any) (Change, []Warning) {
	ch := Change{Address: addr}
	routes := map[Route]bool{}
	var reasons []string
	addReason := func(s string) {
		if !slices.Contains(reasons, s) {
			reasons = append(reasons, s)
		}
	}
	for _, r := range workspaceRows {
		if !r.equal(de.ws, be.ws) {
			ch.Fields = append(ch.Fields, FieldChange{Path: r.Path, Before: r.get(be.ws), After: r.get(de.ws), ForcesReplace: true})
			routes[RouteCreateOnly] = true
			addReason(r.Reason)
		}
	}
	for _, r := range clusterRows {
		if r.equal(de.c, be.c) {
			continue
		}
		ch.Fields = append(ch.Fields, changed(r, de.c, be.c))
		routes[r.Route] = true
	}

	switch {
	case routes[RouteCreateOnly]:
		ch.Action = Replace
	case routes[RouteScalePatch] || routes[RouteGetPut]:
		ch.Action = Update
	default:
		ch.Action = NoOp
	}

	var warnings []Warning
	for i := range ch.Fields {
		fc := &ch.Fields[i]
		f, _ := FieldOf(fc.Path)
		switch {
		case f.Route == RouteCreateOnly:
			fc.ForcesReplace = true
			addReason(f.Reason)
		case f.Route == RouteNone && ch.Action != Replace:
			// A replacement creates the cluster anew with the value, so
			// only an update or a no-op leaves it unapplied.
			fc.Note = joinNote(fc.Note, "not applied")
			addReason(f.Reason)
			if f.Path == "description" {
				warnings = append(warnings, Warning{Address: addr, Code: CodeDescription,
					Message: "description has no documented update path; the change is shown but not applied (replace the cluster to change it)"})
			}
		case f.Route.Updatable() && ch.Action == Update:
			addReason(f.Reason)
		}
	}
	ch.Reasons = reasons

	switch ch.Action {
	case Replace:
		req, w := createRequest(de.ws, de.c)
		ch.Requests = []Request{deleteRequest(be.ws, be.c.Name), req}
		warnings = append(warnings, w...)
		warnings = append(warnings, Warning{Address: addr, Code: CodeReplaceDeletes,
			Message: "replacing deletes the cluster and its nodes; running jobs are lost"})
	case Update:
		// The scale PATCH first: the GET of a re-PUT then reads the new
		// scale settings, and the PUT repeats them.
		if routes[RouteScalePatch] {
			ch.Requests = append(ch.Requests, scaleRequest(de.ws, de.c))
		}
		if routes[RouteGetPut] {
			reqs, w := putRequests(&ch, de.ws, de.c, be.c, resource)
			ch.Requests = append(ch.Requests, reqs...)
			warnings = append(warnings, w...)
		}
	}
	return ch, warnings
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// changed is the field change of a field whose values differ.
func changed(r row, desired, base *schema.Cluster) FieldChange {
	before, after := r.value(base), r.value(desired)
	if !r.Sensitive {
		return FieldChange{Path: r.Path, Before: before, After: after}
	}
	// Secret names are not secrets: the note names them, so a reviewer
	// sees which secret the cluster will use. Values never enter a plan.
	fc := FieldChange{Path: r.Path, Sensitive: true}
	switch {
	case before == nil:
		fc.Note = fmt.Sprintf("password added, from the secret %s", after)
	case after == nil:
		fc.Note = fmt.Sprintf("password removed (it came from the secret %s)", before)
	default:
		fc.Note = fmt.Sprintf("secret changed: %s → %s", before, after)
	}
	return fc
}

// renames pairs, per workspace key, each deleted cluster with the first
// created cluster of the same size and scale settings: together they look
// like a rename, which Azure cannot do.
func renames(d, b map[string]entry) []Warning {
	var deleted, created []entry
	for a, e := range b {
		if _, ok := d[a]; !ok {
			deleted = append(deleted, e)
		}
	}
	for a, e := range d {
		if _, ok := b[a]; !ok {
			created = append(created, e)
		}
	}
	byAddr := func(x, y entry) int {
		return strings.Compare(schema.Address(x.ws, x.c), schema.Address(y.ws, y.c))
	}
	slices.SortFunc(deleted, byAddr)
	slices.SortFunc(created, byAddr)
	var ws []Warning
	used := make([]bool, len(created))
	for _, del := range deleted {
		for i, cr := range created {
			if used[i] || cr.ws.Key != del.ws.Key || !sameShape(cr.c, del.c) {
				continue
			}
			used[i] = true
			ws = append(ws, Warning{
				Address: schema.Address(cr.ws, cr.c),
				Code:    CodeRename,
				Message: fmt.Sprintf("looks like a rename of %s: a rename is a delete plus a create", schema.Address(del.ws, del.c)),
			})
			break
		}
	}
	return ws
}

func sameShape(x, y *schema.Cluster) bool {
	return vmSizeField.equal(x, y) && maxNodesField.equal(x, y) && minNodesField.equal(x, y) && idleField.equal(x, y)
}
