// Package schema is amlc's front end: it holds the embedded CUE schema, loads
// the user's spec files (.cue, .json, .yaml), unifies them with the schema,
// runs every check of `amlc vet` and yields the typed model ([Spec]) that the
// compiler and the differ consume. No CUE value leaves this package.
package schema
