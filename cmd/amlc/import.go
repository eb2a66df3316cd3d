package main

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"cuelang.org/go/cue/parser"

	"github.com/amlc-dev/amlc/internal/azure"
	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/internal/importer"
	"github.com/amlc-dev/amlc/schema"
)

func runImport(e *env, args []string) int {
	fs := newFlags(e, "import", "--from-yaml --workspace SUB/RG/NAME --location REGION [flags] FILE... | --live --workspace SUB/RG/NAME [flags]")
	fromYAML := fs.Bool("from-yaml", false, "convert az ml compute YAML files (type: amlcompute) into a CUE spec")
	live := fs.Bool("live", false, "read the AmlCompute clusters of the workspace from Azure")
	var lf liveFlags
	lf.register(fs)
	workspace := fs.String("workspace", "", "the workspace the clusters belong to, as `SUBSCRIPTION/RESOURCEGROUP/NAME`")
	location := fs.String("location", "", "the workspace's region, e.g. eastus")
	key := fs.String("key", "", "the key of the workspace in the spec (default: its name)")
	out := fs.StringP("output", "o", "", "write the spec to this `file` (- or none: standard output)")
	pkg := fs.String("package", "", "the CUE `package` of the spec (default: that of the .cue files beside --output, else "+importer.Package+")")
	if code := parseFlags(e, fs, args); code >= 0 {
		return code
	}
	if *out == "-" {
		*out = ""
	}
	if *pkg == "" {
		*pkg = importer.Package
		if *out != "" {
			*pkg = cmp.Or(packageIn(filepath.Dir(*out)), importer.Package)
		}
	} else if err := importer.ValidPackage(*pkg); err != nil {
		return usageError(e, "import", "--package: %v", err)
	}
	if *fromYAML == *live {
		return usageError(e, "import", "say what to import from: --from-yaml FILE... or --live")
	}
	parts := strings.Split(*workspace, "/")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return usageError(e, "import", "--workspace must be SUBSCRIPTION/RESOURCEGROUP/NAME; got %q", *workspace)
	}
	var (
		spec  *schema.Spec
		notes []string
		code  int
	)
	if *live {
		if fs.NArg() > 0 {
			return usageError(e, "import", "--live takes no files")
		}
		spec, notes, code = importLive(e, &lf, azure.WorkspaceRef{Key: *key, Subscription: parts[0], ResourceGroup: parts[1], Name: parts[2], Location: *location})
	} else {
		spec, notes, code = importYAML(e, fs.Args(), importer.WorkspaceRef{
			Key: *key, Subscription: parts[0], ResourceGroup: parts[1], Name: parts[2], Location: *location,
		})
	}
	if code >= 0 {
		return code
	}
	src, err := importer.FormatPackage(spec, *pkg)
	if err != nil {
		fmt.Fprintln(e.stderr, "amlc import:", err)
		return exitFailed
	}
	for _, n := range notes {
		fmt.Fprintln(e.stderr, n)
	}
	if *out == "" {
		_, err = e.stdout.Write(src)
	} else {
		err = e.writeOutput(*out, src)
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

// importYAML converts az ml compute YAML files; the notes come back as
// "file:line: note: text".
func importYAML(e *env, names []string, ref importer.WorkspaceRef) (*schema.Spec, []string, int) {
	if len(names) == 0 {
		return nil, nil, usageError(e, "import", "--from-yaml needs at least one YAML file")
	}
	if ref.Location == "" {
		return nil, nil, usageError(e, "import", "--location is required: the YAML files do not say where the workspace is")
	}
	files := map[string][]byte{}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(e.stderr, "amlc import: %v\n", err)
			return nil, nil, exitFailed
		}
		files[name] = data
	}
	spec, notes, err := importer.FromYAML(files, ref)
	if err != nil {
		var es importer.Errors
		if errors.As(err, &es) {
			for _, x := range es {
				fmt.Fprintf(e.stderr, "%s: error: %s\n", posString(e, x.File, x.Line), x.Msg)
			}
		} else {
			fmt.Fprintln(e.stderr, "amlc import:", err)
		}
		return nil, nil, exitFailed
	}
	var lines []string
	for _, n := range notes {
		lines = append(lines, posString(e, n.File, n.Line)+": note: "+n.Text)
	}
	return spec, lines, -1
}

// importLive reads a workspace's clusters from Azure; the notes come back
// as "amlc import: note: text".
func importLive(e *env, lf *liveFlags, ref azure.WorkspaceRef) (*schema.Spec, []string, int) {
	c, code := lf.client(e, "import")
	if code >= 0 {
		return nil, nil, code
	}
	ctx, stop := interruptible()
	defer stop()
	spec, notes, err := c.Import(ctx, ref)
	if err != nil {
		fmt.Fprintln(e.stderr, "amlc import:", err)
		return nil, nil, exitFailed
	}
	for i, n := range notes {
		notes[i] = "amlc import: note: " + n
	}
	return spec, notes, -1
}

// packageIn returns the package of the CUE files directly in dir (the first
// by name that has one), so that an imported spec joins them; "" when there
// are none.
func packageIn(dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() && filepath.Ext(n) == ".cue" && !strings.HasPrefix(n, ".") && !strings.HasPrefix(n, "_") {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	for _, n := range names {
		src, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			continue
		}
		f, err := parser.ParseFile(n, src, parser.PackageClauseOnly)
		if err == nil && f.PackageName() != "" && importer.ValidPackage(f.PackageName()) == nil {
			return f.PackageName()
		}
	}
	return ""
}
