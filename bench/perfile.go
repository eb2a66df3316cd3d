package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/amlc-dev/amlc/schema"
)

// The layout of issue 12.7: one file a cluster, each repeating its
// workspace's fields (subscription, resourceGroup, location), as a
// repository written by a script or exported from elsewhere is. The same
// clusters are written three times, in CUE, JSON and YAML; the JSON and
// YAML forms must cost about what the CUE form costs (a thousand data files
// took 48 s and 1.1 GiB against 0.45 s for CUE when each data file was
// unified on its own).

// perFileFormats are the formats of the layout, by file extension.
var perFileFormats = []string{"cue", "json", "yaml"}

// writePerFile writes rp as one file a cluster in format ext, and its
// quotas as one more file.
func writePerFile(rp *repo, dir, ext string, quotasFor ...*repo) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, ws := range rp.workspaces {
		for _, c := range ws.clusters {
			doc := map[string]any{"workspaces": map[string]any{ws.key: map[string]any{
				"subscription": ws.sub, "resourceGroup": ws.rg, "location": ws.location,
				"clusters": map[string]any{c.name: clusterDoc(c)},
			}}}
			name := filepath.Join(dir, ws.key+"-"+c.name+"."+ext)
			if err := os.WriteFile(name, []byte(renderDoc(doc, ext)), 0o644); err != nil {
				return err
			}
		}
	}
	q, err := needs(append([]*repo{rp}, quotasFor...)...)
	if err != nil {
		return err
	}
	quotas := map[string]any{}
	for k, n := range q {
		byRegion, _ := quotas[k.sub].(map[string]any)
		if byRegion == nil {
			byRegion = map[string]any{}
			quotas[k.sub] = byRegion
		}
		fams := map[string]any{}
		for f, v := range n.families {
			fams[f] = roundUp(v)
		}
		byRegion[k.region] = map[string]any{
			"dedicated":   map[string]any{"total": roundUp(n.dedicated), "families": fams},
			"lowPriority": roundUp(n.lowPriority),
			"clusters":    n.clusters + 50,
		}
	}
	return os.WriteFile(filepath.Join(dir, "quotas."+ext), []byte(renderDoc(map[string]any{"quotas": quotas}, ext)), 0o644)
}

// clusterDoc is a cluster as the spec writes it (genWorkspace.render).
func clusterDoc(c genCluster) map[string]any {
	m := map[string]any{"vmSize": c.vmSize, "maxNodes": c.maxNodes}
	if c.lowPriority {
		m["priority"] = "LowPriority"
	}
	if c.idle != "" {
		m["idleTimeBeforeScaleDown"] = c.idle
	}
	if c.location != "" {
		m["location"] = c.location
	}
	if c.description != "" {
		m["description"] = c.description
	}
	if len(c.tags) > 0 {
		tags := map[string]any{}
		for _, t := range c.tags {
			tags[t.k] = t.v
		}
		m["tags"] = tags
	}
	switch c.identity {
	case schema.SystemAssigned:
		m["identity"] = map[string]any{"type": "SystemAssigned"}
	case schema.UserAssigned:
		ids := make([]any, len(c.identityIDs))
		for i, id := range c.identityIDs {
			ids[i] = id
		}
		m["identity"] = map[string]any{"type": "UserAssigned", "ids": ids}
	}
	if c.subnet != "" {
		m["network"] = map[string]any{"subnet": c.subnet, "nodePublicIp": !c.private}
	}
	if c.ssh {
		ssh := map[string]any{"adminUser": "azureuser", "publicKey": sshKey, "publicAccess": "Disabled"}
		if c.sshSecret != "" {
			ssh["password"] = map[string]any{"secret": c.sshSecret}
		}
		m["ssh"] = ssh
	}
	if c.ticket != "" {
		m["largeScale"] = map[string]any{"supportTicket": c.ticket, "internodeCommunication": false}
	}
	return m
}

// renderDoc writes a document of maps, lists, strings, ints and bools as
// CUE (a package file), JSON or block-style YAML, keys sorted.
func renderDoc(doc map[string]any, ext string) string {
	var b strings.Builder
	switch ext {
	case "json":
		data, _ := json.MarshalIndent(doc, "", "  ")
		b.Write(data)
		b.WriteByte('\n')
	case "cue":
		fmt.Fprintf(&b, "package %s\n\n", pkgName)
		writeCUE(&b, doc, 0)
	case "yaml":
		writeYAML(&b, doc, 0)
	}
	return b.String()
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func writeCUE(b *strings.Builder, m map[string]any, depth int) {
	ind := strings.Repeat("\t", depth)
	for _, k := range sortedKeys(m) {
		fmt.Fprintf(b, "%s%s: ", ind, strconv.Quote(k))
		switch v := m[k].(type) {
		case map[string]any:
			b.WriteString("{\n")
			writeCUE(b, v, depth+1)
			fmt.Fprintf(b, "%s}\n", ind)
		default:
			data, _ := json.Marshal(v)
			b.Write(data)
			b.WriteByte('\n')
		}
	}
}

func writeYAML(b *strings.Builder, m map[string]any, depth int) {
	ind := strings.Repeat("  ", depth)
	for _, k := range sortedKeys(m) {
		fmt.Fprintf(b, "%s%s:", ind, strconv.Quote(k))
		switch v := m[k].(type) {
		case map[string]any:
			b.WriteByte('\n')
			writeYAML(b, v, depth+1)
		case []any:
			b.WriteByte('\n')
			for _, e := range v {
				data, _ := json.Marshal(e)
				fmt.Fprintf(b, "%s  - %s\n", ind, data)
			}
		default:
			data, _ := json.Marshal(v)
			fmt.Fprintf(b, " %s\n", data)
		}
	}
}
