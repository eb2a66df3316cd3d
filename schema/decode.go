package schema

import (
	"cmp"
	"slices"
	"strings"

	"cuelang.org/go/cue"

	"github.com/amlc-dev/amlc/internal/parallel"
)

// The raw shapes the schema's concrete values decode into. Optional fields
// are pointers so that "not given" stays distinguishable where it matters.
type rawWorkspace struct {
	Name          string `json:"name"`
	Subscription  string `json:"subscription"`
	ResourceGroup string `json:"resourceGroup"`
	Location      string `json:"location"`
	Budget        *struct {
		Monthly float64 `json:"monthly"`
	} `json:"budget"`
}

type rawCluster struct {
	VMSize      string            `json:"vmSize"`
	MaxNodes    int64             `json:"maxNodes"`
	MinNodes    int64             `json:"minNodes"`
	Idle        string            `json:"idleTimeBeforeScaleDown"`
	Priority    string            `json:"priority"`
	OSType      string            `json:"osType"`
	Location    string            `json:"location"`
	Description string            `json:"description"`
	Tags        map[string]string `json:"tags"`
	Identity    *struct {
		Type string   `json:"type"`
		IDs  []string `json:"ids"`
	} `json:"identity"`
	Network *struct {
		Subnet       string `json:"subnet"`
		NodePublicIP bool   `json:"nodePublicIp"`
	} `json:"network"`
	SSH *struct {
		AdminUser    string  `json:"adminUser"`
		PublicKey    *string `json:"publicKey"`
		Password     any     `json:"password"`
		PublicAccess string  `json:"publicAccess"`
	} `json:"ssh"`
	LocalAuth  bool `json:"localAuth"`
	LargeScale *struct {
		SupportTicket          string `json:"supportTicket"`
		InternodeCommunication bool   `json:"internodeCommunication"`
	} `json:"largeScale"`
	VirtualMachineImage *struct {
		ID string `json:"id"`
	} `json:"virtualMachineImage"`
	IsolatedNetwork bool `json:"isolatedNetwork"`
}

type rawQuota struct {
	Dedicated *struct {
		Total    *int           `json:"total"`
		Families map[string]int `json:"families"`
	} `json:"dedicated"`
	LowPriority *int `json:"lowPriority"`
	Clusters    *int `json:"clusters"`
}

// decoded is the model plus what the checks need that the model must not
// carry: where things are, and values that never leave this package.
type decoded struct {
	spec Spec
	// passwords holds the raw password value per cluster address, only to
	// tell a secret reference from a literal. It is never printed.
	passwords map[string]any
	// idle holds the idle time as written, per cluster address.
	idle map[string]string
	// src is the source of each workspace (pnode.src) by key, when Vets
	// share their checks of clusters (checkmemo.go).
	src map[string]any
}

// rawWorkspaceClusters is a workspace with its clusters.
type rawWorkspaceClusters struct {
	rawWorkspace
	Clusters map[string]rawCluster `json:"clusters"`
}

// decode validates every workspace of the user's configuration against
// #Workspace, one per goroutine on every core, and reads it into the model;
// tv is the configuration unified with #Top, for the quotas. It returns the
// validation errors, one per workspace that has any. A workspace with
// errors is read cluster by cluster, so that a cluster with a schema error
// is left out and the others are still checked. CUE values may be used
// concurrently (cue.Value's documentation, v0.17).
func (c *compiled) decode(uv, tv cue.Value) (*decoded, []error) {
	type job struct {
		key string
		v   cue.Value
		raw rawWorkspaceClusters
		err error
	}
	var jobs []*job
	for key, wv := range fields(uv.LookupPath(cue.MakePath(cue.Str("workspaces")))) {
		if k := wv.IncompleteKind(); k != cue.BottomKind && k&cue.StructKind == 0 {
			continue // not a struct: reported against #Top
		}
		jobs = append(jobs, &job{key: key, v: wv})
	}
	parallel.ForEach(len(jobs), func(i int) {
		j := jobs[i]
		v := j.v.Unify(c.workspace)
		if j.err = v.Validate(cue.Concrete(true)); j.err == nil && v.Decode(&j.raw) == nil {
			return
		}
		j.raw = decodeEach(v)
	})

	var errs []error
	ws := make([]keyedWorkspace, 0, len(jobs))
	for _, j := range jobs {
		if j.err != nil {
			errs = append(errs, j.err)
		}
		ws = append(ws, keyedWorkspace{j.key, j.raw})
	}
	var qs []keyedQuota
	for sub, sv := range fields(tv.LookupPath(cue.MakePath(cue.Str("quotas")))) {
		for region, rv := range fields(sv) {
			var rq rawQuota
			if rv.Decode(&rq) != nil {
				continue
			}
			qs = append(qs, keyedQuota{sub, region, rq})
		}
	}
	return assemble(ws, qs), errs
}

// keyedWorkspace is a decoded workspace and its key.
type keyedWorkspace struct {
	key string
	raw rawWorkspaceClusters
}

// keyedQuota is a decoded quota and where it applies.
type keyedQuota struct {
	sub, region string
	raw         rawQuota
}

// assemble makes the model of decoded workspaces and quotas, in key order.
func assemble(wss []keyedWorkspace, qs []keyedQuota) *decoded {
	out := &decoded{passwords: map[string]any{}, idle: map[string]string{}}
	for _, kw := range wss {
		rw := kw.raw
		ws := Workspace{Key: kw.key, Name: cmp.Or(rw.Name, kw.key), Subscription: rw.Subscription,
			ResourceGroup: rw.ResourceGroup, Location: rw.Location}
		if rw.Budget != nil {
			ws.Budget = &Budget{Monthly: rw.Budget.Monthly}
		}
		for name, rc := range rw.Clusters {
			cl := clusterFromRaw(name, &ws, &rc)
			addr := Address(&ws, &cl)
			out.idle[addr] = rc.Idle
			if rc.SSH != nil && rc.SSH.Password != nil {
				out.passwords[addr] = rc.SSH.Password
			}
			ws.Clusters = append(ws.Clusters, cl)
		}
		out.spec.Workspaces = append(out.spec.Workspaces, ws)
	}
	for _, kq := range qs {
		rq := kq.raw
		q := Quota{Subscription: kq.sub, Region: kq.region, LowPriority: rq.LowPriority, Clusters: rq.Clusters}
		if rq.Dedicated != nil {
			q.DedicatedTotal = rq.Dedicated.Total
			q.Families = rq.Dedicated.Families
		}
		out.spec.Quotas = append(out.spec.Quotas, q)
	}
	slices.SortFunc(out.spec.Workspaces, func(a, b Workspace) int { return strings.Compare(a.Key, b.Key) })
	for i := range out.spec.Workspaces {
		cs := out.spec.Workspaces[i].Clusters
		slices.SortFunc(cs, func(a, b Cluster) int { return strings.Compare(a.Name, b.Name) })
	}
	slices.SortFunc(out.spec.Quotas, func(a, b Quota) int {
		return cmp.Or(strings.Compare(a.Subscription, b.Subscription), strings.Compare(a.Region, b.Region))
	})
	return out
}

// decodeEach decodes what it can of a workspace with errors: its own
// fields and each valid cluster.
func decodeEach(wv cue.Value) rawWorkspaceClusters {
	w := rawWorkspaceClusters{
		rawWorkspace: rawWorkspace{
			Name:          stringField(wv, "name"),
			Subscription:  stringField(wv, "subscription"),
			ResourceGroup: stringField(wv, "resourceGroup"),
			Location:      stringField(wv, "location"),
		},
		Clusters: map[string]rawCluster{},
	}
	if bv := wv.LookupPath(cue.MakePath(cue.Str("budget"))); bv.Exists() && bv.Validate(cue.Concrete(true)) == nil {
		_ = bv.Decode(&w.Budget)
	}
	for name, cv := range fields(wv.LookupPath(cue.MakePath(cue.Str("clusters")))) {
		var rc rawCluster
		if cv.Validate(cue.Concrete(true)) != nil || cv.Decode(&rc) != nil {
			continue
		}
		w.Clusters[name] = rc
	}
	return w
}

// clusterFromRaw resolves a cluster's defaults. The VM size keeps the
// spelling as written here; the size check replaces it by the catalog's.
func clusterFromRaw(name string, ws *Workspace, rc *rawCluster) Cluster {
	c := Cluster{
		Name:        name,
		VMSize:      rc.VMSize,
		MaxNodes:    int(rc.MaxNodes),
		MinNodes:    int(rc.MinNodes),
		Priority:    rc.Priority,
		OSType:      rc.OSType,
		Location:    rc.Location,
		Description: rc.Description,
		LocalAuth:   rc.LocalAuth,

		IsolatedNetwork: rc.IsolatedNetwork,
	}
	if img := rc.VirtualMachineImage; img != nil {
		c.VirtualMachineImage = img.ID
	}
	if c.Location == "" {
		c.Location = ws.Location
	}
	if d, err := ParseDuration(rc.Idle); err == nil {
		c.IdleTimeBeforeScaleDown = d
	}
	if len(rc.Tags) > 0 {
		c.Tags = rc.Tags
	}
	if id := rc.Identity; id != nil {
		c.Identity = &Identity{Type: id.Type, IDs: id.IDs}
	}
	if n := rc.Network; n != nil {
		c.Network = &Network{Subnet: n.Subnet, NodePublicIP: n.NodePublicIP}
	}
	if s := rc.SSH; s != nil {
		c.SSH = &SSH{AdminUser: s.AdminUser, PublicAccess: s.PublicAccess}
		if s.PublicKey != nil {
			c.SSH.PublicKey = *s.PublicKey
		}
		if ref, ok := secretRef(s.Password); ok {
			c.SSH.PasswordSecret = ref
		}
	}
	if ls := rc.LargeScale; ls != nil {
		c.LargeScale = &LargeScale{SupportTicket: ls.SupportTicket, InternodeCommunication: ls.InternodeCommunication}
	}
	return c
}

// secretRef returns NAME when a password is written {secret: "NAME"} and
// nothing else.
func secretRef(pw any) (string, bool) {
	m, ok := pw.(map[string]any)
	if !ok || len(m) != 1 {
		return "", false
	}
	s, ok := m["secret"].(string)
	return s, ok
}

// fields iterates the regular fields of a struct value in order.
func fields(v cue.Value) func(func(string, cue.Value) bool) {
	return func(yield func(string, cue.Value) bool) {
		if !v.Exists() {
			return
		}
		it, err := v.Fields()
		if err != nil {
			return
		}
		for it.Next() {
			if !yield(it.Selector().Unquoted(), it.Value()) {
				return
			}
		}
	}
}

func stringField(v cue.Value, name string) string {
	s, _ := v.LookupPath(cue.MakePath(cue.Str(name))).String()
	return s
}
