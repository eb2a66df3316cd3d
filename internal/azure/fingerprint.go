package azure

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"

	"github.com/amlc-dev/amlc/schema"
)

// Fingerprint is a digest of the observation: SHA-256 over the normalised
// clusters of every observed workspace (the managed and the unmanaged
// ones), in workspace and name order. Fields that change by themselves
// (node counts, allocation state, timestamps) are not part of the
// normalised model, so only a change someone made changes it. A failed
// provisioning counts, because it changes what apply does.
func (o *Observation) Fingerprint() string {
	type entry struct {
		Workspace string         `json:"workspace"`
		Cluster   schema.Cluster `json:"cluster"`
		Failed    bool           `json:"failed,omitempty"`
		// What the spec cannot express counts too: a full PUT of the
		// compute carries it back.
		Unmanaged []Unmanaged `json:"unmanaged,omitempty"`
	}
	var entries []entry
	for _, w := range o.Workspaces {
		for _, c := range w.Clusters {
			entries = append(entries, entry{Workspace: w.Ref.id(), Cluster: c.Cluster, Failed: c.Failed(), Unmanaged: c.Unmanaged})
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
