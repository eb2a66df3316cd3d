package schema

import (
	"fmt"
	"strings"
)

// Node limits of AmlCompute (how-to-manage-quotas): clusters can generally
// scale to 100 nodes; with inter-node communication disabled through a
// technical support ticket, up to 65,000.
const (
	defaultNodeLimit    = 100
	largeScaleNodeLimit = 65000
)

func (k *checker) checkIdle(w *Workspace, c *Cluster) {
	raw := k.d.idle[Address(w, c)]
	if _, err := ParseDuration(raw); err != nil {
		k.errorf("schema/duration", clusterLabels(w, c, "idleTimeBeforeScaleDown"),
			fmt.Sprintf("idleTimeBeforeScaleDown %q is not a valid duration (%v); write a Go duration such as \"30m\" or ISO 8601 such as \"PT30M\"", raw, err))
	}
}

func (k *checker) checkNodes(w *Workspace, c *Cluster) {
	if c.MinNodes > c.MaxNodes {
		d := k.errorf("nodes/min-gt-max", clusterLabels(w, c, "minNodes"),
			fmt.Sprintf("minNodes (%d) is larger than maxNodes (%d)", c.MinNodes, c.MaxNodes))
		*d = d.WithRelated(k.pos(clusterLabels(w, c, "maxNodes")...))
	}
	ls := c.LargeScale
	switch {
	case c.MaxNodes > largeScaleNodeLimit:
		k.errorf("nodes/over-ceiling", clusterLabels(w, c, "maxNodes"),
			fmt.Sprintf("maxNodes (%d) is above %d, the most nodes Azure allows in a cluster even with a support-ticket exception", c.MaxNodes, largeScaleNodeLimit))
	case c.MaxNodes > defaultNodeLimit && ls == nil:
		k.errorf("nodes/over-100", clusterLabels(w, c, "maxNodes"),
			fmt.Sprintf("maxNodes (%d) is above %d; clusters scale past %d nodes only with a support-ticket exception", c.MaxNodes, defaultNodeLimit, defaultNodeLimit)).
			Detail = "Ask Azure support (technical ticket) to allow-list the subscription, workspace or cluster with inter-node communication disabled, then record it: largeScale: {supportTicket: \"<ticket number>\", internodeCommunication: false}."
	}
	if ls == nil {
		return
	}
	if strings.TrimSpace(ls.SupportTicket) == "" {
		k.errorf("nodes/over-100", clusterLabels(w, c, "largeScale", "supportTicket"),
			"largeScale.supportTicket is empty; it must name the support ticket that granted the exception")
	}
	if ls.InternodeCommunication {
		k.errorf("nodes/internode", clusterLabels(w, c, "largeScale", "internodeCommunication"),
			"largeScale requires internodeCommunication: false; Azure scales clusters past 100 nodes only with inter-node communication disabled")
	}
}

// ARM's tag limits: 50 tags per resource, names up to 512 characters,
// values up to 256, and names without < > % & \ ? /.
const (
	maxTags        = 50
	maxTagName     = 512
	maxTagValue    = 256
	forbiddenInTag = `<>%&\?/`
)

func (k *checker) checkTags(w *Workspace, c *Cluster) {
	if len(c.Tags) > maxTags {
		k.errorf("tags/limit", clusterLabels(w, c, "tags"),
			fmt.Sprintf("%d tags; ARM allows at most %d per resource", len(c.Tags), maxTags))
	}
	for _, name := range sortedKeys(c.Tags) {
		value := c.Tags[name]
		labels := clusterLabels(w, c, "tags", name)
		switch {
		case name == "" || len([]rune(name)) > maxTagName:
			k.errorf("tags/limit", labels, fmt.Sprintf("tag name must be 1–%d characters long", maxTagName))
		case strings.ContainsAny(name, forbiddenInTag):
			k.errorf("tags/limit", labels, fmt.Sprintf("tag name %q contains one of the characters ARM forbids: < > %% & \\ ? /", name))
		case len([]rune(value)) > maxTagValue:
			k.errorf("tags/limit", labels, fmt.Sprintf("tag %q has a value of %d characters; ARM allows at most %d", name, len([]rune(value)), maxTagValue))
		}
	}
}
