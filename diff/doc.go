// Package diff plans the changes that take a set of AmlCompute clusters from
// a base (the specs at an earlier revision, or the clusters as they are) to
// the desired specs.
//
// The plan is data ([Plan]): per cluster address one [Action] out of a
// closed set, the field changes behind it, the reasons, and the exact REST
// requests that carry it out. [Compute] builds it and nothing else does; the
// renderers ([RenderText], [RenderJSON], [RenderMarkdown]) only print it, so
// the human views can never show something the JSON lacks.
//
// Which field can change how is the mutability table in mutability.go, one
// row per spec field with the source of the fact (docs/routes.md shows it
// with every source). In short: the scale settings are patched in place;
// the identity and the tags change by read-modify-write, a GET of the
// compute and a PUT of the whole compute with the change, as az ml and
// Terraform do (route_put.go); the description has no documented update
// path (a warning, never a replacement); and every other field can only be
// set when the cluster is created, so changing it replaces the cluster.
//
// The package is pure: no I/O and no network; the same inputs always give
// the same plan and the same bytes.
package diff
