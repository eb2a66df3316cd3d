package schema

import "fmt"

// checkAdvice reports cost and safety advice as warnings.
func (k *checker) checkAdvice(w *Workspace, c *Cluster) {
	if c.MinNodes > 0 {
		if c.Priority == LowPriority {
			// Since 2026-03-31 Azure ML allocates LowPriority nodes as Spot
			// VMs: the current Spot price, capped at pay-as-you-go, eviction
			// for capacity, and evicted nodes billed while they are on
			// (MicrosoftDocs/azure-ai-docs PRs #791 and #806; Azure/Batch
			// #196). vmPriority stays "LowPriority" in the API.
			d := k.warnf("cost/low-priority-min-nodes", clusterLabels(w, c, "minNodes"),
				fmt.Sprintf("minNodes %d on a low-priority cluster: low-priority nodes are Spot VMs since 2026-03-31, so idle nodes stay billed at the Spot price (up to pay-as-you-go) and count against quota, and Azure can still evict them", c.MinNodes))
			d.Detail = "An evicted node is billed while it is still on. With minNodes: 0 the cluster scales to nothing when idle."
		} else {
			k.warnf("cost/min-nodes", clusterLabels(w, c, "minNodes"),
				fmt.Sprintf("minNodes %d keeps %s running and billed even when no job uses them; 0 scales down to nothing", c.MinNodes, nodes(c.MinNodes)))
		}
	}
	if s := c.SSH; s != nil {
		switch {
		case s.PublicAccess == "Enabled":
			k.warnf("security/public-ssh", clusterLabels(w, c, "ssh", "publicAccess"),
				"ssh.publicAccess \"Enabled\" opens the SSH port of every node to the internet")
		case s.PublicAccess == "NotSpecified" && (c.Network == nil || c.Network.Subnet == ""):
			k.warnf("security/public-ssh", clusterLabels(w, c, "ssh", "publicAccess"),
				"ssh.publicAccess \"NotSpecified\" without a subnet opens the SSH port to the internet; write \"Disabled\" or \"Enabled\" explicitly")
		}
	}
	if c.LocalAuth {
		k.warnf("security/local-auth", clusterLabels(w, c, "localAuth"),
			"localAuth: true enables local authentication; Microsoft Entra ID (localAuth: false) is the recommended way to authenticate")
	}
}

func nodes(n int) string {
	if n == 1 {
		return "1 node"
	}
	return fmt.Sprintf("%d nodes", n)
}
