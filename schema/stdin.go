package schema

import (
	"path/filepath"
	"strings"

	"cuelang.org/go/cue/parser"
	cueyaml "cuelang.org/go/encoding/yaml"

	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/internal/yamlguard"
)

// StdinName is the file name findings in a spec read from standard input
// carry.
const StdinName = "<stdin>"

// IsStdin reports whether an input path is standard input, as the cue tool
// writes it: "-" (CUE, which JSON is too), or with the kind before it,
// "json:-", "yaml:-" or "cue:-".
func IsStdin(path string) bool {
	_, ok := stdinKind(path)
	return ok
}

// stdinKind returns the kind of a standard-input path.
func stdinKind(path string) (string, bool) {
	if path == "-" {
		return "cue", true
	}
	kind, rest, ok := strings.Cut(path, ":")
	if !ok || strings.TrimSpace(rest) != "-" {
		return "", false
	}
	switch kind {
	case "cue", "json", "yaml":
		return kind, true
	}
	return "", false
}

// stdinArg is the argument of a standard-input path: a file of its kind in
// the working directory dir, as the cue tool places standard input (so
// that, in a module, it may import the module's packages), named
// StdinName in findings.
func stdinArg(path, dir string) (arg, bool) {
	kind, ok := stdinKind(path)
	if !ok {
		return arg{}, false
	}
	name := StdinName + "." + kind
	return arg{kind: argFile, path: name, abs: filepath.Join(dir, name), stdin: true}, true
}

// stdinHint adds to a syntax error of standard input read as CUE that YAML
// must be asked for, when the input reads as YAML.
func stdinHint(f inputFile, src []byte, ds diag.Diagnostics) diag.Diagnostics {
	if !f.stdin || f.kind != "cue" || len(ds) == 0 {
		return ds
	}
	if _, err := parser.ParseFile(StdinName, src); err == nil {
		return ds
	}
	if yamlguard.MergeCycle(StdinName, src) != nil {
		return ds
	}
	if _, err := cueyaml.Extract(StdinName, src); err != nil {
		return ds
	}
	ds[0] = ds[0].WithDetail("Standard input (-) is read as CUE or JSON; for YAML, write yaml:- instead of -.")
	return ds
}
