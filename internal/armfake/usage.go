package armfake

import (
	"net/http"
	"strings"

	"github.com/amlc-dev/amlc/internal/catalog"
)

// listUsages is Usages_List: the recorded eastus usages stand for every
// location, with the subscription of the request in their IDs, the
// Options.Usages overrides applied, and TotalClusters counting the
// computes the fake holds in the subscription and location besides the
// recorded ones. One page: the recorded response had no nextLink.
func (s *Server) listUsages(w http.ResponseWriter, r *http.Request, p params, _ []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.st.checkSubscription(p["sub"]); err != nil {
		writeError(w, err)
		return
	}
	loc := p["loc"]
	out := make([]usageEntry, 0, len(s.cat.usages)+len(s.opts.Usages))
	for _, u := range s.cat.usages {
		u.ID = withSubscription(u.ID, p["sub"])
		out = append(out, u)
	}
	for _, o := range s.opts.Usages {
		if o.Location != "" && !strings.EqualFold(o.Location, loc) {
			continue
		}
		i := findUsage(out, o)
		if i < 0 {
			out = append(out, newFamilyUsage(p["sub"], o))
			continue
		}
		out[i].Limit, out[i].CurrentValue = o.Limit, o.Current
	}
	for i := range out {
		if catalog.UsageKindOf(out[i].Type) == catalog.UsageTotalClusters {
			out[i].CurrentValue += int64(s.countComputes(p["sub"], loc))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"value": out})
}

// findUsage returns the index of the entry o overrides, or -1.
func findUsage(us []usageEntry, o UsageOverride) int {
	for i, u := range us {
		switch catalog.UsageKindOf(u.Type) {
		case catalog.UsageFamilyDedicated, catalog.UsageFamilyLowPriority:
			lowPri := catalog.UsageKindOf(u.Type) == catalog.UsageFamilyLowPriority
			if lowPri == o.LowPriority && catalog.SameFamily(u.Name.Value, o.Name) {
				return i
			}
		default:
			if strings.EqualFold(u.Name.Value, o.Name) {
				return i
			}
		}
	}
	return -1
}

// newFamilyUsage is an entry for a family the recording does not have.
func newFamilyUsage(sub string, o UsageOverride) usageEntry {
	kind, label := "dedicatedCores", "Dedicated"
	if o.LowPriority {
		kind, label = "lowPriorityCores", "LowPriority"
	}
	return usageEntry{
		Unit: "Count", CurrentValue: o.Current, Limit: o.Limit,
		Name: usageName{Value: o.Name, LocalizedValue: o.Name + " Cluster " + label + " vCPUs"},
		Type: "Microsoft.MachineLearningServices/vmFamily/" + kind + "/usages",
		ID:   "/subscriptions/" + sub + "/usages/" + o.Name,
	}
}

// withSubscription puts sub into a recorded /subscriptions/{id}/… ID.
func withSubscription(id, sub string) string {
	segs := strings.SplitN(id, "/", 4)
	if len(segs) < 3 || !strings.EqualFold(segs[1], "subscriptions") {
		return id
	}
	segs[2] = sub
	return strings.Join(segs, "/")
}

// countComputes counts the computes in a subscription and location.
func (s *Server) countComputes(sub, loc string) int {
	n := 0
	for _, rec := range s.st.computes {
		if strings.EqualFold(rec.c.Subscription, sub) && strings.EqualFold(rec.c.ComputeLocation, loc) {
			n++
		}
	}
	return n
}

// listVMSizes is VirtualMachineSizes_List: the recorded eastus list, for
// every location ("Pagination is not supported" [SW]).
func (s *Server) listVMSizes(w http.ResponseWriter, r *http.Request, p params, _ []byte) {
	s.mu.Lock()
	err := s.st.checkSubscription(p["sub"])
	s.mu.Unlock()
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"value": s.cat.vmSizes})
}
