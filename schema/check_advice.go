package schema

import "fmt"

// checkAdvice reports cost and safety advice as warnings.
func (k *checker) checkAdvice(w *Workspace, c *Cluster) {
	if c.MinNodes > 0 {
		if c.Priority == LowPriority {
			k.warnf("cost/low-priority-min-nodes", clusterLabels(w, c, "minNodes"),
				fmt.Sprintf("minNodes %d on a low-priority cluster: idle nodes stay billed and count against quota, and Azure can still preempt them", c.MinNodes))
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
