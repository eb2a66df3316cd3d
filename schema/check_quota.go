package schema

import (
	"fmt"
	"strings"

	"github.com/amlc-dev/amlc/internal/catalog"
)

// quotaUse is one cluster's claim on a quota.
type quotaUse struct {
	w      *Workspace
	c      *Cluster
	size   catalog.Size
	family string // catalog.FamilyKey of the size's family
}

// checkQuotas compares the clusters of each subscription and region with
// its quotas block. Azure counts dedicated vCPUs per VM family and in a
// regional total, and low-priority vCPUs in one regional value
// (how-to-manage-quotas). A cluster that cannot fit one node, or its
// minNodes, can never work: an error. Clusters whose maxNodes together
// exceed a quota will not all reach their maximum: a warning.
func (k *checker) checkQuotas() {
	spec := &k.d.spec
	for qi := range spec.Quotas {
		q := &spec.Quotas[qi]
		base := []string{"quotas", q.Subscription, q.Region}
		var uses []quotaUse
		computes := 0
		for i := range spec.Workspaces {
			w := &spec.Workspaces[i]
			if !strings.EqualFold(w.Subscription, q.Subscription) {
				continue
			}
			for j := range w.Clusters {
				c := &w.Clusters[j]
				if !strings.EqualFold(c.Location, q.Region) {
					continue
				}
				computes++
				if size, ok := k.sizes[Address(w, c)]; ok {
					uses = append(uses, quotaUse{w, c, size, catalog.FamilyKey(size.Family)})
				}
			}
		}
		if computes == 0 {
			if k.partial {
				// The clusters may be the ones an error left out: the
				// error comes first, alone.
				continue
			}
			k.warnf("quota/no-region", base,
				fmt.Sprintf("no cluster uses subscription %s in %s; check the subscription and region of this quotas block", q.Subscription, q.Region))
			continue
		}
		if q.Clusters != nil && computes > *q.Clusters {
			k.errorf("quota/clusters", append(base, "clusters"),
				fmt.Sprintf("%d clusters in %s exceed the quota of %d computes in the region", computes, q.Region, *q.Clusters))
		}
		for fam, limit := range sortedMap(q.Families) {
			key := catalog.FamilyKey(fam)
			k.checkLimit(uses, append(base, "dedicated", "families", fam), limit,
				fmt.Sprintf("the %s quota of %d dedicated vCPUs", fam, limit),
				func(u quotaUse) bool {
					return u.c.Priority == Dedicated && key != "" && u.family == key
				})
		}
		if q.DedicatedTotal != nil {
			limit := *q.DedicatedTotal
			k.checkLimit(uses, append(base, "dedicated", "total"), limit,
				fmt.Sprintf("the regional quota of %d dedicated vCPUs", limit),
				func(u quotaUse) bool { return u.c.Priority == Dedicated })
		}
		if q.LowPriority != nil {
			limit := *q.LowPriority
			k.checkLimit(uses, append(base, "lowPriority"), limit,
				fmt.Sprintf("the regional quota of %d low-priority vCPUs", limit),
				func(u quotaUse) bool { return u.c.Priority == LowPriority })
		}
	}
}

// checkLimit checks the clusters that draw on one quota.
func (k *checker) checkLimit(uses []quotaUse, quotaLabels []string, limit int, what string, draws func(quotaUse) bool) {
	total, impossible := 0, false
	var counted []quotaUse
	for _, u := range uses {
		if !draws(u) {
			continue
		}
		vcpus := u.size.VCPUs
		switch {
		case vcpus > limit:
			impossible = true
			d := k.errorf("quota/node-too-large", clusterLabels(u.w, u.c, "vmSize"),
				fmt.Sprintf("one %s node needs %d vCPUs, more than %s; the cluster can never start a node", u.size.Name, vcpus, what))
			*d = d.WithRelated(k.pos(quotaLabels...))
		case u.c.MinNodes*vcpus > limit:
			impossible = true
			d := k.errorf("quota/node-too-large", clusterLabels(u.w, u.c, "minNodes"),
				fmt.Sprintf("minNodes %d × %d vCPUs (%s) = %d vCPUs, more than %s", u.c.MinNodes, vcpus, u.size.Name, u.c.MinNodes*vcpus, what))
			*d = d.WithRelated(k.pos(quotaLabels...))
		}
		total += u.c.MaxNodes * vcpus
		counted = append(counted, u)
	}
	// Once a cluster cannot work at all, adding up maximums says nothing new.
	if total > limit && len(counted) > 0 && !impossible {
		names := make([]string, len(counted))
		for i, u := range counted {
			names[i] = Address(u.w, u.c)
		}
		d := k.warnf("quota/oversubscribed", quotaLabels,
			fmt.Sprintf("clusters at maxNodes would need %d vCPUs, more than %s; they will not all reach their maximum (%s)",
				total, what, strings.Join(names, ", ")))
		for _, u := range counted {
			*d = d.WithRelated(k.pos(clusterLabels(u.w, u.c)...))
		}
	}
}

// sortedMap iterates a map in key order.
func sortedMap(m map[string]int) func(func(string, int) bool) {
	return func(yield func(string, int) bool) {
		for _, key := range sortedKeys(m) {
			if !yield(key, m[key]) {
				return
			}
		}
	}
}
