package main

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/amlc-dev/amlc/internal/catalog"
	"github.com/amlc-dev/amlc/schema"
)

// The synthetic repositories: deterministic (seeded), valid (amlc vet finds
// nothing, not even a warning, with the Azure Policy built-ins evaluated as
// it does by default), and shaped like a real one: one .cue file
// per workspace in one package, several subscriptions and regions, a mix of
// CPU and GPU sizes from the catalog, and a quotas block per subscription
// and region large enough for every cluster at its maxNodes.

// pkgName is the CUE package of every generated file.
const pkgName = "infra"

// regions the workspaces are spread over (all known to amlc).
var regions = []string{"eastus", "westeurope", "westus2", "northeurope", "southcentralus", "eastus2"}

// sizeMix is the VM sizes clusters use and their weights; every one
// supports AmlCompute and low priority in the embedded catalog.
var sizeMix = []struct {
	name   string
	weight int
	gpu    bool
}{
	{"Standard_D2_v2", 25, false},
	{"Standard_DS3_v2", 20, false},
	{"Standard_F4s_v2", 15, false},
	{"Standard_E4s_v3", 10, false},
	{"Standard_D4s_v3", 10, false},
	{"Standard_NC6s_v3", 12, true},
	{"Standard_NC12s_v3", 5, true},
	{"Standard_NC4as_T4_v3", 3, true},
}

// resize is the vmSize change the diff benchmark makes (a replace).
var resize = map[string]string{
	"Standard_D2_v2":       "Standard_D3_v2",
	"Standard_DS3_v2":      "Standard_DS4_v2",
	"Standard_F4s_v2":      "Standard_F8s_v2",
	"Standard_E4s_v3":      "Standard_E8s_v3",
	"Standard_D4s_v3":      "Standard_D8s_v3",
	"Standard_NC6s_v3":     "Standard_NC12s_v3",
	"Standard_NC12s_v3":    "Standard_NC6s_v3",
	"Standard_NC4as_T4_v3": "Standard_NC6s_v3",
}

const sshKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIL0y0cK3eW9rT8pXWjv5mQ2n7c1yF0h3aS2d4f6g8h0j bench@amlc"

type genTag struct{ k, v string }

type genCluster struct {
	name        string
	vmSize      string
	maxNodes    int
	lowPriority bool
	idle        string // "" means the default
	location    string // "" means the workspace's
	description string
	tags        []genTag
	identity    string // "", SystemAssigned or UserAssigned
	identityIDs []string
	subnet      string
	private     bool // nodePublicIp: false
	ssh         bool
	sshSecret   string
	ticket      string // largeScale.supportTicket
}

type genWorkspace struct {
	key, sub, rg, location string
	clusters               []genCluster
}

// repo is a generated repository.
type repo struct {
	workspaces []genWorkspace
}

// shape is the size of a repository.
type shape struct {
	clusters, workspaces int
}

func (s shape) String() string {
	return fmt.Sprintf("%d clusters / %d workspaces", s.clusters, s.workspaces)
}

// subscriptionsFor returns how many subscriptions a repository of n
// workspaces spreads over.
func subscriptionsFor(workspaces int) int {
	return min(max(workspaces/12, 2), 8)
}

// generate builds a repository of s.clusters clusters spread evenly over
// s.workspaces workspaces.
func generate(s shape, seed uint64) *repo {
	r := rand.New(rand.NewPCG(seed, 0x616d6c63))
	subs := make([]string, subscriptionsFor(s.workspaces))
	for i := range subs {
		subs[i] = fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x",
			r.Uint32(), r.Uint32()&0xffff, r.Uint32()&0xfff, r.Uint32()&0xfff, r.Uint64()&0xffffffffffff)
	}
	totalWeight := 0
	for _, m := range sizeMix {
		totalWeight += m.weight
	}
	pick := func() (string, bool) {
		n := r.IntN(totalWeight)
		for _, m := range sizeMix {
			if n < m.weight {
				return m.name, m.gpu
			}
			n -= m.weight
		}
		panic("unreachable")
	}
	teams := []string{"vision", "nlp", "speech", "recsys", "forecast", "platform", "risk", "search"}
	idles := []string{"", "", "30m", "PT15M", "120s", "1h", "5m", "PT2H"}

	out := &repo{}
	for w := range s.workspaces {
		ws := genWorkspace{
			key:      fmt.Sprintf("ml-team-%03d", w),
			sub:      subs[w%len(subs)],
			rg:       fmt.Sprintf("rg-ml-team-%03d", w),
			location: regions[(w/len(subs))%len(regions)],
		}
		// Clusters are spread evenly; the first workspaces take the rest.
		n := s.clusters / s.workspaces
		if w < s.clusters%s.workspaces {
			n++
		}
		team := teams[w%len(teams)]
		for j := range n {
			size, gpu := pick()
			c := genCluster{vmSize: size, maxNodes: 1 + r.IntN(24), idle: idles[r.IntN(len(idles))]}
			kind := "cpu"
			if gpu {
				kind = "gpu"
				c.maxNodes = 1 + r.IntN(8)
				c.lowPriority = r.IntN(10) < 4
			} else {
				c.lowPriority = r.IntN(10) == 0
				if r.IntN(100) == 0 {
					kind = "big"
					c.maxNodes = 150 + r.IntN(850)
					c.ticket = strconv.Itoa(2411280000000000 + r.IntN(1000000))
				}
			}
			c.name = fmt.Sprintf("%s-w%03d-n%04d", kind, w, j)
			if r.IntN(50) == 0 {
				// A cluster in another region than its workspace.
				c.location = regions[(slices.Index(regions, ws.location)+1)%len(regions)]
			}
			if r.IntN(10) < 8 {
				c.tags = append(c.tags, genTag{"team", team}, genTag{"env", []string{"dev", "test", "prod"}[r.IntN(3)]})
				if r.IntN(2) == 0 {
					c.tags = append(c.tags, genTag{"costCenter", fmt.Sprintf("cc-%04d", r.IntN(10000))})
				}
			}
			if r.IntN(10) < 3 {
				c.description = fmt.Sprintf("%s %s pool of team %s", kind, size, team)
			}
			switch x := r.IntN(10); {
			case x < 4:
				c.identity = schema.SystemAssigned
			case x == 4:
				c.identity = schema.UserAssigned
				for k := range 1 + r.IntN(2) {
					c.identityIDs = append(c.identityIDs, fmt.Sprintf(
						"/subscriptions/%s/resourceGroups/%s/providers/Microsoft.ManagedIdentity/userAssignedIdentities/%s-id%d", ws.sub, ws.rg, c.name, k))
				}
			}
			// Every cluster is in a subnet, as the Azure Policy built-in
			// amlc vet evaluates by default asks ("Azure Machine Learning
			// Computes should be in a virtual network"); a quarter have
			// their own choice of public IP. The draw is kept, so that the
			// rest of the repository is as it was.
			c.subnet = fmt.Sprintf("/subscriptions/%s/resourceGroups/rg-net-%03d/providers/Microsoft.Network/virtualNetworks/vnet-%03d/subnets/%s", ws.sub, w, w, kind)
			if r.IntN(4) == 0 {
				c.private = r.IntN(2) == 0
			}
			if r.IntN(7) == 0 {
				c.ssh = true
				if r.IntN(3) == 0 {
					c.sshSecret = fmt.Sprintf("team%03dAdminPassword", w)
				}
			}
			ws.clusters = append(ws.clusters, c)
		}
		out.workspaces = append(out.workspaces, ws)
	}
	return out
}

// mutate returns a copy of rp with every tenth cluster changed, in turn:
// a scale change (maxNodes), a vmSize change (a replace) or a tag change.
func mutate(rp *repo) (*repo, map[string]int) {
	out := &repo{}
	kinds := map[string]int{}
	g := 0
	for _, ws := range rp.workspaces {
		nw := ws
		nw.clusters = slices.Clone(ws.clusters)
		for j := range nw.clusters {
			c := &nw.clusters[j]
			if g%10 == 3 {
				switch (g / 10) % 3 {
				case 0:
					c.maxNodes += 2
					kinds["scale"]++
				case 1:
					c.vmSize = resize[c.vmSize]
					kinds["vmSize"]++
				case 2:
					c.tags = append(slices.Clone(c.tags), genTag{"reviewed", "2026-q3"})
					kinds["tags"]++
				}
			}
			g++
		}
		out.workspaces = append(out.workspaces, nw)
	}
	return out, kinds
}

// quotaKey is one quotas block.
type quotaKey struct{ sub, region string }

type quotaNeed struct {
	dedicated   int
	families    map[string]int
	lowPriority int
	clusters    int
}

// needs adds up what every cluster needs at its maxNodes, per subscription
// and region.
func needs(rps ...*repo) (map[quotaKey]*quotaNeed, error) {
	cat := catalog.Default()
	all := map[quotaKey]*quotaNeed{}
	for _, rp := range rps {
		per := map[quotaKey]*quotaNeed{}
		for _, ws := range rp.workspaces {
			for _, c := range ws.clusters {
				loc := cmp.Or(c.location, ws.location)
				k := quotaKey{ws.sub, loc}
				q := per[k]
				if q == nil {
					q = &quotaNeed{families: map[string]int{}}
					per[k] = q
				}
				size, ok := cat.Lookup(c.vmSize)
				if !ok || !size.SupportsAmlCompute() || !size.LowPriorityCapable {
					return nil, fmt.Errorf("bench: %s is not a low-priority-capable AmlCompute size in the embedded catalog", c.vmSize)
				}
				q.clusters++
				v := c.maxNodes * size.VCPUs
				if c.lowPriority {
					q.lowPriority += v
				} else {
					q.dedicated += v
					q.families[size.Family] += v
				}
			}
		}
		// The quotas must hold for every repository given: keep the
		// largest need of each.
		for k, q := range per {
			a := all[k]
			if a == nil {
				all[k] = q
				continue
			}
			a.dedicated = max(a.dedicated, q.dedicated)
			a.lowPriority = max(a.lowPriority, q.lowPriority)
			a.clusters = max(a.clusters, q.clusters)
			for f, v := range q.families {
				a.families[f] = max(a.families[f], v)
			}
		}
	}
	return all, nil
}

// roundUp gives a quota some headroom and a round number, as a portal
// would show it.
func roundUp(n int) int {
	n += n/4 + 24
	return (n + 99) / 100 * 100
}

// write writes the repository into dir: one <workspace>.cue per workspace
// and quotas.cue, which holds what every repository in quotasFor needs (so
// a base and a changed repository share one quotas block).
func (rp *repo) write(dir string, quotasFor ...*repo) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, ws := range rp.workspaces {
		if err := os.WriteFile(filepath.Join(dir, ws.key+".cue"), []byte(ws.render()), 0o644); err != nil {
			return err
		}
	}
	if len(quotasFor) == 0 {
		quotasFor = []*repo{rp}
	}
	q, err := needs(quotasFor...)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "quotas.cue"), []byte(renderQuotas(q)), 0o644)
}

func (rp *repo) clusterCount() int {
	n := 0
	for _, ws := range rp.workspaces {
		n += len(ws.clusters)
	}
	return n
}

func q(s string) string { return strconv.Quote(s) }

func (ws *genWorkspace) render() string {
	var b strings.Builder
	fmt.Fprintf(&b, "// Generated by amlc's bench: %d clusters of workspace %s.\npackage %s\n\n", len(ws.clusters), ws.key, pkgName)
	fmt.Fprintf(&b, "workspaces: %s: {\n", q(ws.key))
	fmt.Fprintf(&b, "\tsubscription:  %s\n\tresourceGroup: %s\n\tlocation:      %s\n\n\tclusters: {\n", q(ws.sub), q(ws.rg), q(ws.location))
	for i, c := range ws.clusters {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "\t\t%s: {\n", q(c.name))
		fmt.Fprintf(&b, "\t\t\tvmSize:   %s\n\t\t\tmaxNodes: %d\n", q(c.vmSize), c.maxNodes)
		if c.lowPriority {
			b.WriteString("\t\t\tpriority: \"LowPriority\"\n")
		}
		if c.idle != "" {
			fmt.Fprintf(&b, "\t\t\tidleTimeBeforeScaleDown: %s\n", q(c.idle))
		}
		if c.location != "" {
			fmt.Fprintf(&b, "\t\t\tlocation: %s\n", q(c.location))
		}
		if c.description != "" {
			fmt.Fprintf(&b, "\t\t\tdescription: %s\n", q(c.description))
		}
		if len(c.tags) > 0 {
			parts := make([]string, len(c.tags))
			for k, t := range c.tags {
				parts[k] = t.k + ": " + q(t.v)
			}
			fmt.Fprintf(&b, "\t\t\ttags: {%s}\n", strings.Join(parts, ", "))
		}
		switch c.identity {
		case schema.SystemAssigned:
			b.WriteString("\t\t\tidentity: type: \"SystemAssigned\"\n")
		case schema.UserAssigned:
			ids := make([]string, len(c.identityIDs))
			for k, id := range c.identityIDs {
				ids[k] = q(id)
			}
			fmt.Fprintf(&b, "\t\t\tidentity: {\n\t\t\t\ttype: \"UserAssigned\"\n\t\t\t\tids: [%s]\n\t\t\t}\n", strings.Join(ids, ", "))
		}
		if c.subnet != "" {
			fmt.Fprintf(&b, "\t\t\tnetwork: {\n\t\t\t\tsubnet:       %s\n\t\t\t\tnodePublicIp: %t\n\t\t\t}\n", q(c.subnet), !c.private)
		}
		if c.ssh {
			fmt.Fprintf(&b, "\t\t\tssh: {\n\t\t\t\tadminUser:    \"azureuser\"\n\t\t\t\tpublicKey:    %s\n", q(sshKey))
			if c.sshSecret != "" {
				fmt.Fprintf(&b, "\t\t\t\tpassword: secret: %s\n", q(c.sshSecret))
			}
			b.WriteString("\t\t\t\tpublicAccess: \"Disabled\"\n\t\t\t}\n")
		}
		if c.ticket != "" {
			fmt.Fprintf(&b, "\t\t\tlargeScale: {\n\t\t\t\tsupportTicket:          %s\n\t\t\t\tinternodeCommunication: false\n\t\t\t}\n", q(c.ticket))
		}
		b.WriteString("\t\t}\n")
	}
	b.WriteString("\t}\n}\n")
	return b.String()
}

func renderQuotas(all map[quotaKey]*quotaNeed) string {
	keys := make([]quotaKey, 0, len(all))
	for k := range all {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b quotaKey) int {
		return cmp.Or(strings.Compare(a.sub, b.sub), strings.Compare(a.region, b.region))
	})
	var b strings.Builder
	fmt.Fprintf(&b, "// Generated by amlc's bench: vCPU quotas per subscription and region.\npackage %s\n", pkgName)
	for _, k := range keys {
		n := all[k]
		fmt.Fprintf(&b, "\nquotas: %s: %s: {\n", q(k.sub), q(k.region))
		fmt.Fprintf(&b, "\tdedicated: total: %d\n", roundUp(n.dedicated))
		fams := make([]string, 0, len(n.families))
		for f := range n.families {
			fams = append(fams, f)
		}
		slices.Sort(fams)
		if len(fams) > 0 {
			b.WriteString("\tdedicated: families: {\n")
			for _, f := range fams {
				fmt.Fprintf(&b, "\t\t%s: %d\n", q(f), roundUp(n.families[f]))
			}
			b.WriteString("\t}\n")
		}
		fmt.Fprintf(&b, "\tlowPriority: %d\n\tclusters:    %d\n}\n", roundUp(n.lowPriority), n.clusters+50)
	}
	return b.String()
}

// writeCUEDir writes the files of srcDir into dst for the cue CLI, plus the
// embedded schema as a file of the same package and a binding that unifies
// the user's values with #Spec. The binding refers to the user's fields
// through let aliases: `spec: #Spec & {workspaces: workspaces}` would refer
// to itself and validate nothing (cue.md §1.3 pitfall 5), and embedding
// #Spec at file level would not close it (pitfall 4).
func writeCUEDir(srcDir, dst string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(srcDir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(srcDir, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644); err != nil {
			return err
		}
	}
	src := string(schema.Source)
	if !strings.Contains(src, "\npackage amlc\n") {
		return fmt.Errorf("bench: the embedded schema no longer declares package amlc; update writeCUEDir")
	}
	src = strings.Replace(src, "\npackage amlc\n", "\npackage "+pkgName+"\n", 1)
	if err := os.WriteFile(filepath.Join(dst, "zz_schema.cue"), []byte(src), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dst, "zz_bind.cue"), []byte(cueBinding), 0o644)
}

// cueBinding is the file that makes `cue export -e spec` validate the
// user's values against the schema, as amlc does.
const cueBinding = `package ` + pkgName + `

// The user's values, unified with (not embedded in) #Spec, which closes
// them. The aliases avoid a self-reference.
let W = workspaces
let Q = quotas
spec: #Spec & {workspaces: W, quotas: Q}
`
