package schema

import (
	"fmt"
	"regexp"
	"strings"
)

var (
	subnetIDRE   = regexp.MustCompile(`(?i)^/subscriptions/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/resourceGroups/[^/]+/providers/Microsoft\.Network/virtualNetworks/[^/]+/subnets/[^/]+$`)
	identityIDRE = regexp.MustCompile(`(?i)^/subscriptions/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/resourceGroups/[^/]+/providers/Microsoft\.ManagedIdentity/userAssignedIdentities/[^/]+$`)
	// Secret names become AMLC_SECRET_<NAME> variables and template
	// parameter names.
	secretNameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,63}$`)
	// Admin user names as Azure VMs accept them on Linux.
	adminUserRE = regexp.MustCompile(`^[a-z_][a-z0-9_.-]{0,31}$`)
	// OpenSSH public keys of the types Azure accepts.
	publicKeyRE = regexp.MustCompile(`^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/]+={0,3}( .*)?$`)
)

// reservedAdminUsers are names Azure refuses as a VM admin user.
var reservedAdminUsers = setOf("administrator", "admin", "user", "user1", "test", "user2", "test1",
	"user3", "admin1", "1", "123", "a", "actuser", "adm", "admin2", "aspnet", "backup", "console",
	"david", "guest", "john", "owner", "root", "server", "sql", "support", "support_388945a0", "sys",
	"test2", "test3", "user4", "user5")

func (k *checker) checkIdentity(w *Workspace, c *Cluster) {
	id := c.Identity
	if id == nil {
		return
	}
	labels := clusterLabels(w, c, "identity", "ids")
	switch {
	case id.Type == SystemAssigned && id.IDs != nil:
		k.errorf("identity/ids", labels, "identity ids are only allowed with type \"UserAssigned\"; Azure ML clusters take one system-assigned identity or user-assigned identities, not both")
	case id.Type == UserAssigned && len(id.IDs) == 0:
		// At ids when it is written (an empty list), else at identity.
		k.errorf("identity/ids", labels, "a UserAssigned identity needs a non-empty list of identity resource IDs in ids")
	}
	seen := map[string]int{}
	for i, x := range id.IDs {
		if !identityIDRE.MatchString(x) {
			k.errorf("id/identity", labels, fmt.Sprintf("ids[%d] %q is not a user-assigned identity resource ID (/subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>)", i, x))
			continue
		}
		key := strings.ToLower(x)
		if j, ok := seen[key]; ok {
			k.errorf("identity/ids", labels, fmt.Sprintf("ids[%d] repeats ids[%d]", i, j))
			continue
		}
		seen[key] = i
	}
}

func (k *checker) checkNetwork(w *Workspace, c *Cluster) {
	n := c.Network
	if n == nil {
		return
	}
	if n.Subnet != "" && !subnetIDRE.MatchString(n.Subnet) {
		k.errorf("id/subnet", clusterLabels(w, c, "network", "subnet"),
			fmt.Sprintf("subnet %q is not a subnet resource ID (/subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>)", n.Subnet))
	}
	// Without a subnet, nodes without public IPs work only in a workspace
	// with a managed virtual network: "compute clusters … are
	// automatically created in the managed network", and the documented
	// way to make one is enable_node_public_ip=False and no subnet
	// (how-to-managed-network-compute.md, ms.date 2025-01-30,
	// MicrosoftDocs/azure-ai-docs 1b1c4f19). Terraform dropped the same
	// check in azurerm 4.18.0 (#28673). Offline amlc cannot know the
	// workspace's network, so it warns; vet --live reads the workspace's
	// managedNetwork.isolationMode and makes it an error where there is
	// none (internal/azure LiveFindings).
	if !n.NodePublicIP && n.Subnet == "" {
		k.warnf("network/private-needs-subnet", clusterLabels(w, c, "network", "nodePublicIp"),
			"nodePublicIp: false without a subnet works only in a workspace with a managed virtual network; elsewhere the nodes have no way to reach Azure and the cluster fails").
			Detail = "In a workspace with a managed virtual network (isolation mode AllowInternetOutbound or AllowOnlyApprovedOutbound) Azure places the nodes in it. Otherwise give network.subnet. amlc vet --live reads the workspace's isolation mode and reports an error only where it is Disabled."
	}
}

func (k *checker) checkSSH(w *Workspace, c *Cluster) {
	s := c.SSH
	if s == nil {
		return
	}
	addr := Address(w, c)
	pw, hasPW := k.d.passwords[addr]
	if hasPW {
		labels := clusterLabels(w, c, "ssh", "password")
		if _, isString := pw.(string); isString {
			// Never echo the value: it is a password.
			k.errorf("secret/plaintext", labels,
				"ssh.password is a literal string; passwords must not be written in specs, write password: secret: \"NAME\" and pass the value in AMLC_SECRET_NAME").
				Detail = "The value was not printed. Remove it from the file and from version control history, and rotate it."
			hasPW = false
		} else if ref, ok := secretRef(pw); !ok {
			k.errorf("schema/type", labels, "ssh.password must be {secret: \"NAME\"}")
			hasPW = false
		} else if !secretNameRE.MatchString(ref) {
			k.errorf("secret/name", append(labels, "secret"),
				fmt.Sprintf("secret name %q must start with a letter and hold only letters, digits and '_' (at most 64)", ref))
		}
	}
	if s.PublicKey != "" && !publicKeyRE.MatchString(strings.TrimSpace(s.PublicKey)) {
		k.errorf("ssh/public-key", clusterLabels(w, c, "ssh", "publicKey"),
			"ssh.publicKey is not an OpenSSH public key (\"ssh-rsa AAAA…\", \"ssh-ed25519 AAAA…\" or \"ecdsa-sha2-nistp256 AAAA…\")")
	}
	switch {
	case !adminUserRE.MatchString(s.AdminUser):
		k.errorf("ssh/admin-user", clusterLabels(w, c, "ssh", "adminUser"),
			fmt.Sprintf("ssh.adminUser %q must be 1–32 characters of lower-case letters, digits, '_', '.' and '-', starting with a letter or '_'", s.AdminUser))
	case reservedAdminUsers[s.AdminUser]:
		k.errorf("ssh/admin-user", clusterLabels(w, c, "ssh", "adminUser"),
			fmt.Sprintf("ssh.adminUser %q is a name Azure reserves; choose another", s.AdminUser))
	}
	hasCred := s.PublicKey != "" || hasPW
	switch {
	case s.PublicAccess == "Enabled" && !hasCred:
		k.errorf("ssh/public-needs-credential", clusterLabels(w, c, "ssh", "publicAccess"),
			"ssh.publicAccess: \"Enabled\" needs SSH credentials: a publicKey or a password secret")
	case !hasCred && !k.hasPasswordFinding(addr):
		k.errorf("ssh/no-credential", clusterLabels(w, c, "ssh"),
			"ssh needs a publicKey or a password: secret: \"NAME\"")
	}
}

// hasPasswordFinding reports whether the cluster's password already has a
// finding, so that a plaintext password is not also reported as "no
// credential".
func (k *checker) hasPasswordFinding(addr string) bool {
	_, ok := k.d.passwords[addr]
	return ok
}
