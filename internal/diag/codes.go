package diag

// Rule describes one diagnostic code: what it checks, for SARIF rule
// metadata and `amlc vet --help`-style listings.
type Rule struct {
	Code     string
	Severity Severity
	// Description is one sentence about what the rule checks.
	Description string
}

// Rules lists every diagnostic code amlc can report. Codes are stable: tests,
// CI configurations and SARIF consumers refer to them.
var Rules = []Rule{
	// Reading the inputs.
	{"input/not-found", Error, "An input path does not exist."},
	{"input/unreadable", Error, "An input file or directory cannot be read."},
	{"input/empty", Error, "The inputs hold no spec files."},
	{"input/encoding", Error, "A spec file is not valid UTF-8."},
	{"input/syntax", Error, "A spec file does not parse as CUE, JSON or YAML."},
	{"input/package", Error, "CUE files in one directory declare different packages."},
	{"input/import", Error, "A spec imports a CUE package amlc cannot resolve."},
	{"input/eval", Error, "The CUE configuration cannot be evaluated (a cycle, a bad reference, an invalid expression)."},
	{"input/too-large", Error, "A spec file is larger than amlc reads."},
	{"input/skipped", Note, "A JSON or YAML file in a spec directory, or a CUE package matched by a ... pattern, is plainly not a spec and was left out."},
	{"input/not-a-spec", Error, "A file given as a spec is one amlc wrote: a plan or a template."},
	{"input/tag", Error, "A -t/--inject build tag is malformed, has a value of the wrong type, or is used by no file."},
	{"input/module", Error, "The CUE module (cue.mod) cannot be loaded, or a dependency is not in the module cache."},
	{"input/limit", Error, "Evaluating the specs went past amlc's bound on time or memory."},

	// The embedded schema.
	{"schema/unknown-field", Error, "A field is not part of the spec language (often a misspelling)."},
	{"schema/type", Error, "A value has the wrong type."},
	{"schema/enum", Error, "A value is not one of the allowed values."},
	{"schema/required", Error, "A required field is missing."},
	{"schema/range", Error, "A number is outside its allowed range."},
	{"schema/conflict", Error, "Two definitions of the same field disagree (for example in two files)."},
	{"schema/invalid", Error, "A value violates a schema constraint."},
	{"schema/duration", Error, "A duration is neither a Go duration nor ISO 8601, or is negative."},

	// Names and identifiers.
	{"name/compute", Error, "A compute name breaks Azure's naming rules."},
	{"name/legacy", Warning, "A cluster that exists in Azure has a name today's rule refuses: manageable in place, never created again."},
	{"name/duplicate", Error, "Two clusters in one region share a compute name."},
	{"name/workspace", Error, "A workspace name breaks Azure's naming rules."},
	{"name/resource-group", Error, "A resource group name breaks Azure's naming rules."},
	{"id/subscription", Error, "A subscription ID is not a GUID."},
	{"id/subnet", Error, "A subnet is not a subnet resource ID."},
	{"id/identity", Error, "A user-assigned identity is not a managed identity resource ID."},
	{"id/image", Warning, "A virtualMachineImage id is not the resource ID of a managed image or an Azure Compute Gallery image."},
	{"image/windows-only", Error, "A virtualMachineImage on a cluster that is not Windows (the API allows it for Windows only)."},
	{"region/format", Error, "A location is not an Azure region name."},
	{"region/unknown", Warning, "A location is not a region amlc knows."},
	{"tags/limit", Error, "Tags break ARM's tag limits."},

	// Node counts.
	{"nodes/min-gt-max", Error, "minNodes is larger than maxNodes."},
	{"nodes/over-100", Warning, "A cluster with inter-node communication has 101–300 nodes without a support-ticket exception: above the how-to's 100-node guidance and the 100 nodes of one MPI job."},
	{"nodes/over-limit", Error, "More nodes than Azure allows for the cluster's kind (300 with inter-node communication, 4,000 with it and an exception)."},
	{"nodes/rdma", Error, "A cluster with inter-node communication on an RDMA (InfiniBand) size has more than 100 nodes."},
	{"nodes/over-ceiling", Error, "More nodes than Azure allows even with an exception (65,000)."},
	{"nodes/ticket", Error, "largeScale names no support ticket."},

	// Network, SSH, identity, secrets.
	{"network/private-needs-subnet", Warning, "nodePublicIp: false without a subnet: valid only in a workspace with a managed virtual network (an error with --live when the workspace has none)."},
	{"network/managed-vnet-region", Error, "A cluster in another region than its workspace, in a workspace with a managed virtual network (--live)."},
	{"ssh/no-credential", Error, "An ssh block has neither a publicKey nor a password."},
	{"ssh/public-needs-credential", Error, "publicAccess: Enabled needs SSH credentials."},
	{"ssh/admin-user", Error, "The SSH admin user name is not valid."},
	{"ssh/public-key", Error, "The SSH public key is not an OpenSSH public key."},
	{"secret/plaintext", Error, "A password is written as a literal instead of a secret reference."},
	{"secret/name", Error, "A secret reference has an invalid name."},
	{"identity/ids", Error, "A user-assigned identity list is empty, repeated, or given with a system-assigned identity."},

	// VM sizes.
	{"size/unknown", Error, "The VM size is not one Azure ML offers."},
	{"size/not-amlcompute", Error, "The VM size cannot be used for Azure ML compute clusters."},
	{"size/not-in-region", Error, "The VM size is not offered in the cluster's region."},
	{"size/no-low-priority", Error, "The VM size cannot run low-priority nodes."},

	// Quotas.
	{"quota/node-too-large", Error, "A single node (or minNodes) needs more vCPUs than the quota allows."},
	{"quota/oversubscribed", Warning, "Clusters together could need more vCPUs than the quota allows."},
	{"quota/clusters", Error, "More computes in a region than the quota allows."},
	{"quota/no-region", Warning, "A quotas block names a subscription and region no cluster uses."},

	// Advice.
	{"cost/min-nodes", Warning, "minNodes above zero keeps nodes billed while idle."},
	{"cost/low-priority-min-nodes", Warning, "Low-priority nodes (Spot VMs since 2026-03-31) kept by minNodes are billed while idle, can be evicted and still count against quota."},
	{"security/public-ssh", Warning, "SSH is open to the internet."},
	{"cost/budget-floor", Error, "The clusters of a workspace cost more than its budget with minNodes always on."},
	{"cost/budget-ceiling", Warning, "The clusters of a workspace can cost more than its budget at maxNodes."},
	{"cost/estimate", Note, "The monthly cost of a cluster or of a workspace's clusters (vet --cost)."},
	{"cost/no-price", Warning, "A cluster of a workspace with a budget has no price (unknown size or region, or Windows offline)."},
	{"security/local-auth", Warning, "Local authentication is enabled."},
	{"policy/deny", Error, "An Azure Policy definition given with --policy would deny the cluster at deployment."},
	{"policy/audit", Warning, "An Azure Policy definition (audit, auditIfNotExists) would report the cluster as non-compliant."},
	{"policy/modify", Note, "An Azure Policy modify effect would change the cluster at deployment."},
	{"policy/append", Note, "An Azure Policy append effect would change the cluster at deployment."},
	{"policy/deploy", Note, "An Azure Policy deployIfNotExists effect would deploy a related resource."},
	{"policy/not-evaluated", Warning, "An Azure Policy definition uses a construct amlc does not evaluate, so it was not evaluated for some clusters."},
	{"policy/not-applicable", Note, "An Azure Policy definition of a data-plane mode does not apply to the cluster's ARM resource."},
	{"policy/invalid", Error, "An Azure Policy definition is malformed, or its evaluation fails."},
	{"policy/alias", Error, "An Azure Policy definition uses an alias that Microsoft.MachineLearningServices/workspaces/computes does not have."},
	{"policy/params", Error, "Policy parameter values are missing, malformed, or not declared."},
	{"catalog/region-unverified", Warning, "The VM-size catalog does not cover this region; sizes were checked against another region's list."},
	{"live/lock", Warning, "A resource lock on the workspace's resource group blocks scaling."},
}

// RuleFor returns the rule for code and whether it is known.
func RuleFor(code string) (Rule, bool) {
	for _, r := range Rules {
		if r.Code == code {
			return r, true
		}
	}
	return Rule{}, false
}
