package armfake

import (
	"encoding/json"
	"time"
)

// Options configure a fake server. The zero value serves no workspaces
// and the embedded recorded catalog.
type Options struct {
	// Addr is the TCP address to listen on, default "127.0.0.1:0". It must
	// be a loopback address: the certificate covers only 127.0.0.1, ::1 and
	// localhost.
	Addr string

	// Workspaces are the workspaces that exist. Their subscriptions and
	// resource groups exist too; any other subscription or resource group
	// is unknown (404).
	Workspaces []Workspace
	// Computes are clusters that exist from the start (and after Reset).
	// Each is created as a PUT of its Body would create it, and is
	// Succeeded at once.
	Computes []SeedCompute
	// Locks are management locks on resource groups, listed by the locks
	// API. A ReadOnly lock makes writes in its resource group fail with 409
	// ScopeLocked; CanNotDelete makes deletions fail.
	Locks []Lock

	// Token, when set, is the only bearer token accepted; otherwise any
	// non-empty bearer token is.
	Token string
	// TenantID is the tenant of system-assigned identities; default
	// DefaultTenantID.
	TenantID string

	// PageSize is the number of computes per page of Compute_List; 0
	// means 2, so that listing a workspace with three clusters follows a
	// nextLink.
	PageSize int
	// Polls is how many times an operation's status reads InProgress
	// before its final status; 0 means 1, a negative value means none.
	Polls int
	// RetryAfter is the Retry-After of long-running operations (whole
	// seconds), default 0 so that clients poll at once.
	RetryAfter time.Duration
	// Latency delays every request (after it is logged, before it is
	// answered), to make a client's concurrency observable.
	Latency time.Duration
	// Control serves the control API under ControlPrefix, for a test or
	// benchmark that runs the fake as a separate process (cmd/armfake
	// --control): GET /_armfake/stats answers [Stats] as JSON, POST
	// /_armfake/reset does [Server.Reset] and answers 204. Its requests
	// need no token and are neither logged, counted, delayed nor faulted.
	// Without Control, those paths answer 404 like any unknown route.
	Control bool

	// CatalogDir holds the VirtualMachineSizes_List and Usages_List
	// responses to serve (files named *vmsizes*.json and *usages*.json,
	// Azure PowerShell recordings or plain response bodies). Default: the
	// eastus responses embedded in the package (data/, recorded on
	// 2025-11-04), whatever the working directory.
	CatalogDir string
	// Usages replace or add entries of the recorded usages, for example to
	// make a quota too small.
	Usages []UsageOverride
}

// Workspace is an Azure ML workspace that exists.
type Workspace struct {
	Subscription  string
	ResourceGroup string
	Name          string
	Location      string
	// IsolationMode is the isolation mode of the workspace's managed
	// virtual network (properties.managedNetwork.isolationMode:
	// AllowInternetOutbound or AllowOnlyApprovedOutbound; Disabled for
	// none). Empty means a workspace whose GET has no managedNetwork, as
	// the Workspace get example has none.
	IsolationMode string
}

// SeedCompute is a compute that exists from the start: Body is a
// ComputeResource as a Compute_CreateOrUpdate request carries it (JSON
// text, json.RawMessage, or any value that marshals to it).
type SeedCompute struct {
	Subscription  string
	ResourceGroup string
	Workspace     string
	Name          string
	Body          any
	// LegacyName seeds a compute whose name today's rule refuses, as one
	// created when the service still allowed it (Terraform's acceptance
	// tests created clusters named CC-<number>): the rule applies to
	// creating a compute, and such a cluster keeps its name.
	LegacyName bool
}

// Lock is a management lock on a resource group.
type Lock struct {
	Subscription  string
	ResourceGroup string
	Name          string
	Level         string // "CanNotDelete" or "ReadOnly"
	Notes         string
}

// The lock levels of Microsoft.Authorization/locks.
const (
	CanNotDelete = "CanNotDelete"
	ReadOnly     = "ReadOnly"
)

// UsageOverride sets the limit and current value of one usage entry. Name
// is the entry's name.value: a VM family, matched loosely
// ("standardDSv2Family", "Standard DSv2 Family", …), or TotalClusters,
// TotalDedicatedCores or TotalLowPriorityCores. A family entry that is not
// recorded is added.
type UsageOverride struct {
	Location    string // "" for every location
	Name        string
	LowPriority bool // the family's low-priority entry rather than its dedicated one
	Limit       int64
	Current     int64
}

// rawJSON turns a seed body into JSON bytes.
func rawJSON(v any) ([]byte, error) {
	switch b := v.(type) {
	case string:
		return []byte(b), nil
	case []byte:
		return b, nil
	case json.RawMessage:
		return b, nil
	}
	return json.Marshal(v)
}
