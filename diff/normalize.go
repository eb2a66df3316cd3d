package diff

import (
	"cmp"
	"slices"
	"strings"

	"github.com/amlc-dev/amlc/schema"
)

// Normalisation: the rules that decide when a desired and a base value are
// the same although they are spelled differently. Every comparison in the
// mutability table goes through one of these.
//
//   - Durations compare as time.Duration: "120s" = "PT2M" = "PT120S".
//   - VM sizes, priorities, OS types, identity types and public-access
//     values compare ignoring case; regions ignoring case and spaces
//     ("West Europe" = "westeurope"); resource IDs (subnets, user-assigned
//     identities) ignoring case, as ARM compares them; user-assigned
//     identities as sets.
//   - Absent equals empty: no tags = empty tags, no identity = identity type
//     "None", no network = {subnet: none, nodePublicIp: true}, no ssh block
//     = no credentials and publicAccess "Disabled", an empty priority or OS
//     type = the spec default ("Dedicated", "Linux").
//   - Values the service fills in: the service turns a remoteLoginPortPublicAccess
//     of "NotSpecified" into "Enabled" or "Disabled" at creation (closed when
//     the cluster has a subnet, open otherwise) [SW]. So a desired
//     "NotSpecified" matches any base value, and a base "NotSpecified" (from
//     an older spec) matches the value it resolves to.
//   - Secrets: the model holds only secret names, and a plan never holds a
//     value. A base may also say [Unobserved] for a value the service never
//     returns (the SSH public key and password, [SW] Compute_Get); it
//     matches any desired value.

// Unobserved, as the base's SSH.PublicKey or SSH.PasswordSecret, says that
// the base could not see the value: the service returns neither the admin
// password nor the SSH public key ("Any secrets … are not returned", [SW]).
// An observer of live clusters sets it when the cluster has an admin
// account, so that a plan against live state does not replace every
// cluster with SSH credentials. It compares equal to any desired value.
const Unobserved = "(unobserved)"

// The spec defaults the comparisons fill in for empty values.
const (
	defaultPriority     = schema.Dedicated
	defaultOSType       = "Linux"
	defaultPublicAccess = "Disabled"
	notSpecified        = "NotSpecified"
	identityNone        = "None"
)

// sameRegion compares region names ignoring case and spaces.
// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string { return cmp.Or(s, def) }

// identityType is the cluster's identity type, "None" when it has none.
func identityType(c *schema.Cluster) string {
	if c.Identity == nil || c.Identity.Type == "" {
		return identityNone
	}
	return c.Identity.Type
}

func hasIdentity(c *schema.Cluster) bool { return !strings.EqualFold(identityType(c), identityNone) }

// identityIDs returns the user-assigned identity IDs deduplicated ignoring
// case (the first spelling wins) and sorted ignoring case; nil when none.
func identityIDs(c *schema.Cluster) []string {
	if c.Identity == nil || len(c.Identity.IDs) == 0 {
		return nil
	}
	seen := map[string]bool{}
	var ids []string
	for _, id := range c.Identity.IDs {
		k := strings.ToLower(id)
		if !seen[k] {
			seen[k] = true
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(x, y string) int {
		return cmp.Or(strings.Compare(strings.ToLower(x), strings.ToLower(y)), strings.Compare(x, y))
	})
	return ids
}

// sameIDs compares two ID lists as sets, ignoring case.
func sameIDs(a, b []string) bool {
	set := func(ids []string) map[string]bool {
		m := map[string]bool{}
		for _, id := range ids {
			m[strings.ToLower(id)] = true
		}
		return m
	}
	x, y := set(a), set(b)
	if len(x) != len(y) {
		return false
	}
	for k := range x {
		if !y[k] {
			return false
		}
	}
	return true
}

// subnet is the cluster's subnet ID, "" when none.
func subnet(c *schema.Cluster) string {
	if c.Network == nil {
		return ""
	}
	return c.Network.Subnet
}

// nodePublicIP is the cluster's enableNodePublicIp, true without a network
// block (the spec default).
func nodePublicIP(c *schema.Cluster) bool { return c.Network == nil || c.Network.NodePublicIP }

// sshField returns one field of the SSH block, "" without one.
func sshField(c *schema.Cluster, f func(*schema.SSH) string) string {
	if c.SSH == nil {
		return ""
	}
	return f(c.SSH)
}

// publicAccess is the cluster's remoteLoginPortPublicAccess as the compiler
// writes it: "Disabled" without an ssh block or a value.
func publicAccess(c *schema.Cluster) string {
	return orDefault(sshField(c, func(s *schema.SSH) string { return s.PublicAccess }), defaultPublicAccess)
}

// samePublicAccess applies the NotSpecified rule (see the top of this file).
func samePublicAccess(desired, base *schema.Cluster) bool {
	d, b := publicAccess(desired), publicAccess(base)
	switch {
	case strings.EqualFold(d, b):
		return true
	case strings.EqualFold(d, notSpecified):
		return true // the service fills it in; any value will do
	case strings.EqualFold(b, notSpecified):
		return strings.EqualFold(d, resolvedPublicAccess(base))
	}
	return false
}

// resolvedPublicAccess is what the service makes of NotSpecified: the port
// is closed when the cluster has a subnet and open otherwise [SW].
func resolvedPublicAccess(c *schema.Cluster) string {
	if subnet(c) != "" {
		return "Disabled"
	}
	return "Enabled"
}

// sameSecretish compares a value the service may hide: a base value of
// [Unobserved] matches anything.
func sameSecretish(desired, base string) bool { return base == Unobserved || desired == base }
