package schema

import "time"

// Spec is the validated model of all inputs: every default resolved, every
// name in its Azure spelling. Slices are sorted by key so that everything
// derived from a Spec is deterministic.
type Spec struct {
	Workspaces []Workspace
	Quotas     []Quota
}

// Workspace is an existing Azure ML workspace whose clusters amlc manages.
type Workspace struct {
	// Key is the key under `workspaces`; it names output files and plan
	// addresses.
	Key           string
	Name          string
	Subscription  string
	ResourceGroup string
	Location      string
	Clusters      []Cluster
	// Budget is the workspace's monthly budget for its clusters, nil when
	// none is set.
	Budget *Budget
}

// Budget is a monthly budget in USD, checked against the clusters' cost.
type Budget struct {
	Monthly float64
}

// ResourceID returns the workspace's ARM resource ID.
func (w *Workspace) ResourceID() string {
	return "/subscriptions/" + w.Subscription + "/resourceGroups/" + w.ResourceGroup +
		"/providers/Microsoft.MachineLearningServices/workspaces/" + w.Name
}

// Cluster is one AmlCompute cluster.
type Cluster struct {
	// Name is the compute name (the key under `clusters`).
	Name string
	// VMSize is in the catalog's spelling (e.g. "Standard_D2_v2") when the
	// size is known, else as written.
	VMSize   string
	MaxNodes int
	MinNodes int
	// IdleTimeBeforeScaleDown is a whole number of seconds.
	IdleTimeBeforeScaleDown time.Duration
	Priority                string // "Dedicated" or "LowPriority"
	OSType                  string // "Linux" or "Windows"
	// Location is the cluster's region, the workspace's unless set.
	Location    string
	Description string
	Tags        map[string]string
	Identity    *Identity
	Network     *Network
	SSH         *SSH
	LocalAuth   bool
	LargeScale  *LargeScale
	// VirtualMachineImage is the resource ID of a custom node image
	// (properties.properties.virtualMachineImage.id), "" for Azure's own.
	VirtualMachineImage string
	// IsolatedNetwork is properties.properties.isolatedNetwork.
	IsolatedNetwork bool
}

// The priorities and identity types of the spec language.
const (
	Dedicated      = "Dedicated"
	LowPriority    = "LowPriority"
	SystemAssigned = "SystemAssigned"
	UserAssigned   = "UserAssigned"
)

// Identity is the cluster's managed identity.
type Identity struct {
	Type string   // SystemAssigned or UserAssigned
	IDs  []string // user-assigned identity resource IDs, in spec order
}

// Network places the nodes in a subnet.
type Network struct {
	Subnet       string // subnet resource ID, may be empty
	NodePublicIP bool
}

// SSH holds the admin account of the nodes. The password is only ever a
// reference to a secret; its value never enters the model.
type SSH struct {
	AdminUser string
	PublicKey string
	// PasswordSecret is the name of the secret holding the admin password,
	// empty when there is none.
	PasswordSecret string
	PublicAccess   string // Enabled, Disabled or NotSpecified
}

// LargeScale is the written exception that allows more than 100 nodes.
type LargeScale struct {
	SupportTicket          string
	InternodeCommunication bool
}

// Quota is the vCPU quota of one subscription in one region. Nil pointers
// and missing families mean "not given": nothing is checked against them.
type Quota struct {
	Subscription   string
	Region         string
	DedicatedTotal *int
	// Families maps a VM family name as written (matched case-insensitively)
	// to its dedicated vCPU limit.
	Families    map[string]int
	LowPriority *int
	Clusters    *int
}

// Address returns the plan address of a cluster: "workspace/cluster".
func Address(w *Workspace, c *Cluster) string { return w.Key + "/" + c.Name }
