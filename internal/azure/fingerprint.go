package azure

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"strings"

	"github.com/amlc-dev/amlc/schema"
)

// Fingerprint is a digest of the observation: SHA-256 over the normalised
// clusters of every observed workspace (the managed and the unmanaged
// ones), in workspace and name order, and over each one's observed form
// (whose members a re-PUT keeps). Fields that change by themselves (node
// counts, allocation state, timestamps, the provisioning state while an
// operation runs) are in neither, so only a change someone made changes
// it. A failed provisioning counts, because it changes what apply does.
func (o *Observation) Fingerprint() string {
	type entry struct {
		Workspace string         `json:"workspace"`
		Cluster   schema.Cluster `json:"cluster"`
		Failed    bool           `json:"failed,omitempty"`
		Resource  map[string]any `json:"resource,omitempty"`
		// What the spec cannot express counts too: a full PUT of the
		// compute carries it back.
		Unmanaged []Unmanaged `json:"unmanaged,omitempty"`
	}
	var entries []entry
	for _, w := range o.Workspaces {
		for _, c := range w.Clusters {
			entries = append(entries, entry{Workspace: w.Ref.id(), Cluster: c.Cluster, Failed: c.Failed(), Unmanaged: c.Unmanaged, Resource: withoutState(c.Resource)})
		}
	}
	if entries == nil {
		entries = []entry{}
	}
	data, err := json.Marshal(entries)
	if err != nil {
		// Unreachable: the model is plain data.
		panic(err)
	}
	sum := sha256.Sum256(data)
	return "sha256:" + strings.ToLower(hex.EncodeToString(sum[:]))
}

// withoutState is a copy of an observed form without its provisioning
// state.
func withoutState(r map[string]any) map[string]any {
	if r == nil {
		return nil
	}
	out := maps.Clone(r)
	if props, ok := out["properties"].(map[string]any); ok {
		props = maps.Clone(props)
		delete(props, "provisioningState")
		out["properties"] = props
	}
	return out
}
