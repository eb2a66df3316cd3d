package main

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/amlc-dev/amlc/internal/catalog"
)

// The idiomatic repositories: CUE written the way a platform team writes
// it, not data. A #Compute definition with defaults, size classes, one file
// per team that says which regions and pools it has, and one comprehension
// over teams × regions × pools that generates every workspace and cluster,
// with interpolated names, resource IDs and tags; the quotas come from a
// comprehension over the platform's grants. Every cluster is a value CUE
// computes, so amlc takes its CUE path (nothing here is plain data).

// sizeClass is one of the platform's size classes.
type sizeClass struct {
	name, vmSize, idle string
	gpu                bool
}

var sizeClasses = []sizeClass{
	{"cpu-s", "Standard_D2_v2", "120s", false},
	{"cpu-m", "Standard_DS3_v2", "120s", false},
	{"cpu-l", "Standard_F4s_v2", "300s", false},
	{"mem-m", "Standard_E4s_v3", "300s", false},
	{"gen-m", "Standard_D4s_v3", "120s", false},
	{"gpu-s", "Standard_NC6s_v3", "30m", true},
	{"gpu-m", "Standard_NC12s_v3", "30m", true},
	{"gpu-t4", "Standard_NC4as_T4_v3", "15m", true},
}

// bigger is the class a resized pool moves to (a replace in the plan).
var bigger = map[string]string{
	"cpu-s": "cpu-m", "cpu-m": "cpu-l", "cpu-l": "gen-m", "mem-m": "gen-m",
	"gen-m": "mem-m", "gpu-s": "gpu-m", "gpu-m": "gpu-s", "gpu-t4": "gpu-s",
}

// poolNames are the pools a team may have; each team has idiomPools of them.
var poolNames = []string{"cpu", "etl", "batch", "nb", "mem", "train", "tune", "infer", "dev", "eval", "spark", "prep", "serve", "lab"}

const (
	idiomRegions = 2  // regions per team: a workspace per team and region
	idiomPools   = 10 // pools per team: a cluster per pool and region
)

type genPool struct {
	name, class string
	max         int
	lowPriority bool
	private     bool
	identity    string // "system", "user" or "none"
}

type genTeam struct {
	key, name, sub, costCenter, env string
	regions                         []string
	pools                           []genPool
}

// idiomRepo is a generated idiomatic repository.
type idiomRepo struct {
	teams []genTeam
}

// idiomWorkspaces is how many workspaces an idiomatic repository of n
// clusters has.
func idiomWorkspaces(n int) int { return n / idiomPools }

// generateIdiom builds an idiomatic repository of n clusters (a multiple of
// idiomRegions × idiomPools).
func generateIdiom(n int, seed uint64) *idiomRepo {
	r := rand.New(rand.NewPCG(seed, 0x6964696f))
	nTeams := n / (idiomRegions * idiomPools)
	subs := make([]string, min(max(nTeams/8, 2), 8))
	for i := range subs {
		subs[i] = fmt.Sprintf("%08x-%04x-4%03x-9%03x-%012x",
			r.Uint32(), r.Uint32()&0xffff, r.Uint32()&0xfff, r.Uint32()&0xfff, r.Uint64()&0xffffffffffff)
	}
	names := []string{"vision", "nlp", "speech", "recsys", "forecast", "platform", "risk", "search"}
	out := &idiomRepo{}
	for t := range nTeams {
		tm := genTeam{
			key:        fmt.Sprintf("t%03d", t),
			name:       names[t%len(names)],
			sub:        subs[t%len(subs)],
			costCenter: fmt.Sprintf("cc-%04d", r.IntN(10000)),
			env:        []string{"dev", "test", "prod"}[r.IntN(3)],
		}
		first := r.IntN(len(regions))
		for k := range idiomRegions {
			tm.regions = append(tm.regions, regions[(first+k)%len(regions)])
		}
		for _, i := range r.Perm(len(poolNames))[:idiomPools] {
			cl := sizeClasses[r.IntN(len(sizeClasses))]
			p := genPool{name: poolNames[i], class: cl.name, max: 1 + r.IntN(24), identity: []string{"system", "system", "user", "none"}[r.IntN(4)]}
			if cl.gpu {
				p.max = 1 + r.IntN(8)
				p.lowPriority = r.IntN(10) < 4
			}
			p.private = r.IntN(5) == 0
			tm.pools = append(tm.pools, p)
		}
		slices.SortFunc(tm.pools, func(a, b genPool) int { return strings.Compare(a.name, b.name) })
		out.teams = append(out.teams, tm)
	}
	return out
}

// changeOneTeam returns a copy of rp in which one team (one file) changed:
// one pool scales up (an update in each of the team's regions) and one
// moves to another size class (a replace in each), and the number of
// updates and replaces this makes in the plan.
func changeOneTeam(rp *idiomRepo) (*idiomRepo, map[string]int) {
	out := &idiomRepo{teams: slices.Clone(rp.teams)}
	t := &out.teams[len(out.teams)/2]
	t.pools = slices.Clone(t.pools)
	t.pools[0].max += 2
	t.pools[1].class = bigger[t.pools[1].class]
	return out, map[string]int{"update": idiomRegions, "replace": idiomRegions}
}

// clusterCount is how many clusters the repository declares.
func (rp *idiomRepo) clusterCount() int { return len(rp.teams) * idiomRegions * idiomPools }

// idiomFile is the file of a team.
func idiomFile(t *genTeam) string { return "team-" + t.key + ".cue" }

// write writes the repository into dir: platform.cue (definitions and size
// classes), clusters.cue (the comprehension), quotas.cue (the grants and
// their comprehension) and a file per team. The grants cover every
// repository in grantsFor (a base and its changed copy share them).
func (rp *idiomRepo) write(dir string, grantsFor ...*idiomRepo) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	files := map[string]string{
		"platform.cue": idiomPlatform(),
		"clusters.cue": idiomClusters,
	}
	for i := range rp.teams {
		files[idiomFile(&rp.teams[i])] = rp.teams[i].render()
	}
	if len(grantsFor) == 0 {
		grantsFor = []*idiomRepo{rp}
	}
	q, err := idiomNeeds(grantsFor...)
	if err != nil {
		return err
	}
	files["quotas.cue"] = renderGrants(q)
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// idiomFiles is how many files an idiomatic repository of n clusters has.
func idiomFiles(n int) int { return n/(idiomRegions*idiomPools) + 3 }

// idiomNeeds adds up what the clusters of the repositories need.
func idiomNeeds(rps ...*idiomRepo) (map[quotaKey]*quotaNeed, error) {
	var flat []*repo
	for _, rp := range rps {
		out := &repo{}
		for _, t := range rp.teams {
			for _, reg := range t.regions {
				ws := genWorkspace{sub: t.sub, location: reg}
				for _, p := range t.pools {
					ws.clusters = append(ws.clusters, genCluster{vmSize: classOf(p.class).vmSize, maxNodes: p.max, lowPriority: p.lowPriority})
				}
				out.workspaces = append(out.workspaces, ws)
			}
		}
		flat = append(flat, out)
	}
	return needs(flat...)
}

func classOf(name string) sizeClass {
	i := slices.IndexFunc(sizeClasses, func(c sizeClass) bool { return c.name == name })
	return sizeClasses[i]
}

// idiomPlatform is the platform team's file: the definitions every team's
// clusters go through, and the size classes.
func idiomPlatform() string {
	var b strings.Builder
	fmt.Fprintf(&b, `// Generated by amlc's bench: the platform team's definitions.
package %s

// #Compute is every cluster: amlc's fields, closed, with the platform's
// defaults. They are the same as amlc's, and every field of amlc's schema
// that has a default is declared, so that cue export of the package
// unified with amlc's schema accepts them too (amlc does not need that:
// it applies its defaults after evaluating the configuration).
#Compute: {
	vmSize!:                 string
	maxNodes!:               int & >=1 & <=100
	minNodes:                *0 | int & >=0
	idleTimeBeforeScaleDown: string
	priority:                *"Dedicated" | "LowPriority"
	osType:                  *"Linux" | "Windows"
	localAuth:               *false | bool
	isolatedNetwork:         *false | bool
	description?:            string
	tags: [string]: string
	identity?: {
		type!: "SystemAssigned" | "UserAssigned"
		ids?: [...string]
	}
	network?: {
		subnet?:      string
		nodePublicIp: *true | bool
	}
}

// #Team is what a team's file declares.
#Team: {
	name:         string
	subscription: string
	costCenter:   =~"^cc-[0-9]{4}$"
	env:          "dev" | "test" | "prod"
	regions: [...string]
	pools: [string]: #Pool
}

#Pool: {
	class: or([for k, _ in #Sizes {k}])
	max:         int & >=1
	lowPriority: *false | bool
	private:     *false | bool
	identity:    *"system" | "user" | "none"
}

// #Sizes are the size classes: a VM size and how long idle nodes stay.
#Sizes: {
`, pkgName)
	for _, c := range sizeClasses {
		fmt.Fprintf(&b, "\t%s: {vmSize: %s, idle: %s}\n", q(c.name), q(c.vmSize), q(c.idle))
	}
	b.WriteString("}\n\n_teams: [string]: #Team\n")
	return b.String()
}

// idiomClusters generates every workspace and cluster.
var idiomClusters = `// Generated by amlc's bench: a workspace per team and region, a cluster
// per pool.
package ` + pkgName + `

workspaces: {
	for t, tm in _teams for r in tm.regions {
` + indent(workspaceBody, "\t\t") + `	}
}
`

// workspaceBody is the workspace of team tm (key t) in region r.
const workspaceBody = `"ml-\(t)-\(r)": {
	subscription:  tm.subscription
	resourceGroup: "rg-ml-\(t)-\(r)"
	location:      r

	clusters: {
		for p, pool in tm.pools {
			"\(t)-\(p)": #Compute & {
				vmSize:                  #Sizes[pool.class].vmSize
				maxNodes:                pool.max
				idleTimeBeforeScaleDown: #Sizes[pool.class].idle
				if pool.lowPriority {
					priority: "LowPriority"
				}
				description: "\(pool.class) pool \(p) of team \(tm.name) in \(r)"
				tags: {
					team:       tm.name
					pool:       p
					costCenter: tm.costCenter
					env:        tm.env
				}
				if pool.identity == "system" {
					identity: type: "SystemAssigned"
				}
				if pool.identity == "user" {
					identity: {
						type: "UserAssigned"
						ids: ["/subscriptions/\(tm.subscription)/resourceGroups/rg-ml-\(t)-\(r)/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-\(t)-\(p)"]
					}
				}
				// Every pool in the team's virtual network, as the
				// Azure Policy built-in that amlc vet evaluates asks.
				network: {
					subnet: "/subscriptions/\(tm.subscription)/resourceGroups/rg-net-\(t)/providers/Microsoft.Network/virtualNetworks/vnet-\(t)-\(r)/subnets/\(p)"
					if pool.private {
						nodePublicIp: false
					}
				}
			}
		}
	}
}
`

// indent prefixes every non-empty line of s.
func indent(s, prefix string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "")
}

// The module layout: the same repository as a CUE module of packages that
// import one another (loaded through cue/load as cue loads them): the
// platform's definitions in package platform, with #Workspaces, the
// comprehension as a definition a team fills in; a package per team,
// whose file is its declaration given to #Workspaces; the quotas in a
// package of their own. Each team is a package on its own, so a diff
// that changes one team's file evaluates that package twice and shares
// the others between the two sides (schema.Cache).

// modulePath is the module of the module layout.
const modulePath = "example.com/mlinfra"

// writeModule writes the repository into dir in the module layout.
func (rp *idiomRepo) writeModule(dir string, grantsFor ...*idiomRepo) error {
	platform := strings.Replace(idiomPlatform(), "\npackage "+pkgName+"\n", "\npackage platform\n", 1)
	platform += `
// #Workspaces is a team's workspaces: one per region, a cluster per pool.
#Workspaces: {
	key:  string
	team: #Team
	let t = key
	let tm = team
	out: {
		for r in tm.regions {
` + indent(workspaceBody, "\t\t\t") + `		}
	}
}
`
	files := map[string]string{
		"cue.mod/module.cue":    "module: " + q(modulePath) + "\nlanguage: version: \"v0.17.0\"\n",
		"platform/platform.cue": platform,
	}
	for i := range rp.teams {
		t := &rp.teams[i]
		files["teams/"+t.key+"/team.cue"] = t.renderModule()
	}
	if len(grantsFor) == 0 {
		grantsFor = []*idiomRepo{rp}
	}
	need, err := idiomNeeds(grantsFor...)
	if err != nil {
		return err
	}
	files["quotas/quotas.cue"] = strings.Replace(renderGrants(need), "\npackage "+pkgName+"\n", "\npackage quotas\n", 1)
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// renderModule is a team's package in the module layout.
func (t *genTeam) renderModule() string {
	decl := t.render()
	decl = decl[strings.Index(decl, "_teams: ")+len("_teams: "+q(t.key)+": "):]
	return fmt.Sprintf("// Generated by amlc's bench: team %s.\npackage %s\n\nimport %q\n\n"+
		"// The team's workspaces, as the platform makes them, in a struct of\n// their own that the other teams' packages add to.\n"+
		"workspaces: {for k, w in (platform.#Workspaces & {key: %s, team: _team}).out {(k): w}}\n\n_team: %s",
		t.key, t.key, modulePath+"/platform", q(t.key), decl)
}

func (t *genTeam) render() string {
	var b strings.Builder
	fmt.Fprintf(&b, "// Generated by amlc's bench: team %s.\npackage %s\n\n_teams: %s: {\n", t.key, pkgName, q(t.key))
	fmt.Fprintf(&b, "\tname:         %s\n\tsubscription: %s\n\tcostCenter:   %s\n\tenv:          %s\n", q(t.name), q(t.sub), q(t.costCenter), q(t.env))
	rs := make([]string, len(t.regions))
	for i, r := range t.regions {
		rs[i] = q(r)
	}
	fmt.Fprintf(&b, "\tregions: [%s]\n\tpools: {\n", strings.Join(rs, ", "))
	for _, p := range t.pools {
		fmt.Fprintf(&b, "\t\t%s: {class: %s, max: %d", q(p.name), q(p.class), p.max)
		if p.lowPriority {
			b.WriteString(", lowPriority: true")
		}
		if p.private {
			b.WriteString(", private: true")
		}
		if p.identity != "system" {
			fmt.Fprintf(&b, ", identity: %s", q(p.identity))
		}
		b.WriteString("}\n")
	}
	b.WriteString("\t}\n}\n")
	return b.String()
}

// renderGrants writes the platform's quota grants and the comprehension
// that turns them into amlc's quotas blocks.
func renderGrants(all map[quotaKey]*quotaNeed) string {
	keys := make([]quotaKey, 0, len(all))
	for k := range all {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b quotaKey) int {
		return cmp.Or(strings.Compare(a.sub, b.sub), strings.Compare(a.region, b.region))
	})
	var b strings.Builder
	fmt.Fprintf(&b, "// Generated by amlc's bench: the vCPU quotas granted per subscription\n// and region.\npackage %s\n\n", pkgName)
	b.WriteString("quotas: {\n\tfor s, grants in _grants for r, g in grants {\n\t\t(s): (r): {\n")
	b.WriteString("\t\t\tdedicated: total:    g.dedicated\n\t\t\tdedicated: families: g.families\n")
	b.WriteString("\t\t\tlowPriority: g.lowPriority\n\t\t\tclusters:    g.computes + 50\n\t\t}\n\t}\n}\n\n")
	b.WriteString("_grants: [string]: [string]: {\n\tdedicated:   int\n\tlowPriority: int\n\tcomputes:    int\n\tfamilies: [string]: int\n}\n")
	for _, k := range keys {
		n := all[k]
		fams := make([]string, 0, len(n.families))
		for f := range n.families {
			fams = append(fams, f)
		}
		slices.Sort(fams)
		parts := make([]string, len(fams))
		for i, f := range fams {
			parts[i] = fmt.Sprintf("%s: %d", q(f), roundUp(n.families[f]))
		}
		fmt.Fprintf(&b, "_grants: %s: %s: {dedicated: %d, lowPriority: %d, computes: %d, families: {%s}}\n",
			q(k.sub), q(k.region), roundUp(n.dedicated), roundUp(n.lowPriority), n.clusters, strings.Join(parts, ", "))
	}
	return b.String()
}

// checkIdiomCatalog fails early when a size class is not a
// low-priority-capable AmlCompute size of the embedded catalog.
func checkIdiomCatalog() error {
	cat := catalog.Default()
	for _, c := range sizeClasses {
		s, ok := cat.Lookup(c.vmSize)
		if !ok || !s.SupportsAmlCompute() || !s.LowPriorityCapable {
			return fmt.Errorf("bench: size class %s (%s) is not a low-priority-capable AmlCompute size", c.name, c.vmSize)
		}
	}
	return nil
}
