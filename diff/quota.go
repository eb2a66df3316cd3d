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
	draws func(c *schema.Cluster, s catalog.Size) bool
}

func buckets(q *schema.Quota) []quotaBucket {
	var bs []quotaBucket
	for _, fam := range slices.Sorted(maps.Keys(q.Families)) {
		bs = append(bs, quotaBucket{fmt.Sprintf("the %s quota of %d dedicated vCPUs", fam, q.Families[fam]), q.Families[fam],
			func(c *schema.Cluster, s catalog.Size) bool {
				return c.Priority != schema.LowPriority && catalog.SameFamily(s.Family, fam)
			}})
	}
	if q.DedicatedTotal != nil {
		bs = append(bs, quotaBucket{fmt.Sprintf("the regional quota of %d dedicated vCPUs", *q.DedicatedTotal), *q.DedicatedTotal,
			func(c *schema.Cluster, _ catalog.Size) bool { return c.Priority != schema.LowPriority }})
	}
	if q.LowPriority != nil {
		bs = append(bs, quotaBucket{fmt.Sprintf("the regional quota of %d low-priority vCPUs", *q.LowPriority), *q.LowPriority,
			func(c *schema.Cluster, _ catalog.Size) bool { return c.Priority == schema.LowPriority }})
	}
	return bs
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
	var ws []Warning
	for qi := range quotas {
		q := &quotas[qi]
		in := func(e entry) (catalog.Size, bool) {
			if !strings.EqualFold(e.ws.Subscription, q.Subscription) || !strings.EqualFold(catalog.NormRegion(e.c.Location), catalog.NormRegion(q.Region)) {
				return catalog.Size{}, false
			}
			return catalog.Default().Lookup(e.c.VMSize)
		}
		for _, b := range buckets(q) {
			final, meantime := 0, 0
			var leaving []string
			for _, e := range desired {
				if s, ok := in(e); ok && b.draws(e.c, s) {
					final += e.c.MaxNodes * s.VCPUs
				}
			}
			for addr, act := range action {
				de, inD := desired[addr]
				be, inB := base[addr]
				switch act {
				case Delete, Replace:
					if s, ok := in(be); inB && ok && b.draws(be.c, s) {
						meantime += be.c.MaxNodes * s.VCPUs
						leaving = append(leaving, addr)
					}
				case Update, NoOp:
					if !inD {
						continue
					}
					n := de.c.MaxNodes
					if inB && be.c.MaxNodes > n {
						n = be.c.MaxNodes
					}
					if s, ok := in(de); ok && b.draws(de.c, s) {
						meantime += n * s.VCPUs
					}
				}
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
