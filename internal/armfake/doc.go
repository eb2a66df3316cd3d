// Package armfake is a fake Azure Resource Manager endpoint for testing
// amlc's live features without Azure: an HTTPS server on a loopback
// address that answers the Azure ML compute, deployment, tags, usages,
// VM-size and locks APIs as the service does, keeps their state in
// memory, and lets a test inject faults.
//
// Answers are shaped like the REST API examples of the spec repository
// (testdata/rest-examples) and the recorded eastus responses
// (testdata/azure-catalog, embedded as data/); the package's tests compare
// them member by member. Facts are tagged with their sources as in
// docs/sources.md.
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
//   - …/workspaces/{ws}/computes/{name}: GET, PUT (201 on create, 200 on
//     overwrite, each with Azure-AsyncOperation), PATCH (scale settings,
//     or the identity update of azureml-core), DELETE (underlyingResource
//     Action required; 202 with Azure-AsyncOperation and Location, or 204).
//   - …/workspaces/{ws}/computes: paged list (Options.PageSize) whose
//     nextLink is an absolute URL with an opaque $skip.
//   - …/workspaces/{ws}: the workspace's envelope.
//   - /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Resources/
//     deployments/{name}: PUT and GET of classic templates that create
//     computes; parameters('x'), resourceId(…) and concat(…) are
//     evaluated, other expressions fail the deployment (InvalidTemplate).
//   - {scope}/providers/Microsoft.Resources/tags/default: GET, PATCH
//     (Merge, Replace, Delete), PUT and DELETE of a compute's tags.
//   - …/locations/{loc}/usages and …/locations/{loc}/vmSizes: the recorded
//     eastus data, with Options.Usages overrides.
//   - …/resourceGroups/{rg}/providers/Microsoft.Authorization/locks: the
//     Options.Locks of the group.
//
// Long-running operations answer InProgress (deployments: Running) for
// Options.Polls polls of their status or Location URL, then Succeeded, or
// Failed when a Fault with FailOperation matched the request that started
// them. Meanwhile the compute is Creating, Updating or Deleting, and other
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
//   - A PUT over an existing compute changes only scale settings,
//     description, tags and identity; create-only settings are kept, as
//     the "Update a AML Compute" example shows. A compute deleted with
//     Detach comes back with its old create-only settings when it is
//     created again [ISS-18889].
//   - A PATCH with any member besides properties.properties.scaleSettings
//     (and location, identity, properties.computeType) answers 400. A
//     scale PATCH that changes nothing answers 200 without an operation
//     [PY1]; an identity PATCH applies at once and answers 200.
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
