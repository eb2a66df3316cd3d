package schema

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/amlc-dev/amlc/internal/catalog"
)

// Node limits of one AmlCompute cluster. Azure's quota page
// (how-to-manage-quotas.md, ms.date 2026-01-27, MicrosoftDocs/azure-ai-docs
// at 0c509fa9, table "more limits in the platform"; exceptions through a
// technical support ticket) gives:
//
//   - a cluster "set up as a communication-enabled pool" (Azure's default:
//     nodes may talk to each other, as MPI jobs need): "300 nodes but
//     configurable up to 4,000 nodes";
//   - "set up as a communication-enabled pool on an RDMA enabled VM
//     Family": "100 nodes";
//   - "set up as a non communication-enabled pool (that is, can't run MPI
//     jobs)": "100 nodes but configurable up to 65,000 nodes";
//   - "Nodes in a single MPI run": 100.
//
// Inter-node communication is disabled only by Azure support, on the same
// ticket ("requesting to allow list your subscription, or workspace, or a
// specific cluster for disabling inter-node communication",
// how-to-create-attach-compute-cluster.md, 2022), so a cluster without it
// always has a ticket: largeScale {supportTicket, internodeCommunication:
// false}, the default inside largeScale. A cluster without largeScale, or
// with internodeCommunication: true, is communication-enabled.
//
// The 2022 how-to also said "Clusters can generally scale up to 100 nodes";
// with the MPI-run limit, that is why a communication-enabled cluster of
// 101–300 nodes without a ticket is a warning, not an error.
const (
	guidanceNodeLimit   = 100   // how-to (2022) and one MPI run
	commNodeLimit       = 300   // communication-enabled, default
	commTicketNodeLimit = 4000  // communication-enabled, with a ticket
	rdmaCommNodeLimit   = 100   // communication-enabled on an RDMA (InfiniBand) size
	largeScaleNodeLimit = 65000 // without inter-node communication, with a ticket
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
	if ls := c.LargeScale; ls != nil && strings.TrimSpace(ls.SupportTicket) == "" {
		k.errorf("nodes/ticket", clusterLabels(w, c, "largeScale", "supportTicket"),
			"largeScale.supportTicket is empty; it must name the support ticket that granted the exception")
	}
}

// checkNodeLimit applies the node limits above. It runs after the size
// check, which finds the size's catalog entry (for RDMA).
func (k *checker) checkNodeLimit(w *Workspace, c *Cluster) {
	n := c.MaxNodes
	if n <= guidanceNodeLimit {
		return // within every limit
	}
	ls := c.LargeScale
	ticket := ls != nil && strings.TrimSpace(ls.SupportTicket) != ""
	comm := ls == nil || ls.InternodeCommunication
	size, known := k.sizes[Address(w, c)]
	rdma := known && catalog.RDMACapable(size)
	at := clusterLabels(w, c, "maxNodes")
	const ask = "Ask Azure support (a technical ticket) to raise the limit for the subscription, workspace or cluster, then record it: "
	switch {
	case n > largeScaleNodeLimit:
		k.errorf("nodes/over-ceiling", at,
			fmt.Sprintf("maxNodes (%d) is above %s, the most nodes Azure allows in a cluster even with a support-ticket exception", n, thousands(largeScaleNodeLimit)))
	case comm && rdma && n > rdmaCommNodeLimit:
		d := k.errorf("nodes/rdma", at,
			fmt.Sprintf("maxNodes (%d) is above %d, the most nodes of a cluster with inter-node communication on an RDMA (InfiniBand) size such as %s", n, rdmaCommNodeLimit, size.Name))
		d.Detail = "Azure holds communication-enabled clusters of RDMA-capable sizes to 100 nodes. Use at most 100 nodes, a size without InfiniBand, or a cluster without inter-node communication (largeScale: {supportTicket: \"<ticket number>\", internodeCommunication: false}, up to 65,000 nodes)."
		*d = d.WithRelated(k.pos(clusterLabels(w, c, "vmSize")...))
	case comm && ticket && n > commTicketNodeLimit:
		k.errorf("nodes/over-limit", at,
			fmt.Sprintf("maxNodes (%d) is above %s, the most nodes of a cluster with inter-node communication even with a support-ticket exception", n, thousands(commTicketNodeLimit))).
			Detail = "A cluster without inter-node communication (it cannot run MPI jobs) may have up to 65,000 nodes with the exception: largeScale: {supportTicket: \"<ticket number>\", internodeCommunication: false}."
	case comm && !ticket && n > commNodeLimit:
		k.errorf("nodes/over-limit", at,
			fmt.Sprintf("maxNodes (%d) is above %d, the most nodes of a cluster with inter-node communication (Azure's default) without a support-ticket exception", n, commNodeLimit)).
			Detail = ask + "largeScale: {supportTicket: \"<ticket number>\", internodeCommunication: true} (up to 4,000 nodes), or without inter-node communication, internodeCommunication: false (up to 65,000 nodes; the cluster cannot run MPI jobs)."
	case comm && !ticket && n > guidanceNodeLimit:
		k.warnf("nodes/over-100", at,
			fmt.Sprintf("maxNodes (%d) is above %d: Azure allows up to %d nodes in a cluster with inter-node communication, but its how-to says clusters generally scale up to %d nodes, and one MPI job runs on at most %d", n, guidanceNodeLimit, commNodeLimit, guidanceNodeLimit, guidanceNodeLimit)).
			Detail = "An exception agreed with Azure support, recorded as largeScale: {supportTicket: \"<ticket number>\", internodeCommunication: true}, allows up to 4,000 nodes and ends this warning."
	}
}

// thousands formats n with a comma every three digits, as the docs do.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
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
