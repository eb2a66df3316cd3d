package schema

import (
	"slices"

	"github.com/amlc-dev/amlc/internal/crossref"
	"github.com/amlc-dev/amlc/internal/diag"
)

// ClusterCheck is a check another package provides (package policy runs
// Azure Policy definitions): it looks at one cluster of the model, after
// this package's own checks of it, and reports findings about its fields.
// Vet calls it once per cluster, from one goroutine.
type ClusterCheck interface {
	CheckCluster(w *Workspace, c *Cluster) []Finding
}

// CheckReporter is a ClusterCheck with findings of its own beyond the
// clusters (about its input files): Vet adds them after every cluster is
// checked.
type CheckReporter interface {
	ClusterCheck
	Diagnostics() diag.Diagnostics
}

// Finding is what a ClusterCheck reports about a cluster.
type Finding struct {
	Severity diag.Severity
	Code     string
	// Field is the path of the spec field the finding is about, below the
	// cluster ("vmSize", "network", "subnet"); the finding is placed there,
	// or at its closest parent that the spec writes. Empty: the cluster.
	Field   []string
	Summary string
	Detail  string
	// Related are other positions that take part (a policy file).
	Related []diag.Pos
	// Ref names what the finding reports, for example an Azure Policy
	// definition ID. With Advice set, the finding is dropped when one of
	// this package's advice findings about the same cluster already names
	// Ref (package crossref): the two say the same thing.
	Ref    string
	Advice bool
}

// runChecks runs the other packages' checks on a cluster; own are the
// findings this package reported about it.
func (k *checker) runChecks(w *Workspace, c *Cluster, own diag.Diagnostics) {
	for _, ck := range k.checks {
		for _, f := range ck.CheckCluster(w, c) {
			if f.Advice && f.Ref != "" && slices.ContainsFunc(own, func(d diag.Diagnostic) bool { return crossref.ForCode(d.Code).NamesPolicy(f.Ref) }) {
				continue
			}
			labels := clusterLabels(w, c, f.Field...)
			d := diag.Diagnostic{Severity: f.Severity, Code: f.Code, Summary: f.Summary, Detail: f.Detail,
				Path: FieldPath(labels...), Pos: k.pos(labels...)}
			k.ds = append(k.ds, d.WithRelated(f.Related...))
		}
	}
}

// finishChecks adds the findings of the checks that have their own.
func (k *checker) finishChecks() {
	for _, ck := range k.checks {
		if r, ok := ck.(CheckReporter); ok {
			k.ds = append(k.ds, r.Diagnostics()...)
		}
	}
}
