// Package importer brings existing clusters into amlc: [FromYAML] reads the
// compute YAML files of the Azure ML CLI v2 (`az ml compute create --file`)
// into the model, and [Format] writes any model as a CUE spec file, every
// field explicit, for `amlc import`.
//
// The import never copies a password: an admin password in the YAML
// becomes a reference to a secret, and its value appears in no output,
// note or error. Whatever the model cannot express, and every default the
// import writes in the user's stead, is reported as a [Note].
package importer
