package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/internal/importer"
)

func runImport(e *env, args []string) int {
	fs := newFlags(e, "import", "--from-yaml --workspace SUB/RG/NAME --location REGION [flags] FILE...")
	fromYAML := fs.Bool("from-yaml", false, "convert az ml compute YAML files (type: amlcompute) into a CUE spec")
	workspace := fs.String("workspace", "", "the workspace the clusters belong to, as `SUBSCRIPTION/RESOURCEGROUP/NAME`")
	location := fs.String("location", "", "the workspace's region, e.g. eastus")
	key := fs.String("key", "", "the key of the workspace in the spec (default: its name)")
	out := fs.StringP("output", "o", "", "write the spec to this `file` instead of standard output")
	if code := parseFlags(e, fs, args); code >= 0 {
		return code
	}
	if !*fromYAML {
		return usageError(e, "import", "say what to import from: --from-yaml FILE...")
	}
	if fs.NArg() == 0 {
		return usageError(e, "import", "--from-yaml needs at least one YAML file")
	}
	parts := strings.Split(*workspace, "/")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return usageError(e, "import", "--workspace must be SUBSCRIPTION/RESOURCEGROUP/NAME; got %q", *workspace)
	}
	if *location == "" {
		return usageError(e, "import", "--location is required: the YAML files do not say where the workspace is")
	}
	files := map[string][]byte{}
	for _, name := range fs.Args() {
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(e.stderr, "amlc import: %v\n", err)
			return exitFailed
		}
		files[name] = data
	}
	spec, notes, err := importer.FromYAML(files, importer.WorkspaceRef{
		Key: *key, Subscription: parts[0], ResourceGroup: parts[1], Name: parts[2], Location: *location,
	})
	if err != nil {
		var es importer.Errors
		if errors.As(err, &es) {
			for _, x := range es {
				fmt.Fprintf(e.stderr, "%s: error: %s\n", posString(e, x.File, x.Line), x.Msg)
			}
		} else {
			fmt.Fprintln(e.stderr, "amlc import:", err)
		}
		return exitFailed
	}
	src, err := importer.Format(spec)
	if err != nil {
		fmt.Fprintln(e.stderr, "amlc import:", err)
		return exitFailed
	}
	for _, n := range notes {
		fmt.Fprintf(e.stderr, "%s: note: %s\n", posString(e, n.File, n.Line), n.Text)
	}
	if *out == "" {
		_, err = e.stdout.Write(src)
	} else {
		err = writeFileAtomic(*out, src)
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "amlc import:", err)
		return exitFailed
	}
	return exitOK
}

// posString formats file:line with the file relative to the working
// directory.
func posString(e *env, file string, line int) string {
	rel := diag.RelPath(e.cwd, file)
	if line > 0 {
		return fmt.Sprintf("%s:%d", rel, line)
	}
	return rel
}
