// Package armfake is a fake Azure Resource Manager endpoint for testing
// amlc's live features without Azure: an HTTPS server on a loopback
// address that answers the Azure ML compute, deployment, usages, VM-size
// and locks APIs as the service does (at any api-version; amlc sends
// 2026-05-01), keeps their state in
// memory, and lets a test inject faults.
//
// Answers are shaped like the REST API examples of the spec repository
// (../shared/azure/rest-examples) and the recorded eastus responses
// (../shared/azure/catalog); the package's tests compare them member by
// member. Facts are tagged with the source keys of docs/routes.md.
//
// # What it serves
//
// Every request needs an Authorization: Bearer header (401 otherwise)
// and, on a known route, an api-version (400 MissingApiVersionParameter).
// Paths match ignoring case. Unknown routes answer 404 NotFound, bodies
// that are not JSON 400 InvalidRequestContent, and unknown subscriptions,
// resource groups and workspaces the 404 of ARM (SubscriptionNotFound,
// ResourceGroupNotFound, ResourceNotFound).
//
//   - …/workspaces/{ws}/computes/{name}: GET; PUT (201 on create with
//     Azure-AsyncOperation and Retry-After, as 2026-05-01 declares; 200 on
//     overwrite, with Azure-AsyncOperation too); PATCH (the scale settings
//     only, ClusterUpdateParameters: 200 with Azure-AsyncOperation and
//     Location, whose final answer is the compute, final-state-via
//     location); DELETE (underlyingResourceAction required; 202 with
//     Azure-AsyncOperation and Location, or 204).
//   - …/workspaces/{ws}/computes: paged list (Options.PageSize) whose
//     nextLink is an absolute URL with an opaque $skip.
//   - …/workspaces/{ws}: the workspace's envelope.
//   - /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Resources/
//     deployments/{name}: PUT and GET of classic templates that create
//     computes; parameters('x'), resourceId(…) and concat(…) are
//     evaluated, other expressions fail the deployment (InvalidTemplate).
//   - …/locations/{loc}/usages and …/locations/{loc}/vmSizes: the recorded
//     eastus data, with Options.Usages overrides.
//   - …/resourceGroups/{rg}/providers/Microsoft.Authorization/locks: the
//     Options.Locks of the group.
//
// Long-running operations answer InProgress (deployments: Running) for
// Options.Polls polls of their status or Location URL, or reads (GET) of
// the compute or deployment they change (an operation goes on whether or
// not its client still polls it), then Succeeded, or Failed when a Fault
// with FailOperation matched the request that started them. Meanwhile the compute is Creating, Updating or Deleting, and other
// writes to it answer 409. Retry-After is Options.RetryAfter, default 0.
//
// # Control API
//
// [Server.Stats] counts the requests received and the most handled at
// once, and [Server.Reset] restores the seeded state. A client in another
// process (a benchmark running cmd/armfake) reaches them with
// Options.Control, under ControlPrefix, outside ARM's paths: GET
// /_armfake/stats answers {"requests", "inFlight", "maxInFlight"}, POST
// /_armfake/reset resets and answers 204. These two need no token and are
// not logged, counted, delayed or faulted.
//
// # A hostile endpoint
//
// Beside Azure's own failures (throttling, 5xx, resets, failed
// operations), a [Fault] can play an endpoint that misbehaves: it
// redirects (Fault.Redirect), answers any body at all (Fault.Raw: an
// empty one, {}, {"value": null}), echoes the Authorization header and
// the body in several encodings (Fault.Echo), points its operation URLs
// and nextLinks at another host (Fault.LinkBase), asks for absurd waits
// (Fault.RetryAfterValue), or handles a request and loses the answer
// (Fault.LoseAnswer). A [Witness] is that other host: a listener on another
// port, over plain http or over TLS with the fake's certificate, that
// records whatever reaches it.
//
// # Secrets
//
// adminUserPassword and adminUserSshPublicKey (x-ms-secret) and the
// values of secure deployment parameters reach [Compute] (see
// [Server.Compute]) but no answer: Compute_Get returns the admin user
// name only, a deployment shows a secure parameter's type only, and an
// output that reads one fails the deployment. [Server.Requests] logs
// bodies with these values replaced by [Redacted], and does not log
// bodies that are not JSON.
//
// # Choices where Azure's behaviour is not documented
//
//   - nodeIdleTimeBeforeScaleDown is returned as .NET's
//     XmlConvert.ToString(TimeSpan) writes it: "PT120S" reads back "PT2M",
//     "PT90M" "PT1H30M", "PT24H" "P1D", zero "PT0S".
//   - Creates default vmPriority to Dedicated and the idle time to PT2M
//     (the swagger gives none), and need vmSize (a size of the recorded
//     list that supports AmlCompute) and scaleSettings.
//   - remoteLoginPortPublicAccess NotSpecified becomes Disabled with a
//     subnet and Enabled without one [SW].
//   - A PUT over an existing compute (a deployment's resource too) is how
//     az ml compute update and Terraform change identity and tags: GET,
//     then PUT the whole compute back. The fake takes the scale settings,
//     description, tags and identity of such a PUT, and keeps a
//     create-only setting the body leaves out. What Azure does with a PUT
//     that changes a create-only setting (vmSize, vmPriority, osType,
//     location, computeLocation, disableLocalAuth, subnet,
//     enableNodePublicIp, remoteLoginPortPublicAccess, isolatedNetwork,
//     virtualMachineImage, the admin account) is undocumented: the "Update
//     a AML Compute" example's answer and [ISS-18889] show the old
//     settings kept. The fake refuses it, 400 BadRequest naming the
//     property, so that no client comes to rely on it; amlc never sends
//     one, it replaces the cluster. A compute deleted with Detach comes
//     back with its old create-only settings when it is created again.
//   - A PATCH with any member besides properties.properties.scaleSettings
//     answers 400 (identity and tags go through the PUT). A scale PATCH
//     that changes nothing answers 200 without an operation [PY1].
//   - ARM's tags API is not served: ARM's tag-support table lists
//     workspaces/computes as not supporting it [DOC-TAGS].
//   - Validation errors use the code BadRequest. A ReadOnly lock makes
//     writes in its resource group answer 409 ScopeLocked, CanNotDelete
//     deletions.
//   - Only AmlCompute computes and compute resources in templates are
//     supported; deployments only in Incremental mode with inline
//     templates and parameter values.
//   - The recorded eastus usages and VM sizes stand for every location;
//     TotalClusters counts the computes the fake holds besides the
//     recorded ones.
package armfake
