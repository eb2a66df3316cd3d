package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/amlc-dev/amlc/compiler"
	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/schema"
)

func runBuild(e *env, args []string) int {
	fs := newFlags(e, "build", "[flags] [PATH...]")
	out := fs.StringP("output", "o", "out", "directory to write <workspace>.json and <workspace>.bicep into; - writes them to standard output")
	format := fs.String("format", "both", "templates to write: arm, bicep or both")
	setValues(fs, "format", "arm", "bicep", "both")
	only := fs.StringArray("only", nil, "compile only this cluster, as `workspace/cluster` (repeatable)")
	check := fs.Bool("check", false, "write nothing; exit 1 and list the files in the output directory that differ from what would be written")
	var vf vetFlags
	vf.registerCatalog(fs, catalogUsage)
	vf.registerInject(fs)
	if code := parseFlags(e, fs, args); code >= 0 {
		return code
	}
	var f compiler.Format
	switch *format {
	case "arm":
		f = compiler.ARM
	case "bicep":
		f = compiler.Bicep
	case "both":
		f = compiler.Both
	default:
		return usageError(e, "build", "--format must be arm, bicep or both; got %q", *format)
	}
	paths, opts, code := vf.inputs(e, "build", fs.Args())
	if code >= 0 {
		return code
	}
	res, code := vetFirst(e, paths, opts)
	if code >= 0 {
		return code
	}
	files, err := compiler.Compile(res.Spec, compiler.Options{Format: f, Only: *only})
	if err != nil {
		var unknown *compiler.UnknownAddressError
		if errors.As(err, &unknown) {
			return usageError(e, "build", "--only: %v", err)
		}
		fmt.Fprintln(e.stderr, "amlc build:", err)
		return exitFailed
	}
	outs := make([]outFile, len(files))
	for i, file := range files {
		outs[i] = outFile{name: file.Name, data: file.Data}
	}
	prune := len(*only) == 0 && f == compiler.Both
	if *out == "-" {
		if *check {
			return usageError(e, "build", "--check compares with a directory; it does not take -o -")
		}
		fmt.Fprintln(e.stderr, checkedLine(res))
		if err := writeStdout(e.stdout, outs); err != nil {
			fmt.Fprintln(e.stderr, "amlc build:", err)
			return exitFailed
		}
		return exitOK
	}
	if *check {
		stale, err := staleFiles(*out, outs, prune)
		if err != nil {
			fmt.Fprintln(e.stderr, "amlc build:", err)
			return exitFailed
		}
		if len(stale) > 0 {
			for _, s := range stale {
				fmt.Fprintln(e.stdout, s)
			}
			fmt.Fprintf(e.stdout, "%s stale in %s: run amlc build to update\n", plural(len(stale), "file"), *out)
			return exitFailed
		}
		fmt.Fprintf(e.stdout, "%s in %s up to date\n", plural(len(outs), "file"), *out)
		return exitOK
	}
	fmt.Fprintln(e.stdout, checkedLine(res))
	report, err := writeFiles(*out, outs, prune)
	if err != nil {
		fmt.Fprintln(e.stderr, "amlc build:", err)
		return exitFailed
	}
	for _, name := range report.written {
		fmt.Fprintln(e.stdout, "wrote", name)
	}
	for _, name := range report.removed {
		fmt.Fprintln(e.stdout, "removed", name)
	}
	if n := len(report.unchanged); n > 0 {
		fmt.Fprintf(e.stdout, "%s in %s already up to date\n", plural(n, "file"), *out)
	}
	return exitOK
}

// vetFirst validates the specs the way vet does and prints the findings to
// stderr. It returns the result, or the exit code to stop with when there
// are errors.
func vetFirst(e *env, paths []string, opts schema.Options) (*schema.Result, int) {
	res := vetGuarded(e, paths, opts)
	if len(res.Diags) > 0 {
		if err := diag.WriteText(e.stderr, res.Diags, e.cwd); err != nil {
			return nil, exitFailed
		}
	}
	if res.Diags.HasErrors() {
		fmt.Fprintln(e.stderr, checkedLine(res))
		return nil, exitFailed
	}
	return res, -1
}

// writeStdout writes the templates to w (build -o -): one file as it is,
// so that it can be piped to az or jq; several as a txtar archive, each
// after a line "-- NAME --".
func writeStdout(w io.Writer, files []outFile) error {
	if len(files) == 1 {
		_, err := w.Write(files[0].data)
		return err
	}
	var b bytes.Buffer
	for _, f := range files {
		fmt.Fprintf(&b, "-- %s --\n", f.name)
		b.Write(f.data)
		if len(f.data) > 0 && f.data[len(f.data)-1] != '\n' {
			b.WriteByte('\n')
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}
