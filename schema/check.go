package schema

import (
	"cuelang.org/go/cue"

	"github.com/amlc-dev/amlc/internal/catalog"
	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/internal/pricing"
)

// checker runs the checks of docs/spec.md that CUE cannot express: those
// across fields, across clusters, or against Azure's data. Each check has
// its own diagnostic code.
type checker struct {
	at  positions // where the user wrote things
	cat *catalog.Catalog
	// cats are regions' own catalogs, by normalised region.
	cats map[string]*catalog.Catalog
	d    *decoded
	// partial says that errors before the checks (the schema's) left
	// clusters out of d: what is missing says nothing then.
	partial bool
	ds      diag.Diagnostics
	// sizes holds the catalog entry of each cluster whose size is known,
	// by address.
	sizes map[string]catalog.Size
	// existing names the clusters that exist in Azure (Options.Existing).
	existing Existing
	// prices price the clusters for the budgets (budget.go).
	prices pricing.Prices
	// checks are the other packages' checks (hooks.go).
	checks []ClusterCheck
	// costNotes asks for the cost notes (budget.go).
	costNotes bool
	// memo shares the checks of clusters with other Vets (checkmemo.go),
	// or is nil.
	memo *clusterMemo
}

// pos returns the position in the user's files of the value at the given
// labels, or of its closest parent that the user wrote.
func (k *checker) pos(labels ...string) diag.Pos { return k.at.pos(labels) }

// positions answers where a value is written in the user's files: the
// evaluated CUE configuration, or the merged plain data (plain.go).
type positions interface {
	pos(labels []string) diag.Pos
	// written reports whether the user wrote a value at labels.
	written(labels []string) bool
	// owns reports whether a position says which value at labels it is
	// in (subject.go).
	owns(labels []string, pos diag.Pos) bool
}

// cuePositions are the positions of an evaluated configuration.
type cuePositions struct{ v cue.Value }

func (p cuePositions) pos(labels []string) diag.Pos { return userPos(p.v, labels) }

// userPos returns the position in the user's files of the value at the
// given labels, or of its closest parent that the user wrote.
func userPos(user cue.Value, labels []string) diag.Pos {
	for n := len(labels); n >= 0; n-- {
		v := user.LookupPath(labelPath(labels[:n]))
		if !v.Exists() {
			continue
		}
		if p := v.Pos(); p.IsValid() && !isSchemaPos(p) {
			return posOf(p, "")
		}
	}
	return diag.Pos{}
}

func (k *checker) errorf(code string, labels []string, summary string) *diag.Diagnostic {
	k.ds = append(k.ds, diag.Errorf(code, k.pos(labels...), FieldPath(labels...), summary))
	return &k.ds[len(k.ds)-1]
}

func (k *checker) warnf(code string, labels []string, summary string) *diag.Diagnostic {
	k.ds = append(k.ds, diag.Warnf(code, k.pos(labels...), FieldPath(labels...), summary))
	return &k.ds[len(k.ds)-1]
}

// labelPath builds a path of plain labels.
func labelPath(labels []string) cue.Path {
	sels := make([]cue.Selector, len(labels))
	for i, l := range labels {
		sels[i] = cue.Str(l)
	}
	return cue.MakePath(sels...)
}

// clusterLabels returns the path labels of a cluster field.
func clusterLabels(w *Workspace, c *Cluster, field ...string) []string {
	return append([]string{"workspaces", w.Key, "clusters", c.Name}, field...)
}

// run runs every check in a fixed order.
func (k *checker) run() {
	spec := &k.d.spec
	for i := range spec.Workspaces {
		w := &spec.Workspaces[i]
		k.checkWorkspace(w)
		for j := range w.Clusters {
			k.checkClusterOnce(w, &w.Clusters[j], k.d.src[w.Key])
		}
	}
	k.checkUniqueNames()
	k.checkQuotas()
	k.checkBudgets()
	k.finishChecks()
	k.crossReference()
}

func (k *checker) checkCluster(w *Workspace, c *Cluster) {
	start := len(k.ds)
	k.checkComputeName(w, c)
	if c.Location != w.Location {
		k.checkLocation(clusterLabels(w, c, "location"), c.Location)
	}
	k.checkIdle(w, c)
	k.checkNodes(w, c)
	k.checkTags(w, c)
	k.checkIdentity(w, c)
	k.checkNetwork(w, c)
	k.checkSSH(w, c)
	k.checkImage(w, c)
	k.checkSize(w, c)
	k.checkNodeLimit(w, c)
	k.checkAdvice(w, c)
	k.runChecks(w, c, k.ds[start:])
}
