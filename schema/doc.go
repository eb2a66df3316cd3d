// Package schema is amlc's front end: it holds the embedded CUE schema, loads
// the user's spec files (.cue, .json, .yaml), checks them against the
// schema, runs every check of `amlc vet` and yields the typed model ([Spec])
// that the compiler and the differ consume. No CUE value leaves this package.
//
// Three ways lead to the model, each taken only when the one before cannot
// answer:
//
//   - Plain data (literals only: no references, definitions, disjunctions or
//     comprehensions) is merged in Go and checked against the structure of
//     the schema, read from the compiled schema itself, with CUE deciding
//     each distinct scalar (plain.go, plainshape.go, plaincheck.go).
//   - Any other configuration is evaluated by CUE once, on its own, as
//     `cue export` of the user's package would evaluate it; its concrete
//     result is checked against the schema's structure the same way
//     (evaluated.go). amlc's defaults are applied after the user's
//     configuration is evaluated: a platform's own default wins over
//     amlc's, and a closed definition of the user's need not declare
//     amlc's fields.
//   - A configuration that is not certainly valid takes the diagnostic
//     path: the data of the evaluated configuration, with the positions of
//     the values it stands for, is unified with the schema in CUE, which
//     reports what is wrong (vet.go, evaldata.go).
//
// Tests and the fuzz targets check that the ways agree on the model, the
// findings and their positions, and that the diagnostic path agrees with
// unifying the configuration as written except where amlc's defaults come
// after the user's on purpose (compare_test.go).
package schema
