package diff

// The mutability model: for every field of the spec, how a change to it
// reaches an existing cluster. This file is the single place that decides
// it; the evidence tags in the comments ([SW], [TF], …) are the sources
// listed, with repository, path and commit, in docs/sources.md.

// Route is how a change to a field reaches an existing cluster.
type Route string

// The routes.
const (
	// RouteScalePatch: PATCH of the compute with ClusterUpdateParameters,
	// whose only content is the scale settings (all three, always).
	RouteScalePatch Route = "scale-patch"
	// RouteIdentityPatch: PATCH of the compute with {location, properties:
	// {}, identity}, as azureml-core's add_identity and remove_identity do.
	RouteIdentityPatch Route = "identity-patch"
	// RouteTags: the ARM tags API on the compute
	// (…/providers/Microsoft.Resources/tags/default).
	RouteTags Route = "tags"
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
	// Source lists the evidence tags of azure-api.md behind the route.
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
	reasonScale    = "the scale settings change in place: PATCH of the compute with all three scale fields"
	reasonIdentity = "the identity changes in place: PATCH of the compute's identity"
	reasonTags     = "the tags change in place through the ARM tags API"
	reasonSSH      = "SSH access cannot be changed after creation"
	reasonNetwork  = "the network settings cannot be changed after creation"
)

// clusterRows is the table, in the order field changes are listed.
var clusterRows = []row{
	// "Virtual machine type … can't be changed after creation"; not in the
	// PATCH model; a re-PUT with a new size keeps the old one.
	// [DOC-CC-2024] [SW] [ISS-18889] [TF]
	{Field{Path: "vmSize", Route: RouteCreateOnly, Reason: "vmSize cannot be changed after creation",
		Source: "[DOC-CC-2024] [SW] [ISS-18889] [TF]"}, vmSizeField},
	// ScaleSettings is the whole of ClusterUpdateParameters; maxNodeCount is
	// required in it, so all three are sent. [SW] [EX-patch] [PY1] [PS]
	{Field{Path: "maxNodes", Route: RouteScalePatch, Reason: reasonScale,
		Source: "[SW] [EX-patch] [PY1] [PS]"}, maxNodesField},
	{Field{Path: "minNodes", Route: RouteScalePatch, Reason: reasonScale,
		Source: "[SW] [EX-patch] [PY1] [PS]"}, minNodesField},
	{Field{Path: "idleTimeBeforeScaleDown", Route: RouteScalePatch, Reason: reasonScale,
		Source: "[SW] [EX-patch] [PY1] [PS]"}, idleField},
	// vmPriority: no client updates it, no documented path; Terraform
	// marks it ForceNew. [CLI2] [PS] [TF]
	{Field{Path: "priority", Route: RouteCreateOnly, Reason: "priority cannot be changed after creation",
		Source: "[CLI2] [PS] [TF]"}, priorityField},
	// osType: same as vmPriority. [CLI2] [PS] [TF]
	{Field{Path: "osType", Route: RouteCreateOnly, Reason: "osType cannot be changed after creation",
		Source: "[CLI2] [PS] [TF]"}, osTypeField},
	// computeLocation is x-ms-mutability [read, create]; the ARM location
	// of a resource never changes. [SW] [TF]
	{Field{Path: "location", Route: RouteCreateOnly, Reason: "location cannot be changed after creation",
		Source: "[SW] [TF]"}, locationField},
	// Only a full PUT example carries it, and a PUT overwrites the compute
	// ("nonrecoverable"); no client updates it. Shown with a warning, never
	// applied, never a replacement (SPEC.md §4). [EX-update-put] [SW]
	{Field{Path: "description", Route: RouteNone, Reason: "description has no documented update path; the change is not applied",
		Source: "[EX-update-put] [SW]"}, descriptionField},
	// Tags: az ml compute update --tags changes them on a live cluster
	// [CLI2]; amlc uses the ARM tags API rather than a full PUT (SPEC.md §3).
	{Field{Path: "tags", Route: RouteTags, Reason: reasonTags,
		Source: "[CLI2]"}, tagsField},
	// Identity: documented as changeable on an existing cluster; sent as
	// the PATCH azureml-core's add_identity/remove_identity send.
	// [PY1] [DOC-ID] [CLI2] [EXS]
	{Field{Path: "identity.type", Route: RouteIdentityPatch, Reason: reasonIdentity,
		Source: "[PY1] [DOC-ID] [CLI2] [EXS]"}, identityTypeField},
	{Field{Path: "identity.ids", Route: RouteIdentityPatch, Reason: reasonIdentity,
		Source: "[PY1] [DOC-ID] [CLI2] [EXS]"}, identityIDsField},
	// subnet and enableNodePublicIp: no documented update path; Terraform
	// marks both ForceNew. [CLI2] [PS] [TF]
	{Field{Path: "network.subnet", Route: RouteCreateOnly, Reason: reasonNetwork,
		Source: "[CLI2] [PS] [TF]"}, subnetField},
	{Field{Path: "network.nodePublicIp", Route: RouteCreateOnly, Reason: reasonNetwork,
		Source: "[CLI2] [PS] [TF]"}, nodePublicIPField},
	// userAccountCredentials and remoteLoginPortPublicAccess: "SSH access
	// can't be changed after creation". [DOC-CC-2024] [TF]
	{Field{Path: "ssh.adminUser", Route: RouteCreateOnly, Reason: reasonSSH,
		Source: "[DOC-CC-2024] [TF]"}, adminUserField},
	{Field{Path: "ssh.publicKey", Route: RouteCreateOnly, Reason: reasonSSH,
		Source: "[DOC-CC-2024] [TF]"}, publicKeyField},
	{Field{Path: "ssh.password", Route: RouteCreateOnly, Reason: reasonSSH,
		Source: "[DOC-CC-2024] [TF] [SW] (x-ms-secret)", Sensitive: true}, passwordField},
	{Field{Path: "ssh.publicAccess", Route: RouteCreateOnly, Reason: reasonSSH,
		Source: "[DOC-CC-2024] [SW] [TF]"}, publicAccessField},
	// disableLocalAuth is x-ms-mutability [read, create]. [SW] [TF]
	{Field{Path: "localAuth", Route: RouteCreateOnly, Reason: "localAuth cannot be changed after creation",
		Source: "[SW] [TF]"}, localAuthField},
	// virtualMachineImage and isolatedNetwork: not in the PATCH body
	// (ClusterUpdateParameters is scale settings only, every stable version
	// to 2026-09-01) and no client updates them: azure-ai-ml, az ml and
	// Terraform have neither field. A change replaces the cluster.
	// [SPEC-2609] [PY-ENT] [CLI] [TF] (fidelity-2026-12 §2–3)
	{Field{Path: "virtualMachineImage", Route: RouteCreateOnly, Reason: "virtualMachineImage cannot be changed after creation",
		Source: "[SPEC-2609] [PY-ENT] [CLI] [TF]"}, imageField},
	{Field{Path: "isolatedNetwork", Route: RouteCreateOnly, Reason: reasonNetwork,
		Source: "[SPEC-2609] [PY-ENT] [CLI] [TF]"}, isolatedNetworkField},
	// largeScale maps to nothing in Azure: it records the support exception
	// that allows more than 100 nodes (SPEC.md §1). [DOC-Q]
	{Field{Path: "largeScale", Route: RouteNone, Reason: "largeScale has no Azure property; nothing to apply",
		Source: "[DOC-Q] (SPEC.md §1)"}, largeScaleField},
}

// workspaceRows are the workspace coordinates under one workspace key. A
// cluster cannot move between subscriptions, resource groups or workspaces:
// its name is part of its ARM ID and the workspace is its parent
// (Terraform: machine_learning_workspace_id is ForceNew). [TF] (§4.5 "ARM
// location, sku, name")
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
	return r == RouteScalePatch || r == RouteIdentityPatch || r == RouteTags
}
