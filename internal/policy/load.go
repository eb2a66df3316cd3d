package policy

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/amlc-dev/amlc/internal/diag"
)

// Load reads the policy definitions in paths: JSON files, or directories
// whose *.json files (at any depth) are read in name order. A file holds
// one definition, in the layout of the Azure/azure-policy repository or
// the one `az policy definition show` prints, or an array of them (`az
// policy definition list`). paramsFile, when not empty, gives parameter
// values, as `az policy assignment create --params` takes them: {"name":
// {"value": …}}. It returns the definitions that can be evaluated, and the
// findings about the files: malformed definitions and parameters (errors
// at their position), definitions of data-plane modes (notes).
func Load(paths []string, paramsFile string) ([]*Definition, diag.Diagnostics) {
	var ds diag.Diagnostics
	var files []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			ds = append(ds, diag.Errorf(CodeInvalid, diag.Pos{Filename: p}, "", fmt.Sprintf("policy: %v", unwrapPathError(err))))
			continue
		}
		if !fi.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(f string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !e.IsDir() && strings.EqualFold(filepath.Ext(f), ".json") {
				found = append(found, f)
			}
			return nil
		})
		if err != nil {
			ds = append(ds, diag.Errorf(CodeInvalid, diag.Pos{Filename: p}, "", fmt.Sprintf("policy: %v", unwrapPathError(err))))
		}
		if len(found) == 0 && err == nil {
			ds = append(ds, diag.Errorf(CodeInvalid, diag.Pos{Filename: p}, "", "policy: the directory holds no .json policy definitions"))
		}
		slices.Sort(found)
		files = append(files, found...)
	}
	var defs []*Definition
	seen := map[string]bool{}
	for _, f := range files {
		abs, _ := filepath.Abs(f)
		if seen[abs] {
			continue
		}
		seen[abs] = true
		data, err := os.ReadFile(f)
		if err != nil {
			ds = append(ds, diag.Errorf(CodeInvalid, diag.Pos{Filename: f}, "", fmt.Sprintf("policy: %v", unwrapPathError(err))))
			continue
		}
		d, fds := parseFile(data, f)
		defs = append(defs, d...)
		ds = append(ds, fds...)
	}
	var values map[string]*paramValue
	if paramsFile != "" {
		var pds diag.Diagnostics
		values, pds = readParams(paramsFile)
		ds = append(ds, pds...)
	}
	var ok []*Definition
	used := map[string]bool{}
	for _, d := range defs {
		pds := d.bind(values, used)
		ds = append(ds, pds...)
		if pds.HasErrors() {
			continue
		}
		if !evaluatedMode(d.Mode) {
			ds = append(ds, diag.Notef(CodeNotApplied, d.pos, "", fmt.Sprintf(
				"Azure Policy %q has mode %s: it governs data-plane operations, not the cluster's ARM resource, so amlc does not evaluate it", d.Title(), d.Mode)))
			continue
		}
		ok = append(ok, d)
	}
	for name, v := range values {
		if !used[name] {
			ds = append(ds, diag.Warnf(CodeParams, v.pos, "", fmt.Sprintf("parameter %q is not declared by any policy definition given", v.name)))
		}
	}
	return ok, ds
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return fmt.Errorf("%s: %v", pe.Path, pe.Err)
	}
	return err
}

// evaluatedMode reports whether a definition of this mode applies to ARM
// resources: All and Indexed (a cluster has tags and a location, so both
// cover it); no mode behaves as Indexed. Resource provider modes such as
// Microsoft.MachineLearningServices.Data govern data-plane operations.
func evaluatedMode(mode string) bool {
	switch strings.ToLower(mode) {
	case "", "all", "indexed":
		return true
	}
	return false
}

// parseFile reads the definitions of one file.
func parseFile(data []byte, file string) ([]*Definition, diag.Diagnostics) {
	n, err := parseJSON(data, file)
	if err != nil {
		se := err.(*syntaxError)
		return nil, diag.Diagnostics{diag.Errorf(CodeInvalid, se.pos, "", "policy definition is not valid JSON: "+se.msg)}
	}
	items := []*node{n}
	if n.kind == kArray {
		items = n.elems
	}
	var defs []*Definition
	var ds diag.Diagnostics
	for _, it := range items {
		if it.kind != kObject {
			ds = append(ds, diag.Errorf(CodeInvalid, it.pos, "", fmt.Sprintf("a policy definition is %s, want an object", it.kind)))
			continue
		}
		d, dds := parseDefinition(it, file)
		ds = append(ds, dds...)
		if d != nil {
			defs = append(defs, d)
		}
	}
	return defs, ds
}

// paramValue is a value from the parameters file.
type paramValue struct {
	name  string
	value any
	pos   diag.Pos
}

// readParams reads a parameters file: {"name": {"value": …}} or {"name":
// …}, or an ARM parameters file ({"$schema": …, "parameters": {…}}).
func readParams(file string) (map[string]*paramValue, diag.Diagnostics) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, diag.Diagnostics{diag.Errorf(CodeParams, diag.Pos{Filename: file}, "", fmt.Sprintf("policy parameters: %v", unwrapPathError(err)))}
	}
	n, err := parseJSON(data, file)
	if err != nil {
		se := err.(*syntaxError)
		return nil, diag.Diagnostics{diag.Errorf(CodeParams, se.pos, "", "policy parameters are not valid JSON: "+se.msg)}
	}
	if n.kind != kObject {
		return nil, diag.Diagnostics{diag.Errorf(CodeParams, n.pos, "", fmt.Sprintf("policy parameters are %s, want an object {\"name\": {\"value\": …}}", n.kind))}
	}
	if inner := n.get("parameters"); inner != nil && inner.kind == kObject && (n.get("$schema") != nil || n.get("contentVersion") != nil) {
		n = inner
	}
	out := map[string]*paramValue{}
	for _, m := range n.keys {
		v := m.val
		if v.kind == kObject && len(v.keys) == 1 && strings.EqualFold(v.keys[0].key, "value") {
			v = v.keys[0].val
		}
		out[strings.ToLower(m.key)] = &paramValue{name: m.key, value: v.value(), pos: v.pos}
	}
	return out, nil
}

// bind gives every parameter of d its value: from values, else its
// default. A parameter with neither, or a value of the wrong type, is an
// error. used records the values taken.
func (d *Definition) bind(values map[string]*paramValue, used map[string]bool) diag.Diagnostics {
	var ds diag.Diagnostics
	for _, pm := range d.params {
		if v := values[strings.ToLower(pm.name)]; v != nil {
			used[strings.ToLower(pm.name)] = true
			if msg := pm.check(v.value); msg != "" {
				ds = append(ds, diag.Errorf(CodeParams, v.pos, "", fmt.Sprintf("parameter %q of policy %q %s", pm.name, d.Title(), msg)))
				continue
			}
			pm.value, pm.set = v.value, true
			continue
		}
		if !pm.hasDef {
			ds = append(ds, diag.Errorf(CodeParams, pm.pos, "", fmt.Sprintf("parameter %q of policy %q has no value: give it with --policy-params FILE, or a defaultValue in the definition", pm.name, d.Title())))
			continue
		}
		pm.value, pm.set = pm.def, true
	}
	return ds
}

// paramValues are the definition's parameters by lower-case name.
func (d *Definition) paramValues() map[string]any {
	m := make(map[string]any, len(d.params))
	for _, pm := range d.params {
		if pm.set {
			m[strings.ToLower(pm.name)] = pm.value
		}
	}
	return m
}

//go:embed builtin/*.json
var builtinFS embed.FS

var builtins = sync.OnceValue(func() []*Definition {
	entries, err := builtinFS.ReadDir("builtin")
	if err != nil {
		panic(err)
	}
	var out []*Definition
	for _, e := range entries {
		data, err := builtinFS.ReadFile(path.Join("builtin", e.Name()))
		if err != nil {
			panic(err)
		}
		defs, ds := parseFile(data, "")
		for _, d := range defs {
			ds = append(ds, d.bind(nil, map[string]bool{})...)
			d.Builtin = true
		}
		if len(ds) > 0 || len(defs) != 1 {
			// The embedded files are tested; this is a bug.
			panic(fmt.Sprintf("policy: the built-in %s does not load: %v", e.Name(), ds))
		}
		out = append(out, defs...)
	}
	return out
})

// Builtins returns the embedded Azure Policy built-ins on
// workspaces/computes (builtin/SOURCES.md), each with its default
// parameters.
func Builtins() []*Definition { return builtins() }

// guid is the last segment of a definition ID: its name.
func guid(id string) string { return strings.ToLower(path.Base(id)) }
