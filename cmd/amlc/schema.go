package main

import (
	"fmt"

	"github.com/amlc-dev/amlc/schema"
	"github.com/amlc-dev/amlc/schema/jsonschema"
)

func runSchema(e *env, args []string) int {
	fs := newFlags(e, "schema", "[flags]")
	format := fs.String("format", "cue", "what to print: cue (the embedded CUE schema) or jsonschema (a JSON Schema, draft 2020-12, for editors of YAML and JSON specs)")
	setValues(fs, "format", "cue", "jsonschema")
	if code := parseFlags(e, fs, args); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(e, "schema", "takes no arguments")
	}
	out := schema.Source
	switch *format {
	case "cue":
	case "jsonschema":
		var err error
		if out, err = jsonschema.Generate(); err != nil {
			fmt.Fprintln(e.stderr, "amlc schema: internal error:", err)
			return exitFailed
		}
	default:
		return usageError(e, "schema", "--format must be cue or jsonschema; got %q", *format)
	}
	if _, err := e.stdout.Write(out); err != nil {
		return exitFailed
	}
	return exitOK
}
