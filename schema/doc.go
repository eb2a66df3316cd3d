// Package schema is amlc's front end: it holds the embedded CUE schema, loads
// the user's spec files (.cue, .json, .yaml), unifies them with the schema,
// runs every check of `amlc vet` and yields the typed model ([Spec]) that the
// compiler and the differ consume. No CUE value leaves this package.
//
// Specs that are plain data (literals only: no references, definitions,
// disjunctions or comprehensions) take a shorter way to the same model:
// the files are merged in Go and checked against the structure of the
// schema, read from the compiled schema itself, with CUE deciding each
// distinct scalar (plain.go, plainshape.go, plaincheck.go). Anything else,
// and any plain input with a schema error, is evaluated by CUE, which
// reports the findings. Tests and FuzzVet check that the two ways agree on
// the model, the findings and their positions.
package schema
