package azure

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/amlc-dev/amlc/diff"
	"github.com/amlc-dev/amlc/internal/specjson"
	"github.com/amlc-dev/amlc/schema"
)

// The warning codes a live plan adds to those of package diff.
const (
	CodeUnmanaged  = "live/unmanaged"
	CodeFailed     = "live/failed"
	CodeNotManaged = "live/not-managed" // a property the spec cannot express (Unmanaged)
)

// LivePlan is a plan against the live clusters: the plan of package diff
// and what it was derived from, so that a saved plan can be derived again
// and checked before it is applied (internal/planfile): under "observed"
// the state of Azure it was made against, under "desired" the specs, in
// the spec language. Its JSON form is the plan's with these two more keys.
type LivePlan struct {
	diff.Plan
	Observed ObservedInfo `json:"observed"`
	// Desired is the desired spec as specjson writes it.
	Desired json.RawMessage `json:"desired"`
}

// ObservedInfo is what a live plan was made against.
type ObservedInfo struct {
	// Fingerprint is Observation.Fingerprint at planning time.
	Fingerprint string `json:"fingerprint"`
	// Endpoint is the ARM endpoint observed.
	Endpoint string `json:"endpoint"`
	// Workspaces are those of the specs; apply observes them again.
	Workspaces []WorkspaceRef `json:"workspaces"`
	// Prune says that clusters not in the specs were planned as deletes.
	Prune bool `json:"prune,omitempty"`
	// Unmanaged lists the clusters in the workspaces that no spec
	// declares (deletes when Prune is set, left alone otherwise).
	Unmanaged []string `json:"unmanaged,omitempty"`
	// Failed lists the declared clusters whose provisioning failed in
	// Azure. One that differs from its spec is planned as usual (a failed
	// update is tried again); one that does not is replaced, because
	// nothing else brings it back.
	Failed []string `json:"failed,omitempty"`
	// Computes are the computes observed in each workspace: every
	// cluster in its observed form (ObservedForm), and the names and types
	// of the other computes. Fingerprint is their digest.
	Computes []ObservedComputes `json:"computes"`
}

// ObservedComputes are the computes of one observed workspace.
type ObservedComputes struct {
	// Workspace is the workspace's ARM ID.
	Workspace string `json:"workspace"`
	// Clusters are the AmlCompute clusters, in observed form, by name.
	Clusters []map[string]any `json:"clusters"`
	// Others maps the name of every compute of another type to its type.
	Others map[string]string `json:"others,omitempty"`
}

// recordObservation is the observation as a plan records it.
func recordObservation(obs *Observation) []ObservedComputes {
	out := make([]ObservedComputes, 0, len(obs.Workspaces))
	for _, w := range obs.Workspaces {
		oc := ObservedComputes{Workspace: w.Ref.ID(), Clusters: make([]map[string]any, 0, len(w.Clusters))}
		for _, c := range w.Clusters {
			oc.Clusters = append(oc.Clusters, c.Resource)
		}
		if len(w.Others) > 0 {
			oc.Others = w.Others
		}
		out = append(out, oc)
	}
	return out
}

// Observation rebuilds the observation a plan recorded: each recorded
// cluster read as Observe reads a compute of a list, and each workspace
// under the first key (in key order) of Workspaces that names it, as
// Observe keys it. A recorded workspace that is not one of Workspaces, or
// one of Workspaces without a record, is an error.
func (info *ObservedInfo) Observation() (*Observation, error) {
	refs := map[string]WorkspaceRef{}
	for _, r := range info.Workspaces {
		if _, ok := refs[r.id()]; !ok {
			refs[r.id()] = r
		}
	}
	obs := &Observation{}
	seen := map[string]bool{}
	for _, rec := range info.Computes {
		id := strings.ToLower(rec.Workspace)
		ref, ok := refs[id]
		if !ok {
			return nil, fmt.Errorf("the plan records the computes of %s, which is not one of its workspaces", rec.Workspace)
		}
		if seen[id] {
			return nil, fmt.Errorf("the plan records the computes of %s twice", rec.Workspace)
		}
		seen[id] = true
		ow := ObservedWorkspace{Ref: ref, Others: map[string]string{}}
		for name, typ := range rec.Others {
			ow.Others[name] = typ
		}
		for _, form := range rec.Clusters {
			data, err := json.Marshal(form)
			if err != nil {
				return nil, err
			}
			oc, typ, err := observeItem(data)
			switch {
			case err != nil:
				return nil, fmt.Errorf("the plan's computes of %s: %v", rec.Workspace, err)
			case typ != "":
				return nil, fmt.Errorf("the plan's computes of %s: %s is recorded as a cluster but is a %s", rec.Workspace, oc.Cluster.Name, typ)
			}
			ow.Clusters = append(ow.Clusters, oc)
		}
		obs.Workspaces = append(obs.Workspaces, ow)
	}
	for id, r := range refs {
		if !seen[id] {
			return nil, fmt.Errorf("the plan records no computes of workspace %s", r.Key)
		}
	}
	slices.SortFunc(obs.Workspaces, func(a, b ObservedWorkspace) int { return strings.Compare(a.Ref.id(), b.Ref.id()) })
	return obs, nil
}

// NameTakenError says that a cluster of the specs has the name of a
// compute of another type in its workspace: creating it would overwrite
// that compute.
type NameTakenError struct {
	Taken []string // "address (type)"
}

func (e *NameTakenError) Error() string {
	return "the name of a compute of another type is taken by a cluster of the specs; creating it would overwrite that compute: " + strings.Join(e.Taken, ", ")
}

// PlanLive plans the changes from the observed clusters to the desired
// specs. The base of the plan holds, per workspace key, the observed
// clusters the key declares (with [diff.Unobserved] for the secrets Azure
// never returns and the desired largeScale, which has no Azure property)
// and, with prune, the clusters no key of the same Azure workspace
// declares, which are then deletes; without prune they are warned about
// and left alone.
func PlanLive(desired *schema.Spec, obs *Observation, endpoint string, prune bool) (*LivePlan, error) {
	return PlanLiveWith(desired, obs, endpoint, prune, diff.Options{})
}

// PlanLiveWith is PlanLive with the differ's options (other prices).
func PlanLiveWith(desired *schema.Spec, obs *Observation, endpoint string, prune bool, opts diff.Options) (*LivePlan, error) {
	byID := map[string]*ObservedWorkspace{}
	for i := range obs.Workspaces {
		byID[obs.Workspaces[i].Ref.id()] = &obs.Workspaces[i]
	}
	// Which names each Azure workspace's keys declare, and the first key.
	declared := map[string]map[string]bool{}
	firstKey := map[string]string{}
	for _, w := range desired.Workspaces {
		id := refOf(&w).id()
		if declared[id] == nil {
			declared[id] = map[string]bool{}
		}
		for _, c := range w.Clusters {
			declared[id][strings.ToLower(c.Name)] = true
		}
		if k, ok := firstKey[id]; !ok || w.Key < k {
			firstKey[id] = w.Key
		}
	}

	base := &schema.Spec{}
	info := ObservedInfo{Fingerprint: obs.Fingerprint(), Endpoint: endpoint, Workspaces: Refs(desired), Prune: prune,
		Computes: recordObservation(obs)}
	desiredJSON, err := specjson.Encode(desired)
	if err != nil {
		return nil, err
	}
	var warnings []diff.Warning
	taken := &NameTakenError{}
	for _, w := range desired.Workspaces {
		id := refOf(&w).id()
		ow := byID[id]
		if ow == nil {
			return nil, fmt.Errorf("workspace %s was not observed", w.Key)
		}
		bw := w
		bw.Clusters = nil
		want := map[string]*schema.Cluster{}
		for i := range w.Clusters {
			want[strings.ToLower(w.Clusters[i].Name)] = &w.Clusters[i]
		}
		for name, typ := range ow.Others {
			if _, ok := want[strings.ToLower(name)]; ok {
				taken.Taken = append(taken.Taken, fmt.Sprintf("%s/%s (%s)", w.Key, name, typ))
			}
		}
		for _, oc := range ow.Clusters {
			d, mine := want[strings.ToLower(oc.Cluster.Name)]
			addr := w.Key + "/" + oc.Cluster.Name
			switch {
			case mine && oc.Failed():
				info.Failed = append(info.Failed, schema.Address(&w, d))
				bw.Clusters = append(bw.Clusters, baseCluster(oc.Cluster, d))
				warnings = append(warnings, notManaged(schema.Address(&w, d), oc.Unmanaged)...)
			case mine:
				bw.Clusters = append(bw.Clusters, baseCluster(oc.Cluster, d))
				warnings = append(warnings, notManaged(schema.Address(&w, d), oc.Unmanaged)...)
			case declared[id][strings.ToLower(oc.Cluster.Name)] || firstKey[id] != w.Key:
				// Another key of the same Azure workspace declares it, or
				// that key reports it.
			case prune:
				info.Unmanaged = append(info.Unmanaged, addr)
				bw.Clusters = append(bw.Clusters, oc.Cluster)
			default:
				info.Unmanaged = append(info.Unmanaged, addr)
				warnings = append(warnings, diff.Warning{Address: addr, Code: CodeUnmanaged,
					Message: "the cluster is in Azure but not in the specs; it is left alone (amlc diff/apply --live --prune would delete it)"})
			}
		}
		base.Workspaces = append(base.Workspaces, bw)
	}
	if len(taken.Taken) > 0 {
		slices.Sort(taken.Taken)
		return nil, taken
	}
	// The computes as observed, for the re-PUTs of identity and tags
	// changes, by workspace key and name.
	resources := map[string]map[string]any{}
	for _, w := range desired.Workspaces {
		for _, oc := range byID[refOf(&w).id()].Clusters {
			resources[w.Key+"/"+strings.ToLower(oc.Cluster.Name)] = oc.Resource
		}
	}
	opts.Resource = func(ws *schema.Workspace, c *schema.Cluster) map[string]any {
		return resources[ws.Key+"/"+strings.ToLower(c.Name)]
	}
	p := diff.ComputeWith(desired, base, opts)
	if len(info.Failed) > 0 {
		ws, err := replaceFailed(p, desired, base, info.Failed)
		if err != nil {
			return nil, err
		}
		warnings = append(warnings, ws...)
	}
	p.Warnings = append(p.Warnings, warnings...)
	slices.SortStableFunc(p.Warnings, func(x, y diff.Warning) int {
		return cmp.Or(strings.Compare(x.Address, y.Address), strings.Compare(x.Code, y.Code), strings.Compare(x.Message, y.Message))
	})
	if err := refuseLegacyReplace(p); err != nil {
		return nil, err
	}
	slices.Sort(info.Unmanaged)
	slices.Sort(info.Failed)
	return &LivePlan{Plan: *p, Observed: info, Desired: desiredJSON}, nil
}

// replaceFailed turns the no-op of each failed cluster into a
// replacement: a DELETE, then the create the planner gives for it, as it
// would plan any replacement. Apply carries it out only with
// --allow-replace.
func replaceFailed(p *diff.Plan, desired, base *schema.Spec, failed []string) ([]diff.Warning, error) {
	isFailed := map[string]bool{}
	for _, a := range failed {
		isFailed[a] = true
	}
	// The creates of the failed clusters: plan them against a base without them.
	without := &schema.Spec{}
	for _, w := range base.Workspaces {
		bw := w
		bw.Clusters = nil
		for _, c := range w.Clusters {
			if !isFailed[schema.Address(&w, &c)] {
				bw.Clusters = append(bw.Clusters, c)
			}
		}
		without.Workspaces = append(without.Workspaces, bw)
	}
	creates := map[string]diff.Change{}
	for _, ch := range diff.Compute(desired, without).Changes {
		if isFailed[ch.Address] && ch.Action == diff.Create {
			creates[ch.Address] = ch
		}
	}
	var warnings []diff.Warning
	for i := range p.Changes {
		ch := &p.Changes[i]
		if !isFailed[ch.Address] {
			continue
		}
		if ch.Action != diff.NoOp {
			warnings = append(warnings, diff.Warning{Address: ch.Address, Code: CodeFailed,
				Message: "the cluster's provisioning failed in Azure; the planned " + string(ch.Action) + " is its repair, and if it fails too, plan again: a failed cluster that matches its spec is replaced"})
			continue
		}
		cr, ok := creates[ch.Address]
		if !ok || len(cr.Requests) == 0 {
			return nil, fmt.Errorf("%s: cannot plan the replacement of the failed cluster", ch.Address)
		}
		key, name, _ := strings.Cut(ch.Address, "/")
		var ws *schema.Workspace
		for j := range base.Workspaces {
			if base.Workspaces[j].Key == key {
				ws = &base.Workspaces[j]
			}
		}
		if ws == nil {
			return nil, fmt.Errorf("%s: no workspace", ch.Address)
		}
		del := diff.Request{Method: "DELETE", Path: computePath{ws.Subscription, ws.ResourceGroup, ws.Name, name}.id() +
			"?api-version=" + diff.ComputeAPIVersion + "&underlyingResourceAction=Delete"}
		ch.Action = diff.Replace
		ch.Reasons = append(ch.Reasons, "the cluster's provisioning failed in Azure; it is deleted and created again")
		ch.Requests = append([]diff.Request{del}, cr.Requests...)
		warnings = append(warnings, diff.Warning{Address: ch.Address, Code: CodeFailed,
			Message: "the cluster exists in Azure but its provisioning failed; replacing it deletes it and creates it again"})
	}
	return warnings, nil
}

// baseCluster is an observed cluster as the base of a plan against the
// desired cluster d: what Azure never returns is taken as unobserved, and
// largeScale, which has no Azure property, as desired.
func baseCluster(obs schema.Cluster, d *schema.Cluster) schema.Cluster {
	b := obs
	b.LargeScale = d.LargeScale
	if b.SSH != nil && d.SSH != nil {
		s := *b.SSH
		if s.PublicKey == "" && d.SSH.PublicKey != "" {
			s.PublicKey = diff.Unobserved
		}
		if d.SSH.PasswordSecret != "" && s.AdminUser != "" {
			s.PasswordSecret = diff.Unobserved
		}
		b.SSH = &s
	}
	return b
}

func refOf(w *schema.Workspace) WorkspaceRef {
	return WorkspaceRef{Key: w.Key, Subscription: w.Subscription, ResourceGroup: w.ResourceGroup, Name: w.Name, Location: w.Location}
}

// WriteJSON writes the live plan as JSON, as diff.RenderJSON writes a
// plan, with the "observed" key added.
func (p *LivePlan) WriteJSON(w io.Writer) error {
	out := *p
	if out.Changes == nil {
		out.Changes = []diff.Change{}
	}
	out.Generator = diff.Generator
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(&out)
}

// ReadPlan reads a plan saved by `amlc diff --live --out`.
func ReadPlan(data []byte) (*LivePlan, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("not a plan: %v", err)
	}
	if _, ok := raw["observed"]; !ok {
		return nil, errors.New(`the plan has no "observed" state: apply needs a plan made with amlc diff --live --out`)
	}
	if _, ok := raw["desired"]; !ok {
		return nil, errors.New(`the plan has no "desired" clusters, which apply derives it from: plan again with amlc diff --live --out`)
	}
	var p LivePlan
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("not a plan: %v", err)
	}
	if p.FormatVersion != diff.FormatVersion {
		return nil, fmt.Errorf("plan format version %q is not %q", p.FormatVersion, diff.FormatVersion)
	}
	if p.Observed.Fingerprint == "" || len(p.Observed.Workspaces) == 0 {
		return nil, errors.New("the plan's observed state has no fingerprint or no workspaces")
	}
	for _, c := range p.Changes {
		if !c.Action.Valid() {
			return nil, fmt.Errorf("the plan holds an unknown action %q for %s", c.Action, c.Address)
		}
	}
	return &p, nil
}
