package diff

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/amlc-dev/amlc/internal/catalog"
	"github.com/amlc-dev/amlc/schema"
)

// CodeQuotaMeantime warns that a plan's final state fits a quota but the
// way there may not: amlc apply runs updates and deletes together and
// creates last, so until a delete (or the delete of a replacement) has
// finished, the cluster being deleted still holds its quota while other
// clusters scale up.
const CodeQuotaMeantime = "plan/quota-meantime"

// quotaBucket is one quota a cluster draws on: a family's dedicated vCPUs,
// the regional dedicated total, or the regional low-priority total.
type quotaBucket struct {
	what  string
	limit int
	draws func(d *drawer) bool
}

func buckets(q *schema.Quota) []quotaBucket {
	var bs []quotaBucket
	for _, fam := range slices.Sorted(maps.Keys(q.Families)) {
		key := catalog.FamilyKey(fam)
		bs = append(bs, quotaBucket{fmt.Sprintf("the %s quota of %d dedicated vCPUs", fam, q.Families[fam]), q.Families[fam],
			func(d *drawer) bool {
				return d.c.Priority != schema.LowPriority && key != "" && d.family == key
			}})
	}
	if q.DedicatedTotal != nil {
		bs = append(bs, quotaBucket{fmt.Sprintf("the regional quota of %d dedicated vCPUs", *q.DedicatedTotal), *q.DedicatedTotal,
			func(d *drawer) bool { return d.c.Priority != schema.LowPriority }})
	}
	if q.LowPriority != nil {
		bs = append(bs, quotaBucket{fmt.Sprintf("the regional quota of %d low-priority vCPUs", *q.LowPriority), *q.LowPriority,
			func(d *drawer) bool { return d.c.Priority == schema.LowPriority }})
	}
	return bs
}

// drawer is a cluster that draws on the quotas of its subscription and
// region, with its size looked up once.
type drawer struct {
	c      *schema.Cluster
	vcpus  int
	family string // catalog.FamilyKey of the size's family
}

// drawers returns the clusters of entries whose size the embedded catalog
// knows, by address, grouped by lower-case subscription and normalised
// region.
func drawers(entries map[string]entry) map[[2]string]map[string]*drawer {
	type sizeInfo struct {
		vcpus  int
		family string
		ok     bool
	}
	sizes := map[string]sizeInfo{} // by VM size as written
	regions := map[string]string{} // normalised, by location as written
	out := map[[2]string]map[string]*drawer{}
	for addr, e := range entries {
		si, seen := sizes[e.c.VMSize]
		if !seen {
			s, ok := catalog.Default().Lookup(e.c.VMSize)
			si = sizeInfo{s.VCPUs, catalog.FamilyKey(s.Family), ok}
			sizes[e.c.VMSize] = si
		}
		if !si.ok {
			continue
		}
		region, seen := regions[e.c.Location]
		if !seen {
			region = catalog.NormRegion(e.c.Location)
			regions[e.c.Location] = region
		}
		k := [2]string{strings.ToLower(e.ws.Subscription), region}
		if out[k] == nil {
			out[k] = map[string]*drawer{}
		}
		out[k][addr] = &drawer{c: e.c, vcpus: si.vcpus, family: si.family}
	}
	return out
}

// quotaMeantime compares, for every quota in the desired specs, the vCPUs
// the clusters could need at maxNodes in the final state with those they
// could need while deletes are still running: the clusters being deleted
// or replaced as they were, the updated ones at the larger of their old
// and new maxNodes, the others as they are, and no creates yet. When only
// the meantime exceeds the quota, each delete or replace involved gets a
// warning. Sizes are looked up in the embedded catalog.
func quotaMeantime(desired, base map[string]entry, changes []Change, quotas []schema.Quota) []Warning {
	action := map[string]Action{}
	for _, c := range changes {
		action[c.Address] = c.Action
	}
	dd, bd := drawers(desired), drawers(base)
	var ws []Warning
	for qi := range quotas {
		q := &quotas[qi]
		k := [2]string{strings.ToLower(q.Subscription), catalog.NormRegion(q.Region)}
		inD, inB := dd[k], bd[k]
		for _, b := range buckets(q) {
			final, meantime := 0, 0
			var leaving []string
			for _, d := range inD {
				if b.draws(d) {
					final += d.c.MaxNodes * d.vcpus
				}
			}
			for addr, d := range inB {
				if act, ok := action[addr]; ok && (act == Delete || act == Replace) && b.draws(d) {
					meantime += d.c.MaxNodes * d.vcpus
					leaving = append(leaving, addr)
				}
			}
			for addr, d := range inD {
				if act, ok := action[addr]; !ok || (act != Update && act != NoOp) || !b.draws(d) {
					continue
				}
				n := d.c.MaxNodes
				if be, ok := base[addr]; ok && be.c.MaxNodes > n {
					n = be.c.MaxNodes
				}
				meantime += n * d.vcpus
			}
			if meantime <= b.limit || final > b.limit || len(leaving) == 0 {
				continue
			}
			slices.Sort(leaving)
			for _, addr := range leaving {
				ws = append(ws, Warning{Address: addr, Code: CodeQuotaMeantime, Message: fmt.Sprintf(
					"until this cluster's delete finishes it still holds its quota: with the other changes the clusters could need %d vCPUs at maxNodes, more than %s (%d once the plan is applied)",
					meantime, b.what, final)})
			}
		}
	}
	return ws
}
