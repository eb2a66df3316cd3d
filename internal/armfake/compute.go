package armfake

import (
	"encoding/json"
	"maps"
	"slices"
	"time"
)

// ComputeType is the resource type of a compute.
const ComputeType = "Microsoft.MachineLearningServices/workspaces/computes"

// The provisioning states of a compute.
const (
	StateCreating  = "Creating"
	StateUpdating  = "Updating"
	StateDeleting  = "Deleting"
	StateSucceeded = "Succeeded"
	StateFailed    = "Failed"
)

// Compute is the state of a cluster the fake holds, its secrets included:
// the values a create set, after the service's defaults and
// normalisations. [Server.Compute] and [Server.Computes] return copies.
type Compute struct {
	ID            string // ARM resource ID
	Subscription  string
	ResourceGroup string
	Workspace     string
	Name          string

	Location          string // top-level location
	ComputeLocation   string // properties.computeLocation, the location by default
	Description       string
	Tags              map[string]string
	Identity          *Identity
	DisableLocalAuth  bool
	ProvisioningState string
	CreatedOn         time.Time
	ModifiedOn        time.Time

	VMSize                      string // as sent
	VMPriority                  string // Dedicated or LowPriority
	OSType                      string // Linux or Windows
	MinNodes                    int
	MaxNodes                    int
	IdleTimeBeforeScaleDown     string // ISO 8601 as the service returns it, e.g. "PT2M"
	Subnet                      string // subnet resource ID, "" for none
	EnableNodePublicIP          bool
	RemoteLoginPortPublicAccess string // Enabled or Disabled: NotSpecified is resolved at creation
	IsolatedNetwork             bool
	VirtualMachineImage         string // image resource ID, "" for none
	// PropertyBag (properties.properties.propertyBag, "A property bag
	// containing additional properties") and SKU (the resource's sku,
	// which Terraform copies from the workspace) are kept as sent, as JSON;
	// nil when not sent.
	PropertyBag json.RawMessage
	SKU         json.RawMessage

	// The node admin account. The password and the SSH key are x-ms-secret:
	// no response and no logged request ever holds them.
	AdminUserName         string
	AdminUserPassword     string
	AdminUserSSHPublicKey string

	errors []*armError // provisioningErrors after a failed operation
}

// Identity is a compute's managed identity.
type Identity struct {
	Type                   string   // SystemAssigned or UserAssigned
	UserAssignedIdentities []string // resource IDs, for UserAssigned
}

// clone returns a deep copy of c.
func (c *Compute) clone() *Compute {
	d := *c
	d.Tags = maps.Clone(c.Tags)
	if c.Identity != nil {
		id := *c.Identity
		id.UserAssignedIdentities = slices.Clone(id.UserAssignedIdentities)
		d.Identity = &id
	}
	d.errors = slices.Clone(c.errors)
	d.PropertyBag, d.SKU = slices.Clone(c.PropertyBag), slices.Clone(c.SKU)
	return &d
}

// computeRec is a compute and the operation running on it, if any.
type computeRec struct {
	c  *Compute
	op *operation
}

// busy reports whether an operation is running on the compute.
func (r *computeRec) busy() bool { return r.op != nil && !r.op.done() }
