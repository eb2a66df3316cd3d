package azure

import (
	"fmt"
	"slices"
	"strings"

	"github.com/amlc-dev/amlc/diff"
	"github.com/amlc-dev/amlc/schema"
)

// Existing returns the AmlCompute clusters of the observation, for
// schema.Options.Existing: the compute-name rule applies to creating a
// cluster, not to one that exists (a cluster created when the service
// allowed its name keeps it).
func (o *Observation) Existing() schema.Existing {
	e := schema.Existing{}
	for _, ow := range o.Workspaces {
		w := &schema.Workspace{Subscription: ow.Ref.Subscription, ResourceGroup: ow.Ref.ResourceGroup, Name: ow.Ref.Name}
		for _, oc := range ow.Clusters {
			e[schema.ComputeKey(w, oc.Cluster.Name)] = true
		}
	}
	return e
}

// LegacyReplaceError says that a plan would replace clusters whose names
// the compute-name rule refuses: the replacement deletes the cluster, and
// Azure then refuses to create it again under its name.
type LegacyReplaceError struct {
	Clusters []string // "address: the rule it breaks"
}

func (e *LegacyReplaceError) Error() string {
	return "the plan would replace clusters whose names Azure no longer accepts for a new cluster: the old cluster would be deleted and the new one refused. " +
		"Keep their create-only fields as they are in Azure, or rename them (a new cluster, and a delete with --prune): " +
		strings.Join(e.Clusters, "; ")
}

// refuseLegacyReplace returns a *LegacyReplaceError when the plan replaces
// a cluster whose name breaks the compute-name rule.
func refuseLegacyReplace(p *diff.Plan) error {
	var bad []string
	for _, ch := range p.Changes {
		if ch.Action != diff.Replace {
			continue
		}
		_, name, _ := strings.Cut(ch.Address, "/")
		if msg := schema.ComputeNameProblem(name); msg != "" {
			bad = append(bad, fmt.Sprintf("%s: the compute name %s", ch.Address, msg))
		}
	}
	if len(bad) == 0 {
		return nil
	}
	slices.Sort(bad)
	return &LegacyReplaceError{Clusters: bad}
}
