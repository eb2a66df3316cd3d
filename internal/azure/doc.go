// Package azure is amlc's live side: it talks to Azure Resource Manager to
// observe the AmlCompute clusters of the workspaces in the specs, to plan
// against them (with the pure planner of package diff) and to carry a plan
// out.
//
// Every call goes through one azcore pipeline per [Client]: the credential
// (DefaultAzureCredential, or a static token from AMLC_ACCESS_TOKEN), the
// ARM endpoint of the chosen cloud or a custom one, retries of throttling
// (429, honouring Retry-After) and transient 5xx, and long-running
// operations polled to the end, never more than the retries' cap apart
// (poll.go). At most [Options.Parallel] operations run at once, and every
// call stops when its context is cancelled.
//
// The pipeline is also where amlc's trust in the endpoint is enforced,
// once for every call: requests go only to the endpoint, over TLS, and
// redirects are never followed (transport.go); every answer amlc reads is
// checked for the members it relies on before it is decoded, so that an
// odd answer is an error and never an empty list (required.go); and the
// tokens the credential hands out join [Options.Sensitive], which the
// command line redacts from everything it shows.
//
// The observation of a cluster is its normalised model ([schema.Cluster]):
// VM size in the catalog's spelling, durations parsed, and no secrets —
// Azure never returns the admin password or the SSH public key, so the base
// of a plan says [diff.Unobserved] where the desired spec has one. Each
// cluster is also kept in its observed form, every member Azure returned
// but those that change by themselves: the re-PUT of an identity or tags
// change keeps them. A live plan records the desired spec and every
// observed compute, so that a saved plan can be derived again before it
// is applied (internal/planfile), and a fingerprint of the observation
// lets it be refused when the clusters changed since it was made.
//
// Apply sends exactly the plan's requests (docs/plans.md); after a 409
// that may stem from an interruption or a lost answer, it finds out
// what really happened (converge.go).
package azure
