package policy

import (
	"cmp"
	"strings"

	"github.com/amlc-dev/amlc/compiler"
	"github.com/amlc-dev/amlc/internal/catalog"
	"github.com/amlc-dev/amlc/schema"
)

// The resource a policy sees: a cluster as amlc's template creates it,
// with the template's expressions resolved (the request body Azure Policy
// evaluates at deployment). It is read on demand through a tree of the
// paths the template writes, mirroring compiler.(*builder).resource;
// TestResourceMatchesTemplate compares the two for every spec the tests
// have, so that a change to the template cannot leave this behind.

// resource is one cluster in its workspace.
type resource struct {
	w *schema.Workspace
	c *schema.Cluster
}

// secretValue stands for the admin password: the template passes it as a
// securestring parameter, whose value is known only at deployment.
type secretValue struct{ name string }

// shape is a property of the resource: a leaf that computes its value, or
// an object of named children.
type shape struct {
	name string
	leaf func(r resource) (any, bool)
	kids []*shape
}

func leaf(name string, get func(r resource) (any, bool)) *shape { return &shape{name: name, leaf: get} }
func obj(name string, kids ...*shape) *shape                    { return &shape{name: name, kids: kids} }

// str is a value that exists unless empty.
func str(s string) (any, bool) { return s, s != "" }

// resourceShape is the tree of what the template writes.
var resourceShape = obj("",
	leaf("type", func(resource) (any, bool) { return compiler.ComputeResourceType, true }),
	leaf("name", func(r resource) (any, bool) { return r.c.Name, true }),
	leaf("location", func(r resource) (any, bool) { return str(cmp.Or(r.c.Location, r.w.Location)) }),
	leaf("tags", func(r resource) (any, bool) {
		if len(r.c.Tags) == 0 {
			return nil, false
		}
		m := make(map[string]any, len(r.c.Tags))
		for k, v := range r.c.Tags {
			m[k] = v
		}
		return m, true
	}),
	obj("identity",
		leaf("type", func(r resource) (any, bool) {
			if r.c.Identity == nil {
				return nil, false
			}
			return r.c.Identity.Type, true
		}),
		leaf("userAssignedIdentities", func(r resource) (any, bool) {
			id := r.c.Identity
			if id == nil || id.Type != schema.UserAssigned || len(id.IDs) == 0 {
				return nil, false
			}
			m := make(map[string]any, len(id.IDs))
			for _, s := range id.IDs {
				m[s] = map[string]any{}
			}
			return m, true
		}),
	),
	obj("properties",
		leaf("computeType", func(resource) (any, bool) { return "AmlCompute", true }),
		leaf("computeLocation", func(r resource) (any, bool) {
			loc := cmp.Or(r.c.Location, r.w.Location)
			if loc == r.w.Location || catalog.SameRegion(loc, r.w.Location) {
				return nil, false
			}
			return loc, true
		}),
		leaf("description", func(r resource) (any, bool) { return str(r.c.Description) }),
		leaf("disableLocalAuth", func(r resource) (any, bool) { return !r.c.LocalAuth, true }),
		obj("properties",
			leaf("vmSize", func(r resource) (any, bool) { return r.c.VMSize, true }),
			leaf("vmPriority", func(r resource) (any, bool) { return cmp.Or(r.c.Priority, schema.Dedicated), true }),
			leaf("osType", func(r resource) (any, bool) { return cmp.Or(r.c.OSType, "Linux"), true }),
			obj("virtualMachineImage",
				leaf("id", func(r resource) (any, bool) { return str(r.c.VirtualMachineImage) }),
			),
			leaf("isolatedNetwork", func(r resource) (any, bool) { return r.c.IsolatedNetwork, true }),
			obj("scaleSettings",
				leaf("maxNodeCount", func(r resource) (any, bool) { return float64(r.c.MaxNodes), true }),
				leaf("minNodeCount", func(r resource) (any, bool) { return float64(r.c.MinNodes), true }),
				leaf("nodeIdleTimeBeforeScaleDown", func(r resource) (any, bool) {
					return compiler.ISODuration(r.c.IdleTimeBeforeScaleDown), true
				}),
			),
			obj("userAccountCredentials",
				leaf("adminUserName", func(r resource) (any, bool) {
					if r.c.SSH == nil {
						return nil, false
					}
					return r.c.SSH.AdminUser, true
				}),
				leaf("adminUserSshPublicKey", func(r resource) (any, bool) {
					if r.c.SSH == nil {
						return nil, false
					}
					return str(r.c.SSH.PublicKey)
				}),
				leaf("adminUserPassword", func(r resource) (any, bool) {
					if r.c.SSH == nil || r.c.SSH.PasswordSecret == "" {
						return nil, false
					}
					return secretValue{r.c.SSH.PasswordSecret}, true
				}),
			),
			obj("subnet",
				leaf("id", func(r resource) (any, bool) {
					if r.c.Network == nil {
						return nil, false
					}
					return str(r.c.Network.Subnet)
				}),
			),
			leaf("remoteLoginPortPublicAccess", func(r resource) (any, bool) {
				if r.c.SSH == nil {
					return "Disabled", true
				}
				return cmp.Or(r.c.SSH.PublicAccess, "Disabled"), true
			}),
			leaf("enableNodePublicIp", func(r resource) (any, bool) {
				return r.c.Network == nil || r.c.Network.NodePublicIP, true
			}),
		),
	),
)

// locate finds where a path leads in resourceShape: the shape, and the
// rest of the path below a leaf; nil when the template writes nothing
// there.
func locate(path []string) (*shape, []string) {
	s := resourceShape
	for i, name := range path {
		var next *shape
		for _, k := range s.kids {
			if strings.EqualFold(k.name, name) {
				next = k
				break
			}
		}
		if next == nil {
			return nil, nil
		}
		s = next
		if s.leaf != nil {
			return s, path[i+1:]
		}
	}
	return s, nil
}

// at is get of a located path.
func (r resource) at(s *shape, rest []string) (any, bool) {
	if s.leaf != nil {
		v, ok := s.leaf(r)
		if !ok {
			return nil, false
		}
		return walk(v, rest)
	}
	return r.object(s)
}

// get returns the value at a dotted path of the resource's JSON
// ("properties.properties.vmSize"), matching names ignoring case, and
// whether it exists. An object exists when one of its members does.
func (r resource) get(path []string) (any, bool) {
	s, rest := locate(path)
	if s == nil {
		return nil, false
	}
	return r.at(s, rest)
}

// object builds the value of an object of the tree.
func (r resource) object(s *shape) (any, bool) {
	if s.leaf != nil {
		return s.leaf(r)
	}
	m := map[string]any{}
	for _, k := range s.kids {
		if v, ok := r.object(k); ok {
			m[k.name] = v
		}
	}
	return m, len(m) > 0
}

// walk follows a path into a plain value, matching object keys ignoring
// case.
func walk(v any, path []string) (any, bool) {
	for _, name := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		found := false
		for k, x := range m {
			if strings.EqualFold(k, name) {
				v, found = x, true
				break
			}
		}
		if !found {
			return nil, false
		}
	}
	return v, true
}

// resourceID is the cluster's ARM resource ID.
func (r resource) resourceID() string {
	return r.w.ResourceID() + "/computes/" + r.c.Name
}
