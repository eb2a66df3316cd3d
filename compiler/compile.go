package compiler

import (
	"fmt"
	"slices"
	"strings"

	"github.com/amlc-dev/amlc/internal/parallel"
	"github.com/amlc-dev/amlc/schema"
)

// File is one output file.
type File struct {
	Name string
	Data []byte
}

// Format selects the output files. The zero Format means [Both].
type Format int

// The output formats.
const (
	ARM   Format = 1 << iota // <workspace>.json, a classic ARM template
	Bicep                    // <workspace>.bicep
	Both  = ARM | Bicep
)

// String returns "arm", "bicep" or "both".
func (f Format) String() string {
	switch f {
	case ARM:
		return "arm"
	case Bicep:
		return "bicep"
	case Both, 0:
		return "both"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// Options select what [Compile] produces.
type Options struct {
	Format Format
	// Only lists plan addresses ("workspaceKey/cluster") to compile; empty
	// means every cluster.
	Only []string
}

// UnknownAddressError is the error of [Compile] when Options.Only names
// clusters the spec does not have.
type UnknownAddressError struct {
	Addresses []string // sorted, each once
}

func (e *UnknownAddressError) Error() string {
	noun := "cluster"
	if len(e.Addresses) > 1 {
		noun = "clusters"
	}
	return fmt.Sprintf("compiler: no %s %s in the specs", noun, strings.Join(quoteAll(e.Addresses), ", "))
}

// Compile returns, per workspace in the order of workspace keys,
// "<Key>.json" and/or "<Key>.bicep" holding the selected clusters of that
// workspace. A workspace with no selected cluster yields no file. Addresses
// in opts.Only that name no cluster are an *[UnknownAddressError].
func Compile(spec *schema.Spec, opts Options) ([]File, error) {
	format := opts.Format
	if format == 0 {
		format = Both
	}
	if format&^Both != 0 {
		return nil, fmt.Errorf("compiler: unknown format %v", format)
	}
	if spec == nil {
		return nil, fmt.Errorf("compiler: no spec")
	}

	workspaces := make([]*schema.Workspace, len(spec.Workspaces))
	for i := range spec.Workspaces {
		workspaces[i] = &spec.Workspaces[i]
	}
	slices.SortStableFunc(workspaces, func(a, b *schema.Workspace) int { return strings.Compare(a.Key, b.Key) })
	for i, ws := range workspaces {
		if err := checkFileName(ws.Key); err != nil {
			return nil, err
		}
		// Keys that differ only in case would overwrite each other's files
		// on a case-insensitive file system.
		for _, prev := range workspaces[:i] {
			if strings.EqualFold(prev.Key, ws.Key) {
				return nil, fmt.Errorf("compiler: the workspace keys %q and %q name the same files", prev.Key, ws.Key)
			}
		}
	}

	// The selection, per workspace key.
	selected := map[string][]string{}
	if len(opts.Only) == 0 {
		for _, ws := range workspaces {
			for _, c := range ws.Clusters {
				selected[ws.Key] = append(selected[ws.Key], c.Name)
			}
		}
	} else {
		known := map[string]bool{}
		for _, ws := range workspaces {
			for i := range ws.Clusters {
				known[schema.Address(ws, &ws.Clusters[i])] = true
			}
		}
		var unknown []string
		for _, a := range opts.Only {
			if !known[a] {
				unknown = append(unknown, a)
				continue
			}
			key, name, _ := strings.Cut(a, "/")
			selected[key] = append(selected[key], name)
		}
		if len(unknown) > 0 {
			slices.Sort(unknown)
			return nil, &UnknownAddressError{Addresses: slices.Compact(unknown)}
		}
	}

	// Each workspace's template is independent of the others': compile
	// them in parallel, and collect the files (or the first error) in the
	// order of the workspace keys, as one after the other would.
	var jobs []*schema.Workspace
	for _, ws := range workspaces {
		if len(selected[ws.Key]) > 0 {
			jobs = append(jobs, ws)
		}
	}
	out := make([][]File, len(jobs))
	errs := make([]error, len(jobs))
	parallel.ForEach(len(jobs), func(i int) {
		out[i], errs[i] = compileWorkspace(jobs[i], selected[jobs[i].Key], format)
	})
	var files []File
	for i := range jobs {
		if errs[i] != nil {
			return nil, errs[i]
		}
		files = append(files, out[i]...)
	}
	return files, nil
}

// compileWorkspace returns the files of the named clusters of ws.
func compileWorkspace(ws *schema.Workspace, clusters []string, format Format) ([]File, error) {
	t, err := Template(ws, clusters)
	if err != nil {
		return nil, err
	}
	root := t.tree()
	files := make([]File, 0, 2)
	if format&ARM != 0 {
		files = append(files, File{ws.Key + ".json", t.json(root)})
	}
	if format&Bicep != 0 {
		data, err := t.bicep(root)
		if err != nil {
			return nil, err
		}
		files = append(files, File{ws.Key + ".bicep", data})
	}
	return files, nil
}

// checkFileName refuses a workspace key that cannot name a file of its own
// in the output directory.
func checkFileName(key string) error {
	bad := key == "" || key == "." || key == ".." || strings.ContainsAny(key, `/\:`) ||
		strings.ContainsFunc(key, func(r rune) bool { return r < 0x20 || r == 0x7f })
	if bad {
		return fmt.Errorf("compiler: the workspace key %q cannot name an output file", key)
	}
	return nil
}
