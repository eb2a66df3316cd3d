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
// row per spec field with the source of the fact. In short: the scale
// settings are patched in place, the identity has its own PATCH, tags go
// through the ARM tags API, the description has no documented update path
// (a warning, never a replacement), and every other field can only be set
// when the cluster is created, so changing it replaces the cluster.
//
// The package is pure: no I/O and no network; the same inputs always give
// the same plan and the same bytes.
package diff
