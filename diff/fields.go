package diff

import (
	"maps"
	"strings"

	"github.com/amlc-dev/amlc/internal/catalog"

	"github.com/amlc-dev/amlc/compiler"
	"github.com/amlc-dev/amlc/schema"
)

// How each row of the mutability table reads and compares its field.

// accessor reads one field of a cluster.
type accessor struct {
	// value is the field's normalised value as a plan shows it: nil when
	// the field is unset. For a sensitive field it is the secret's name,
	// which only ever reaches a note.
	value func(c *schema.Cluster) any
	// equal reports whether the desired and base values are the same
	// after normalisation (normalize.go). It is reflexive.
	equal func(desired, base *schema.Cluster) bool
}

func str(s string) any {
	if s == "" {
		return nil
	}
	return s
}

var (
	vmSizeField = accessor{
		value: func(c *schema.Cluster) any { return str(c.VMSize) },
		equal: func(d, b *schema.Cluster) bool { return strings.EqualFold(d.VMSize, b.VMSize) },
	}
	maxNodesField = accessor{
		value: func(c *schema.Cluster) any { return c.MaxNodes },
		equal: func(d, b *schema.Cluster) bool { return d.MaxNodes == b.MaxNodes },
	}
	minNodesField = accessor{
		value: func(c *schema.Cluster) any { return c.MinNodes },
		equal: func(d, b *schema.Cluster) bool { return d.MinNodes == b.MinNodes },
	}
	idleField = accessor{
		value: func(c *schema.Cluster) any { return compiler.ISODuration(c.IdleTimeBeforeScaleDown) },
		equal: func(d, b *schema.Cluster) bool { return d.IdleTimeBeforeScaleDown == b.IdleTimeBeforeScaleDown },
	}
	priorityField = accessor{
		value: func(c *schema.Cluster) any { return orDefault(c.Priority, defaultPriority) },
		equal: func(d, b *schema.Cluster) bool {
			return strings.EqualFold(orDefault(d.Priority, defaultPriority), orDefault(b.Priority, defaultPriority))
		},
	}
	osTypeField = accessor{
		value: func(c *schema.Cluster) any { return orDefault(c.OSType, defaultOSType) },
		equal: func(d, b *schema.Cluster) bool {
			return strings.EqualFold(orDefault(d.OSType, defaultOSType), orDefault(b.OSType, defaultOSType))
		},
	}
	locationField = accessor{
		value: func(c *schema.Cluster) any { return str(c.Location) },
		equal: func(d, b *schema.Cluster) bool { return catalog.SameRegion(d.Location, b.Location) },
	}
	descriptionField = accessor{
		value: func(c *schema.Cluster) any { return str(c.Description) },
		equal: func(d, b *schema.Cluster) bool { return d.Description == b.Description },
	}
	tagsField = accessor{
		value: func(c *schema.Cluster) any {
			if len(c.Tags) == 0 {
				return nil
			}
			return maps.Clone(c.Tags)
		},
		// maps.Equal treats nil and empty alike.
		equal: func(d, b *schema.Cluster) bool { return maps.Equal(d.Tags, b.Tags) },
	}
	identityTypeField = accessor{
		value: func(c *schema.Cluster) any {
			if !hasIdentity(c) {
				return nil
			}
			return identityType(c)
		},
		equal: func(d, b *schema.Cluster) bool { return strings.EqualFold(identityType(d), identityType(b)) },
	}
	identityIDsField = accessor{
		value: func(c *schema.Cluster) any {
			if ids := identityIDs(c); ids != nil {
				return ids
			}
			return nil
		},
		equal: func(d, b *schema.Cluster) bool { return sameIDs(identityIDs(d), identityIDs(b)) },
	}
	subnetField = accessor{
		value: func(c *schema.Cluster) any { return str(subnet(c)) },
		equal: func(d, b *schema.Cluster) bool { return strings.EqualFold(subnet(d), subnet(b)) },
	}
	nodePublicIPField = accessor{
		value: func(c *schema.Cluster) any { return nodePublicIP(c) },
		equal: func(d, b *schema.Cluster) bool { return nodePublicIP(d) == nodePublicIP(b) },
	}
	adminUserField = accessor{
		value: func(c *schema.Cluster) any { return str(adminUser(c)) },
		equal: func(d, b *schema.Cluster) bool { return adminUser(d) == adminUser(b) },
	}
	publicKeyField = accessor{
		value: func(c *schema.Cluster) any { return str(publicKey(c)) },
		equal: func(d, b *schema.Cluster) bool { return sameSecretish(publicKey(d), publicKey(b)) },
	}
	passwordField = accessor{
		value: func(c *schema.Cluster) any { return str(passwordSecret(c)) },
		equal: func(d, b *schema.Cluster) bool { return sameSecretish(passwordSecret(d), passwordSecret(b)) },
	}
	publicAccessField = accessor{
		value: func(c *schema.Cluster) any { return publicAccess(c) },
		equal: samePublicAccess,
	}
	localAuthField = accessor{
		value: func(c *schema.Cluster) any { return c.LocalAuth },
		equal: func(d, b *schema.Cluster) bool { return d.LocalAuth == b.LocalAuth },
	}
	imageField = accessor{
		value: func(c *schema.Cluster) any { return str(c.VirtualMachineImage) },
		// A resource ID: compared ignoring case, as ARM compares them.
		equal: func(d, b *schema.Cluster) bool {
			return strings.EqualFold(d.VirtualMachineImage, b.VirtualMachineImage)
		},
	}
	isolatedNetworkField = accessor{
		value: func(c *schema.Cluster) any { return c.IsolatedNetwork },
		equal: func(d, b *schema.Cluster) bool { return d.IsolatedNetwork == b.IsolatedNetwork },
	}
	largeScaleField = accessor{
		value: func(c *schema.Cluster) any {
			if c.LargeScale == nil {
				return nil
			}
			return largeScaleValue{c.LargeScale.SupportTicket, c.LargeScale.InternodeCommunication}
		},
		equal: func(d, b *schema.Cluster) bool {
			if d.LargeScale == nil || b.LargeScale == nil {
				return d.LargeScale == b.LargeScale
			}
			return *d.LargeScale == *b.LargeScale
		},
	}
)

// largeScaleValue is how a plan shows largeScale.
type largeScaleValue struct {
	SupportTicket          string `json:"supportTicket"`
	InternodeCommunication bool   `json:"internodeCommunication"`
}

func adminUser(c *schema.Cluster) string {
	return sshField(c, func(s *schema.SSH) string { return s.AdminUser })
}

func publicKey(c *schema.Cluster) string {
	return strings.TrimSpace(sshField(c, func(s *schema.SSH) string { return s.PublicKey }))
}

func passwordSecret(c *schema.Cluster) string {
	return sshField(c, func(s *schema.SSH) string { return s.PasswordSecret })
}

// wsRow is a row about the workspace a cluster lives in.
type wsRow struct {
	Field
	get func(w *schema.Workspace) string
}

// Subscription GUIDs, resource group and workspace names all compare
// ignoring case, as ARM compares them.
func wsSubscription(w *schema.Workspace) string  { return w.Subscription }
func wsResourceGroup(w *schema.Workspace) string { return w.ResourceGroup }
func wsName(w *schema.Workspace) string          { return w.Name }

func (r wsRow) equal(desired, base *schema.Workspace) bool {
	return strings.EqualFold(r.get(desired), r.get(base))
}
