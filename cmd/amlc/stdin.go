package main

import (
	"fmt"
	"io"

	"github.com/amlc-dev/amlc/internal/readlimit"
	"github.com/amlc-dev/amlc/schema"
)

// maxStdin bounds what amlc reads from standard input, as it bounds a spec
// file.
const maxStdin = 32 << 20

// stdinPaths joins the cue tool's two-word form of a qualified standard
// input ("yaml:" "-") into one path ("yaml:-"), and reads standard input
// when a path names it, for schema.Options.Stdin. Standard input can be
// read once: naming it twice is a usage error.
func stdinPaths(e *env, cmd string, paths []string) ([]string, []byte, int) {
	var out []string
	for i := 0; i < len(paths); i++ {
		p := paths[i]
		switch p {
		case "cue:", "json:", "yaml:":
			if i+1 < len(paths) && paths[i+1] == "-" {
				p += "-"
				i++
			}
		}
		out = append(out, p)
	}
	n := 0
	for _, p := range out {
		if schema.IsStdin(p) {
			n++
		}
	}
	switch {
	case n == 0:
		return out, nil, -1
	case n > 1:
		return nil, nil, usageError(e, cmd, "standard input (-) can be read only once")
	}
	data, err := io.ReadAll(io.LimitReader(e.stdin, maxStdin+1))
	if err != nil {
		fmt.Fprintf(e.stderr, "amlc %s: reading standard input: %v\n", cmd, err)
		return nil, nil, exitFailed
	}
	if len(data) > maxStdin {
		fmt.Fprintf(e.stderr, "amlc %s: standard input is larger than %s, the most amlc reads from a spec file\n", cmd, readlimit.Size(maxStdin))
		return nil, nil, exitFailed
	}
	return out, data, -1
}

// inputs returns the spec paths of a command that vets specs, with
// standard input read (stdinPaths), and the options to vet them with.
func (v *vetFlags) inputs(e *env, cmd string, args []string) ([]string, schema.Options, int) {
	opts, code := v.options(e, cmd)
	if code >= 0 {
		return nil, opts, code
	}
	paths, stdin, code := stdinPaths(e, cmd, args)
	if code >= 0 {
		return nil, opts, code
	}
	opts.Stdin = stdin
	return paths, opts, -1
}
