package schema

import (
	"runtime"
	"slices"
	"strings"
	"sync"

	"cuelang.org/go/cue"
)

// The raw shapes the schema's concrete values decode into. Optional fields
// are pointers so that "not given" stays distinguishable where it matters.
type rawWorkspace struct {
	Name          string `json:"name"`
	Subscription  string `json:"subscription"`
	ResourceGroup string `json:"resourceGroup"`
	Location      string `json:"location"`
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
}

// rawSpec is the whole configuration, for decoding it in one pass.
type rawSpec struct {
	Workspaces map[string]rawWorkspaceClusters `json:"workspaces"`
	Quotas     map[string]map[string]rawQuota  `json:"quotas"`
}

// rawWorkspaceClusters is a workspace with its clusters.
type rawWorkspaceClusters struct {
	rawWorkspace
	Clusters map[string]rawCluster `json:"clusters"`
}

// decode reads the configuration into the model. A configuration without
// schema errors decodes in one pass; otherwise each cluster is decoded on
// its own, so that a cluster with a schema error is left out and the others
// are still checked.
func decode(v cue.Value, clean bool) *decoded {
	out := &decoded{passwords: map[string]any{}, idle: map[string]string{}}
	all, ok := decodeParallel(v, clean)
	if !ok {
		all = decodeEach(v)
	}
	for key, rw := range all.Workspaces {
		ws := Workspace{Key: key, Name: rw.Name, Subscription: rw.Subscription,
			ResourceGroup: rw.ResourceGroup, Location: rw.Location}
		for name, rc := range rw.Clusters {
			c := clusterFromRaw(name, &ws, &rc)
			addr := Address(&ws, &c)
			out.idle[addr] = rc.Idle
			if rc.SSH != nil && rc.SSH.Password != nil {
				out.passwords[addr] = rc.SSH.Password
			}
			ws.Clusters = append(ws.Clusters, c)
		}
		out.spec.Workspaces = append(out.spec.Workspaces, ws)
	}
	for sub, regions := range all.Quotas {
		for region, rq := range regions {
			q := Quota{Subscription: sub, Region: region, LowPriority: rq.LowPriority, Clusters: rq.Clusters}
			if rq.Dedicated != nil {
				q.DedicatedTotal = rq.Dedicated.Total
				q.Families = rq.Dedicated.Families
			}
			out.spec.Quotas = append(out.spec.Quotas, q)
		}
	}
	slices.SortFunc(out.spec.Workspaces, func(a, b Workspace) int { return strings.Compare(a.Key, b.Key) })
	for i := range out.spec.Workspaces {
		cs := out.spec.Workspaces[i].Clusters
		slices.SortFunc(cs, func(a, b Cluster) int { return strings.Compare(a.Name, b.Name) })
	}
	slices.SortFunc(out.spec.Quotas, func(a, b Quota) int {
		if c := strings.Compare(a.Subscription, b.Subscription); c != 0 {
			return c
		}
		return strings.Compare(a.Region, b.Region)
	})
	return out
}

// decodeParallel decodes a configuration without schema errors, one
// workspace per goroutine on every core: decoding dominates vet's time on
// large repositories, and CUE values may be read concurrently (cue.Value's
// documentation, v0.17). It reports false when anything fails to decode.
func decodeParallel(v cue.Value, clean bool) (rawSpec, bool) {
	var all rawSpec
	if !clean {
		return all, false
	}
	type job struct {
		key string
		v   cue.Value
	}
	var jobs []job
	for key, wv := range fields(v.LookupPath(cue.MakePath(cue.Str("workspaces")))) {
		jobs = append(jobs, job{key, wv})
	}
	results := make([]rawWorkspaceClusters, len(jobs))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(len(jobs), 1)) {
		wg.Go(func() {
			for i := range next {
				errs[i] = jobs[i].v.Decode(&results[i])
			}
		})
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	all.Workspaces = make(map[string]rawWorkspaceClusters, len(jobs))
	for i, j := range jobs {
		if errs[i] != nil {
			return all, false
		}
		all.Workspaces[j.key] = results[i]
	}
	if q := v.LookupPath(cue.MakePath(cue.Str("quotas"))); q.Exists() && q.Decode(&all.Quotas) != nil {
		return all, false
	}
	return all, true
}

// decodeEach decodes what it can of a configuration with errors: the
// workspaces' own fields, each valid cluster and each valid quota.
func decodeEach(v cue.Value) rawSpec {
	var all rawSpec
	all.Workspaces = map[string]rawWorkspaceClusters{}
	for key, wv := range fields(v.LookupPath(cue.MakePath(cue.Str("workspaces")))) {
		w := all.Workspaces[key]
		w.rawWorkspace = rawWorkspace{
			Name:          stringField(wv, "name"),
			Subscription:  stringField(wv, "subscription"),
			ResourceGroup: stringField(wv, "resourceGroup"),
			Location:      stringField(wv, "location"),
		}
		w.Clusters = map[string]rawCluster{}
		for name, cv := range fields(wv.LookupPath(cue.MakePath(cue.Str("clusters")))) {
			var rc rawCluster
			if cv.Validate(cue.Concrete(true)) != nil || cv.Decode(&rc) != nil {
				continue
			}
			w.Clusters[name] = rc
		}
		all.Workspaces[key] = w
	}
	all.Quotas = map[string]map[string]rawQuota{}
	for sub, sv := range fields(v.LookupPath(cue.MakePath(cue.Str("quotas")))) {
		for region, rv := range fields(sv) {
			var rq rawQuota
			if rv.Decode(&rq) != nil {
				continue
			}
			if all.Quotas[sub] == nil {
				all.Quotas[sub] = map[string]rawQuota{}
			}
			all.Quotas[sub][region] = rq
		}
	}
	return all
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
