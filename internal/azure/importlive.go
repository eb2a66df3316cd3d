package azure

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/amlc-dev/amlc/internal/catalog"

	"github.com/amlc-dev/amlc/schema"
)

// Import reads the AmlCompute clusters of one workspace into a spec of that
// workspace (amlc import --live), with notes on what it could not read.
// The workspace's region comes from Azure when ref has none.
//
// Azure never returns secrets: a cluster with an admin account but no
// public key Azure shows gets a password secret reference named after it,
// so that the spec is valid and a plan against the same cluster shows no
// change (the value is never compared); a note says so.
func (c *Client) Import(ctx context.Context, ref WorkspaceRef) (*schema.Spec, []string, error) {
	if ref.Location == "" {
		wc, err := c.workspacesClient(ref.Subscription)
		if err != nil {
			return nil, nil, err
		}
		if err := c.acquire(ctx); err != nil {
			return nil, nil, err
		}
		resp, err := wc.Get(ctx, ref.ResourceGroup, ref.Name, nil)
		c.release()
		if err != nil {
			return nil, nil, fmt.Errorf("reading workspace %s: %s", ref.ID(), Describe(err))
		}
		ref.Location = catalog.NormRegion(str(resp.Location))
	}
	if ref.Key == "" {
		ref.Key = ref.Name
	}
	obs, err := c.Observe(ctx, []WorkspaceRef{ref})
	if err != nil {
		return nil, nil, err
	}
	ws := schema.Workspace{Key: ref.Key, Name: ref.Name, Subscription: ref.Subscription,
		ResourceGroup: ref.ResourceGroup, Location: ref.Location}
	var notes []string
	for _, ow := range obs.Workspaces {
		for _, oc := range ow.Clusters {
			cl := oc.Cluster
			if msg := schema.ComputeNameProblem(cl.Name); msg != "" {
				notes = append(notes, fmt.Sprintf("%s: the compute name %s, a rule Azure applies to new clusters; this one exists, so amlc vet --live, diff --live and apply manage it in place, while offline vet and build report name/compute", cl.Name, msg))
			}
			if oc.Failed() {
				notes = append(notes, fmt.Sprintf("%s: its provisioning failed in Azure; imported as it is", cl.Name))
			}
			// 300: the node limit of a cluster with inter-node
			// communication without a ticket (how-to-manage-quotas.md,
			// 2026-01-27; schema/check_nodes.go).
			if cl.MaxNodes > 300 {
				notes = append(notes, fmt.Sprintf("%s: maxNodes %d is above 300, the most nodes of a cluster with inter-node communication without a support-ticket exception; Azure does not show the exception or whether inter-node communication is off, so add largeScale: {supportTicket: \"…\", internodeCommunication: true|false} before vet accepts it", cl.Name, cl.MaxNodes))
			}
			if s := cl.SSH; s != nil && s.PublicKey == "" {
				s.PasswordSecret = secretName(cl.Name)
				notes = append(notes, fmt.Sprintf("%s: Azure does not return SSH credentials; wrote password: secret: %q — set AMLC_SECRET_%s only to create the cluster again",
					cl.Name, s.PasswordSecret, s.PasswordSecret))
			}
			if cl.Priority == schema.LowPriority {
				// Since 2026-03-31 (azure-ai-docs PRs #791, #806).
				notes = append(notes, fmt.Sprintf("%s: priority \"LowPriority\": since 2026-03-31 Azure ML allocates these nodes as Spot VMs: the price varies (at most pay-as-you-go), nodes can be evicted, and evicted nodes are billed while they are still on", cl.Name))
			}
			for _, u := range oc.Unmanaged {
				notes = append(notes, fmt.Sprintf("%s: %s; not written", cl.Name, u))
			}
			ws.Clusters = append(ws.Clusters, cl)
		}
		for name, typ := range ow.Others {
			notes = append(notes, fmt.Sprintf("%s: a %s compute, not an AmlCompute cluster; left out", name, typ))
		}
	}
	slices.Sort(notes)
	return &schema.Spec{Workspaces: []schema.Workspace{ws}}, notes, nil
}

// secretName derives a secret name from a compute name: gpu-cluster →
// gpuClusterAdminPassword.
func secretName(cluster string) string {
	var b strings.Builder
	up := false
	for _, r := range cluster {
		switch {
		case r == '-' || r == '_':
			up = true
		case up:
			b.WriteRune(unicode.ToUpper(r))
			up = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String() + "AdminPassword"
}
