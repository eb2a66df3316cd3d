package compiler

// The ordered tree: a template's JSON data as values whose objects keep
// their members in document order. Both printers walk it, the ARM JSON all
// of it and the Bicep file each resource, so the two cannot drift apart.
//
// It is built straight from the typed template, member for member as
// encoding/json marshals it: the json tags' names and order, and their
// omitempty. TestTreeIsTheJSON and FuzzCompile hold it to encoding/json, so
// a field added to a type without a line here fails the tests.

// kind is the JSON type of a value.
type kind uint8

// The JSON types.
const (
	kindNull kind = iota
	kindString
	kindNumber
	kindBool
	kindObject
	kindArray
)

// value is one JSON value of a template.
type value struct {
	kind  kind
	str   string   // kindString
	num   int      // kindNumber; kindBool as 0 or 1
	elems []member // kindObject: the members in order; kindArray: the elements, with no key
}

// member is an object member, or an array element with an empty key.
type member struct {
	key string
	val value
}

// get returns the value of the first member of v named key, or the zero
// value (a null).
func (v *value) get(key string) value {
	for _, m := range v.elems {
		if m.key == key {
			return m.val
		}
	}
	return value{}
}

func stringValue(s string) value { return value{kind: kindString, str: s} }

func numberValue(n int) value { return value{kind: kindNumber, num: n} }

func boolValue(b bool) value {
	if b {
		return value{kind: kindBool, num: 1}
	}
	return value{kind: kindBool}
}

func objectValue(members ...member) value { return value{kind: kindObject, elems: members} }

func emptyObject(struct{}) value { return value{kind: kindObject} }

// objectTree is the tree of an [Object]: its members in slice order, each
// value made by tree. A nil Object is {}, as its MarshalJSON says.
func objectTree[V any](o Object[V], tree func(V) value) value {
	ms := make([]member, len(o))
	for i, m := range o {
		ms[i] = member{m.Key, tree(m.Value)}
	}
	return value{kind: kindObject, elems: ms}
}

func (t *ARMTemplate) tree() value {
	ms := make([]member, 0, 6)
	ms = append(ms, member{"$schema", stringValue(t.Schema)}, member{"contentVersion", stringValue(t.ContentVersion)})
	if t.Metadata != nil {
		ms = append(ms, member{"metadata", objectValue(
			member{"_generator", objectValue(member{"name", stringValue(t.Metadata.Generator.Name)})})})
	}
	ms = append(ms, member{"parameters", objectTree(t.Parameters, Parameter.tree)})
	resources := value{kind: kindNull} // a nil slice marshals as null
	if t.Resources != nil {
		resources = value{kind: kindArray, elems: make([]member, len(t.Resources))}
		for i := range t.Resources {
			resources.elems[i].val = t.Resources[i].tree()
		}
	}
	ms = append(ms, member{"resources", resources}, member{"outputs", objectTree(t.Outputs, Output.tree)})
	return value{kind: kindObject, elems: ms}
}

func (p Parameter) tree() value {
	if p.Metadata == nil {
		return objectValue(member{"type", stringValue(p.Type)})
	}
	return objectValue(member{"type", stringValue(p.Type)},
		member{"metadata", objectValue(member{"description", stringValue(p.Metadata.Description)})})
}

func (o Output) tree() value {
	return objectValue(member{"type", stringValue(o.Type)}, member{"value", stringValue(o.Value)})
}

func (r *Resource) tree() value {
	ms := make([]member, 0, 7)
	ms = append(ms,
		member{"type", stringValue(r.Type)},
		member{"apiVersion", stringValue(r.APIVersion)},
		member{"name", stringValue(r.Name)},
		member{"location", stringValue(r.Location)})
	if len(r.Tags) > 0 {
		ms = append(ms, member{"tags", objectTree(r.Tags, stringValue)})
	}
	if id := r.Identity; id != nil {
		v := objectValue(member{"type", stringValue(id.Type)})
		if len(id.UserAssignedIdentities) > 0 {
			v = objectValue(member{"type", stringValue(id.Type)},
				member{"userAssignedIdentities", objectTree(id.UserAssignedIdentities, emptyObject)})
		}
		ms = append(ms, member{"identity", v})
	}
	ms = append(ms, member{"properties", r.Properties.tree()})
	return value{kind: kindObject, elems: ms}
}

func (c *ComputeProperties) tree() value {
	ms := make([]member, 0, 5)
	ms = append(ms, member{"computeType", stringValue(c.ComputeType)})
	if c.ComputeLocation != "" {
		ms = append(ms, member{"computeLocation", stringValue(c.ComputeLocation)})
	}
	if c.Description != "" {
		ms = append(ms, member{"description", stringValue(c.Description)})
	}
	ms = append(ms,
		member{"disableLocalAuth", boolValue(c.DisableLocalAuth)},
		member{"properties", c.Properties.tree()})
	return value{kind: kindObject, elems: ms}
}

func (a *AmlComputeProperties) tree() value {
	ms := make([]member, 0, 10)
	s := &a.ScaleSettings
	ms = append(ms,
		member{"vmSize", stringValue(a.VMSize)},
		member{"vmPriority", stringValue(a.VMPriority)},
		member{"osType", stringValue(a.OSType)})
	// The order of the GET example (2025-04-01 Compute/get/AmlCompute.json).
	if a.VirtualMachineImage != nil {
		ms = append(ms, member{"virtualMachineImage", objectValue(member{"id", stringValue(a.VirtualMachineImage.ID)})})
	}
	ms = append(ms,
		member{"isolatedNetwork", boolValue(a.IsolatedNetwork)},
		member{"scaleSettings", objectValue(
			member{"maxNodeCount", numberValue(s.MaxNodeCount)},
			member{"minNodeCount", numberValue(s.MinNodeCount)},
			member{"nodeIdleTimeBeforeScaleDown", stringValue(s.NodeIdleTimeBeforeScaleDown)})})
	if u := a.UserAccountCredentials; u != nil {
		cred := make([]member, 0, 3)
		cred = append(cred, member{"adminUserName", stringValue(u.AdminUserName)})
		if u.AdminUserSSHPublicKey != "" {
			cred = append(cred, member{"adminUserSshPublicKey", stringValue(u.AdminUserSSHPublicKey)})
		}
		if u.AdminUserPassword != "" {
			cred = append(cred, member{"adminUserPassword", stringValue(u.AdminUserPassword)})
		}
		ms = append(ms, member{"userAccountCredentials", value{kind: kindObject, elems: cred}})
	}
	if a.Subnet != nil {
		ms = append(ms, member{"subnet", objectValue(member{"id", stringValue(a.Subnet.ID)})})
	}
	ms = append(ms,
		member{"remoteLoginPortPublicAccess", stringValue(a.RemoteLoginPortPublicAccess)},
		member{"enableNodePublicIp", boolValue(a.EnableNodePublicIP)})
	return value{kind: kindObject, elems: ms}
}
