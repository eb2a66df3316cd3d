package main

import "github.com/amlc-dev/amlc/schema"

func runSchema(e *env, args []string) int {
	fs := newFlags(e, "schema", "")
	if code := parseFlags(e, fs, args); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(e, "schema", "takes no arguments")
	}
	if _, err := e.stdout.Write(schema.Source); err != nil {
		return exitFailed
	}
	return exitOK
}
