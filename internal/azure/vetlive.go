package azure

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"

	"github.com/amlc-dev/amlc/internal/catalog"
	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/schema"
)

// Facts are what `amlc vet --live` reads from Azure for the specs.
type Facts struct {
	// Catalogs maps a region (lower case, no spaces) to its live VM-size
	// list.
	Catalogs map[string]*catalog.Catalog
	// Usages maps subscription and region (usageKey) to Usages_List.
	Usages map[string][]catalog.Usage
	// Locks maps a workspace key to the locks on its resource group.
	Locks map[string][]Lock
	// IsolationModes maps a workspace key to its managed network's
	// isolation mode ("Disabled" when the workspace has none), read only
	// for workspaces with a cluster whose network depends on it (see
	// needsNetwork).
	IsolationModes map[string]string
}

// The isolation mode of a workspace without a managed virtual network
// (the swagger's ManagedNetworkSettings.isolationMode: Disabled,
// AllowInternetOutbound or AllowOnlyApprovedOutbound).
const isolationDisabled = "Disabled"

// needsNetwork reports whether a cluster's validity depends on the
// workspace's managed virtual network: nodes without public IPs and
// without a subnet (valid only in one), or a region other than the
// workspace's (not supported in one). Both from
// how-to-managed-network-compute.md (ms.date 2025-01-30,
// MicrosoftDocs/azure-ai-docs 1b1c4f19).
func needsNetwork(w *schema.Workspace, c *schema.Cluster) bool {
	private := c.Network != nil && !c.Network.NodePublicIP && c.Network.Subnet == ""
	return private || !catalog.SameRegion(region(w, c), w.Location)
}

// Lock is a management lock on a resource group.
type Lock struct {
	Name, Level, Notes string
}

func usageKey(sub, region string) string {
	return strings.ToLower(sub) + "|" + catalog.NormRegion(region)
}

// region is a cluster's region.
func region(w *schema.Workspace, c *schema.Cluster) string {
	return catalog.NormRegion(cmp.Or(c.Location, w.Location))
}

// GatherFacts reads, concurrently, the VM sizes of every region of the
// specs (through the first subscription, in order, that has a cluster
// there), the usages of every subscription and region, and the locks on
// every workspace's resource group.
func (c *Client) GatherFacts(ctx context.Context, spec *schema.Spec) (*Facts, error) {
	f := &Facts{Catalogs: map[string]*catalog.Catalog{}, Usages: map[string][]catalog.Usage{}, Locks: map[string][]Lock{}, IsolationModes: map[string]string{}}
	networkAt := map[string]schema.Workspace{} // key → workspace
	sizeSub := map[string]string{}             // region → subscription
	usageAt := map[string][2]string{}          // usageKey → sub, region
	lockAt := map[string]schema.Workspace{}    // key → workspace
	for _, w := range spec.Workspaces {
		lockAt[w.Key] = w
		for i := range w.Clusters {
			r := region(&w, &w.Clusters[i])
			if s, ok := sizeSub[r]; !ok || strings.ToLower(w.Subscription) < strings.ToLower(s) {
				sizeSub[r] = w.Subscription
			}
			usageAt[usageKey(w.Subscription, r)] = [2]string{w.Subscription, r}
			if needsNetwork(&w, &w.Clusters[i]) {
				networkAt[w.Key] = w
			}
		}
	}
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		errs []error
	)
	run := func(f func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := c.withSlot(ctx, f)
			if err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	for r, sub := range sizeSub {
		run(func() error {
			cat, err := c.liveCatalog(ctx, sub, r)
			if err != nil {
				return fmt.Errorf("VM sizes of %s: %s", r, Describe(err))
			}
			mu.Lock()
			f.Catalogs[r] = cat
			mu.Unlock()
			return nil
		})
	}
	for k, at := range usageAt {
		run(func() error {
			us, err := c.liveUsages(ctx, at[0], at[1])
			if err != nil {
				return fmt.Errorf("usages of subscription %s in %s: %s", at[0], at[1], Describe(err))
			}
			mu.Lock()
			f.Usages[k] = us
			mu.Unlock()
			return nil
		})
	}
	for key, w := range lockAt {
		run(func() error {
			ls, err := c.liveLocks(ctx, w.Subscription, w.ResourceGroup)
			if err != nil {
				return fmt.Errorf("locks on resource group %s: %s", w.ResourceGroup, Describe(err))
			}
			mu.Lock()
			f.Locks[key] = ls
			mu.Unlock()
			return nil
		})
	}
	for key, w := range networkAt {
		run(func() error {
			mode, err := c.liveIsolationMode(ctx, w.Subscription, w.ResourceGroup, w.Name)
			if err != nil {
				return fmt.Errorf("workspace %s: %s", w.Name, Describe(err))
			}
			mu.Lock()
			f.IsolationModes[key] = mode
			mu.Unlock()
			return nil
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
		return nil, errors.Join(errs...)
	}
	return f, nil
}

// liveCatalog reads a region's VirtualMachineSizes_List into a catalog.
func (c *Client) liveCatalog(ctx context.Context, sub, region string) (*catalog.Catalog, error) {
	sc, err := c.sizesClient(sub)
	if err != nil {
		return nil, err
	}
	resp, err := sc.List(ctx, region, nil)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(struct {
		Value []*armmachinelearning.VirtualMachineSize `json:"value"`
	}{resp.Value})
	if err != nil {
		return nil, err
	}
	return catalog.Parse(data, "live: VirtualMachineSizes_List, "+region, region)
}

// liveIsolationMode reads the workspace's
// properties.managedNetwork.isolationMode; a workspace without the
// property has no managed virtual network ("Disabled").
func (c *Client) liveIsolationMode(ctx context.Context, sub, rg, name string) (string, error) {
	wc, err := c.workspacesClient(sub)
	if err != nil {
		return "", err
	}
	resp, err := wc.Get(ctx, rg, name, nil)
	if err != nil {
		return "", err
	}
	if p := resp.Properties; p != nil && p.ManagedNetwork != nil && p.ManagedNetwork.IsolationMode != nil {
		return cmp.Or(string(*p.ManagedNetwork.IsolationMode), isolationDisabled), nil
	}
	return isolationDisabled, nil
}

func (c *Client) liveUsages(ctx context.Context, sub, region string) ([]catalog.Usage, error) {
	uc, err := c.usagesClient(sub)
	if err != nil {
		return nil, err
	}
	var out []catalog.Usage
	pager := uc.NewListPager(region, nil)
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, u := range page.Value {
			if u == nil || u.Name == nil || u.Name.Value == nil {
				continue
			}
			out = append(out, catalog.Usage{Name: *u.Name.Value, Type: str(u.Type), Unit: str(u.Unit), Current: val(u.CurrentValue), Limit: val(u.Limit)})
		}
	}
	return out, nil
}

func (c *Client) liveLocks(ctx context.Context, sub, rg string) ([]Lock, error) {
	lc, err := c.locksClient(sub)
	if err != nil {
		return nil, err
	}
	var out []Lock
	pager := lc.NewListAtResourceGroupLevelPager(rg, nil)
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, l := range page.Value {
			if l == nil {
				continue
			}
			lk := Lock{Name: str(l.Name)}
			if l.Properties != nil {
				lk.Level, lk.Notes = str(l.Properties.Level), str(l.Properties.Notes)
			}
			out = append(out, lk)
		}
	}
	slices.SortFunc(out, func(a, b Lock) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// Finding is a live finding about a cluster field ("vmSize", "minNodes")
// or, when Cluster is empty, a workspace field ("resourceGroup").
type Finding struct {
	Severity  diag.Severity
	Code      string
	Summary   string
	Detail    string
	Workspace string // key
	Cluster   string
	Field     string
	// Related are other clusters ("key/name") that take part.
	Related []string
}

// The codes of live findings besides those of the offline quota checks.
const CodeLock = "live/lock"

// LiveFindings checks the specs against the live quotas and locks: a
// cluster whose one node, or whose minNodes, does not fit a quota's limit
// is an error; clusters whose maxNodes together, with the usage already
// counted, exceed a limit are a warning (existing clusters' nodes may be
// counted twice, so this is advice); a lock on a workspace's resource
// group is a warning, because it blocks scaling. Sizes the live list of
// the region does not know are left to the size check.
func LiveFindings(spec *schema.Spec, f *Facts) []Finding {
	var out []Finding
	type use struct {
		w    *schema.Workspace
		c    *schema.Cluster
		size catalog.Size
	}
	groups := map[string][]use{}
	var keys []string
	for i := range spec.Workspaces {
		w := &spec.Workspaces[i]
		for j := range w.Clusters {
			c := &w.Clusters[j]
			r := region(w, c)
			cat := f.Catalogs[r]
			if cat == nil {
				continue
			}
			size, ok := cat.Lookup(c.VMSize)
			if !ok {
				continue
			}
			k := usageKey(w.Subscription, r)
			if groups[k] == nil {
				keys = append(keys, k)
			}
			groups[k] = append(groups[k], use{w, c, size})
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		uses := groups[k]
		usages := f.Usages[k]
		region := uses[0].c.Location
		if region == "" {
			region = uses[0].w.Location
		}
		check := func(u catalog.Usage, what string, draws func(use) bool) {
			if u.Limit < 0 {
				return
			}
			limit, current := int(u.Limit), int(u.Current)
			total := 0
			impossible := false
			var counted []use
			for _, x := range uses {
				if !draws(x) {
					continue
				}
				v := x.size.VCPUs
				switch {
				case v > limit:
					impossible = true
					out = append(out, Finding{Severity: diag.Error, Code: "quota/node-too-large", Workspace: x.w.Key, Cluster: x.c.Name, Field: "vmSize",
						Summary: fmt.Sprintf("one %s node needs %d vCPUs, more than %s in %s allows (%d, live); the cluster can never start a node", x.size.Name, v, what, region, limit)})
				case x.c.MinNodes*v > limit:
					impossible = true
					out = append(out, Finding{Severity: diag.Error, Code: "quota/node-too-large", Workspace: x.w.Key, Cluster: x.c.Name, Field: "minNodes",
						Summary: fmt.Sprintf("minNodes %d × %d vCPUs (%s) = %d vCPUs, more than %s in %s allows (%d, live)", x.c.MinNodes, v, x.size.Name, x.c.MinNodes*v, what, region, limit)})
				}
				total += x.c.MaxNodes * v
				counted = append(counted, x)
			}
			if impossible || len(counted) == 0 || total+current <= limit {
				return
			}
			names := make([]string, len(counted))
			for i, x := range counted {
				names[i] = schema.Address(x.w, x.c)
			}
			out = append(out, Finding{Severity: diag.Warning, Code: "quota/oversubscribed", Workspace: counted[0].w.Key, Cluster: counted[0].c.Name, Field: "maxNodes",
				Summary: fmt.Sprintf("clusters at maxNodes would need %d vCPUs, but %s in %s has %d of %d left (live); they will not all reach their maximum (%s)",
					total, what, region, max(limit-current, 0), limit, strings.Join(names, ", ")),
				Detail:  "Usage already counted may include nodes of these clusters, if they exist.",
				Related: names[1:]})
		}
		families := map[string]string{}
		for _, x := range uses {
			if x.c.Priority != schema.LowPriority {
				families[catalog.FamilyKey(x.size.Family)] = x.size.Family
			}
		}
		for _, fk := range slices.Sorted(maps.Keys(families)) {
			fam := families[fk]
			if u, ok := catalog.FindUsage(usages, catalog.UsageFamilyDedicated, fam); ok {
				check(u, "the "+fam+" quota of dedicated vCPUs", func(x use) bool {
					return x.c.Priority != schema.LowPriority && catalog.SameFamily(x.size.Family, fam)
				})
			}
		}
		if u, ok := catalog.FindUsage(usages, catalog.UsageTotalDedicated, ""); ok {
			check(u, "the regional quota of dedicated vCPUs", func(x use) bool { return x.c.Priority != schema.LowPriority })
		}
		if u, ok := catalog.FindUsage(usages, catalog.UsageTotalLowPriority, ""); ok {
			check(u, "the regional quota of low-priority vCPUs", func(x use) bool { return x.c.Priority == schema.LowPriority })
		}
	}
	out = append(out, networkFindings(spec, f)...)
	for i := range spec.Workspaces {
		w := &spec.Workspaces[i]
		for _, l := range f.Locks[w.Key] {
			out = append(out, Finding{Severity: diag.Warning, Code: CodeLock, Workspace: w.Key, Field: "resourceGroup",
				Summary: fmt.Sprintf("resource group %s has a %s lock %q: locks block scaling, creating and deleting clusters (a cluster stays \"resizing 0 → 0\")", w.ResourceGroup, cmp.Or(l.Level, "management"), l.Name),
				Detail:  "Azure ML asks not to lock the workspace's resource group; remove the lock, or lock individual resources instead."})
		}
	}
	return out
}

// The codes of the live network findings.
const (
	CodePrivateNeedsSubnet = "network/private-needs-subnet"
	CodeManagedVNetRegion  = "network/managed-vnet-region"
)

// networkFindings checks the clusters whose validity depends on the
// workspace's managed virtual network against its isolation mode (see
// needsNetwork): nodes without public IPs and without a subnet fail in a
// workspace without one; a cluster in another region fails in a workspace
// with one. Workspaces whose mode was not read get no finding here; the
// offline warning stays.
func networkFindings(spec *schema.Spec, f *Facts) []Finding {
	var out []Finding
	for i := range spec.Workspaces {
		w := &spec.Workspaces[i]
		mode, ok := f.IsolationModes[w.Key]
		if !ok {
			continue
		}
		managed := !strings.EqualFold(mode, isolationDisabled)
		for j := range w.Clusters {
			c := &w.Clusters[j]
			if n := c.Network; n != nil && !n.NodePublicIP && n.Subnet == "" && !managed {
				out = append(out, Finding{Severity: diag.Error, Code: CodePrivateNeedsSubnet, Workspace: w.Key, Cluster: c.Name, Field: "network.nodePublicIp",
					Summary: fmt.Sprintf("nodePublicIp: false without a subnet, but workspace %s has no managed virtual network (isolation mode %s, live): the nodes would have no way to reach Azure", w.Name, mode),
					Detail:  "Give network.subnet, a subnet of your virtual network, or enable the workspace's managed virtual network (AllowInternetOutbound or AllowOnlyApprovedOutbound)."})
			}
			if managed && !catalog.SameRegion(region(w, c), w.Location) {
				out = append(out, Finding{Severity: diag.Error, Code: CodeManagedVNetRegion, Workspace: w.Key, Cluster: c.Name, Field: "location",
					Summary: fmt.Sprintf("the cluster is in %s, not in %s, the region of workspace %s, which has a managed virtual network (isolation mode %s, live); Azure does not support a cluster in another region there", c.Location, w.Location, w.Name, mode)})
			}
		}
	}
	return out
}
