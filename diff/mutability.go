package diff

// The mutability model: for every field of the spec, how a change to it
// reaches an existing cluster. This file is the single place that decides
// it. The evidence tags are sources listed with their repository, path and
// commit in docs/routes.md and docs/sources.md; docs/routes.md shows this
// table (a test keeps them equal).

// Route is how a change to a field reaches an existing cluster.
type Route string

// The routes.
const (
	// RouteScalePatch: PATCH of the compute with ClusterUpdateParameters,
	// whose only content is the scale settings (all three, always).
	RouteScalePatch Route = "scale-patch"
	// RouteGetPut: GET the compute, then PUT it back whole with the change
	// (read-modify-write), as `az ml compute update` and Terraform change
	// identity and tags (route_put.go).
	RouteGetPut Route = "get-put"
	// RouteCreateOnly: the field is set only when the cluster is created;
	// a change replaces the cluster.
	RouteCreateOnly Route = "create-only"
	// RouteNone: nothing applies a change. It is shown, never forces a
	// replacement and never makes an update by itself.
	RouteNone Route = "none"
)

// Field is one row of the mutability table.
type Field struct {
	// Path is the field's path in the spec, as in [FieldChange.Path].
	Path  string
	Route Route
	// Reason says in words why a change to the field takes its route; for
	// create-only fields it is the reason a replacement gives.
	Reason string
	// Source lists the source keys (docs/routes.md) behind the route.
	Source string
	// Sensitive fields never show values in a plan.
	Sensitive bool
}

// row is a Field and how to read and compare it (fields.go).
type row struct {
	Field
	accessor
}

const (
	reasonScale = "the scale settings change in place: PATCH of the compute with all three scale fields"
	// One reason for both, so that a change of both gives it once.
	reasonIdentity = "identity and tags change in place: GET the compute, then PUT it back whole with the change (as az ml and Terraform do)"
	reasonTags     = reasonIdentity
	reasonSSH      = "SSH access cannot be changed after creation"
	reasonNetwork  = "the network settings cannot be changed after creation"

	// The sources of the get-put route: the PATCH body holds the scale
	// settings only, ARM's tags API does not support computes, and both
	// current clients re-PUT the compute they read.
	sourceGetPut = "[SPEC-2605] [DOC-TAGS] [CLI] [PY-OPS] [PY-ENT] [TF] [TF-CL]"
)

// clusterRows is the table, in the order field changes are listed.
var clusterRows = []row{
	// "Virtual machine type … can't be changed after creation"; not in the
	// PATCH model; a re-PUT with a new size keeps the old one; Terraform
	// marks vm_size ForceNew.
	{Field{Path: "vmSize", Route: RouteCreateOnly, Reason: "vmSize cannot be changed after creation",
		Source: "[DOC-CC] [SPEC-2605] [ISS-18889] [TF]"}, vmSizeField},
	// ScaleSettings is the whole of ClusterUpdateParameters; maxNodeCount is
	// required in it, so all three are sent.
	{Field{Path: "maxNodes", Route: RouteScalePatch, Reason: reasonScale,
		Source: "[SPEC-2605] [EX-PATCH-2605]"}, maxNodesField},
	{Field{Path: "minNodes", Route: RouteScalePatch, Reason: reasonScale,
		Source: "[SPEC-2605] [EX-PATCH-2605]"}, minNodesField},
	{Field{Path: "idleTimeBeforeScaleDown", Route: RouteScalePatch, Reason: reasonScale,
		Source: "[SPEC-2605] [EX-PATCH-2605]"}, idleField},
	// vmPriority: not in the PATCH model, no client updates it (az ml's
	// tier is not an update flag), Terraform marks vm_priority ForceNew.
	{Field{Path: "priority", Route: RouteCreateOnly, Reason: "priority cannot be changed after creation",
		Source: "[SPEC-2605] [CLI] [TF]"}, priorityField},
	// osType: not in the PATCH model and no client updates it; azure-ai-ml
	// has no os_type field at all and Terraform no os_type attribute, so
	// no client sends it (stricter than needed, but safe).
	{Field{Path: "osType", Route: RouteCreateOnly, Reason: "osType cannot be changed after creation",
		Source: "[SPEC-2605] [PY-ENT]"}, osTypeField},
	// computeLocation is x-ms-mutability [read, create]; the ARM location
	// of a resource never changes; Terraform's location is ForceNew.
	{Field{Path: "location", Route: RouteCreateOnly, Reason: "location cannot be changed after creation",
		Source: "[SPEC-2605] [TF]"}, locationField},
	// Only a full PUT example carries it and no documented update path
	// changes it (Terraform replaces the cluster). Shown with a warning,
	// never applied, never a replacement (SPEC.md §4); a re-PUT for an
	// identity or tags change keeps the description Azure holds.
	{Field{Path: "description", Route: RouteNone, Reason: "description has no documented update path; the change is not applied",
		Source: "[EX-PUT-2605] [SPEC-2605] [TF]"}, descriptionField},
	// Tags: az ml compute update --tags and Terraform (not ForceNew since
	// 4.35.0) re-PUT the compute; computes do not support the tags API.
	{Field{Path: "tags", Route: RouteGetPut, Reason: reasonTags,
		Source: sourceGetPut}, tagsField},
	// Identity: documented as changeable on an existing cluster; az ml
	// (--identity-type, --user-assigned-identities) and Terraform (since
	// 3.112.0) re-PUT the compute; the PATCH model has no identity.
	{Field{Path: "identity.type", Route: RouteGetPut, Reason: reasonIdentity,
		Source: sourceGetPut + " [DOC-ID]"}, identityTypeField},
	{Field{Path: "identity.ids", Route: RouteGetPut, Reason: reasonIdentity,
		Source: sourceGetPut + " [DOC-ID]"}, identityIDsField},
	// subnet and enableNodePublicIp: not in the PATCH model, no client
	// updates them; Terraform marks both ForceNew.
	{Field{Path: "network.subnet", Route: RouteCreateOnly, Reason: reasonNetwork,
		Source: "[SPEC-2605] [CLI] [TF]"}, subnetField},
	{Field{Path: "network.nodePublicIp", Route: RouteCreateOnly, Reason: reasonNetwork,
		Source: "[SPEC-2605] [CLI] [TF]"}, nodePublicIPField},
	// userAccountCredentials and remoteLoginPortPublicAccess: "SSH access
	// can't be changed after creation"; az ml drops ssh_settings from its
	// re-PUT; Terraform's ssh is ForceNew.
	{Field{Path: "ssh.adminUser", Route: RouteCreateOnly, Reason: reasonSSH,
		Source: "[DOC-CC] [CLI] [TF]"}, adminUserField},
	{Field{Path: "ssh.publicKey", Route: RouteCreateOnly, Reason: reasonSSH,
		Source: "[DOC-CC] [CLI] [TF]"}, publicKeyField},
	{Field{Path: "ssh.password", Route: RouteCreateOnly, Reason: reasonSSH,
		Source: "[DOC-CC] [CLI] [TF] [SPEC-2605] (x-ms-secret)", Sensitive: true}, passwordField},
	// "It can be default only during cluster creation time, after creation
	// it will be either enabled or disabled"; Terraform's
	// ssh_public_access_enabled is ForceNew.
	{Field{Path: "ssh.publicAccess", Route: RouteCreateOnly, Reason: reasonSSH,
		Source: "[DOC-CC] [SPEC-2605] [TF]"}, publicAccessField},
	// disableLocalAuth is x-ms-mutability [read, create]; Terraform's
	// local_auth_enabled is ForceNew.
	{Field{Path: "localAuth", Route: RouteCreateOnly, Reason: "localAuth cannot be changed after creation",
		Source: "[SPEC-2605] [TF]"}, localAuthField},
	// virtualMachineImage and isolatedNetwork: not in the PATCH body
	// (ClusterUpdateParameters is scale settings only, every stable version
	// to 2026-09-01) and no client updates them: azure-ai-ml, az ml and
	// Terraform have neither field. A change replaces the cluster.
	{Field{Path: "virtualMachineImage", Route: RouteCreateOnly, Reason: "virtualMachineImage cannot be changed after creation",
		Source: "[SPEC-2605] [PY-ENT] [CLI] [TF]"}, imageField},
	{Field{Path: "isolatedNetwork", Route: RouteCreateOnly, Reason: reasonNetwork,
		Source: "[SPEC-2605] [PY-ENT] [CLI] [TF]"}, isolatedNetworkField},
	// largeScale maps to nothing in Azure: it records the support exception
	// that raises the node limits (SPEC.md §1).
	{Field{Path: "largeScale", Route: RouteNone, Reason: "largeScale has no Azure property; nothing to apply",
		Source: "[DOC-Q] (docs/limits.md)"}, largeScaleField},
}

// workspaceRows are the workspace coordinates under one workspace key. A
// cluster cannot move between subscriptions, resource groups or workspaces:
// its name is part of its ARM ID and the workspace is its parent
// (Terraform: machine_learning_workspace_id is ForceNew). [TF]
var workspaceRows = []wsRow{
	{Field{Path: "workspace.subscription", Route: RouteCreateOnly,
		Reason: "a cluster cannot move to another subscription", Source: "[TF]"}, wsSubscription},
	{Field{Path: "workspace.resourceGroup", Route: RouteCreateOnly,
		Reason: "a cluster cannot move to another resource group", Source: "[TF]"}, wsResourceGroup},
	{Field{Path: "workspace.name", Route: RouteCreateOnly,
		Reason: "a cluster cannot move to another workspace", Source: "[TF]"}, wsName},
}

// Fields returns the mutability table: the cluster fields, then the
// workspace coordinates.
func Fields() []Field {
	fs := make([]Field, 0, len(clusterRows)+len(workspaceRows))
	for _, r := range clusterRows {
		fs = append(fs, r.Field)
	}
	for _, r := range workspaceRows {
		fs = append(fs, r.Field)
	}
	return fs
}

// FieldOf returns the row of the mutability table for a path.
func FieldOf(path string) (Field, bool) {
	for _, f := range Fields() {
		if f.Path == path {
			return f, true
		}
	}
	return Field{}, false
}

// Updatable reports whether a change on the route can be applied in place.
func (r Route) Updatable() bool {
	return r == RouteScalePatch || r == RouteGetPut
}
