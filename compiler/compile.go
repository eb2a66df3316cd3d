package compiler

import (
	"fmt"
	"slices"
	"strings"

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

	var files []File
	for _, ws := range workspaces {
		if len(selected[ws.Key]) == 0 {
			continue
		}
		t, err := Template(ws, selected[ws.Key])
		if err != nil {
			return nil, err
		}
		if format&ARM != 0 {
			data, err := t.JSON()
			if err != nil {
				return nil, err
			}
			files = append(files, File{ws.Key + ".json", data})
		}
		if format&Bicep != 0 {
			data, err := t.Bicep()
			if err != nil {
				return nil, err
			}
			files = append(files, File{ws.Key + ".bicep", data})
		}
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
