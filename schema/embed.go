package schema

import _ "embed"

// Source is the embedded CUE schema, printed by `amlc schema`.
//
//go:embed spec.cue
var Source []byte
