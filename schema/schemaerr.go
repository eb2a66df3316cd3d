package schema

import (
	"fmt"
	"slices"
	"strings"

	"cuelang.org/go/cue"
	cueerrors "cuelang.org/go/cue/errors"

	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/internal/textdist"
)

// errGroup is every raw CUE error reported for one path. CUE reports one
// error per failed disjunct (upstream issue #1902); amlc reports one
// finding per path.
type errGroup struct {
	sels []string
	errs []cueerrors.Error
}

// schemaDiags turns the errors of validating the user's configuration
// against #Spec into one clear diagnostic per problem. Paths in skip already
// have a finding (a conflict between the user's own files).
func (c *compiled) schemaDiags(err error, user cue.Value, skip map[string]bool) diag.Diagnostics {
	var groups []*errGroup
	byPath := map[string]*errGroup{}
	for _, e := range cueerrors.Errors(err) {
		if format, args := e.Msg(); strings.Contains(fmt.Sprintf(format, args...), reportedError) {
			continue // reported from the configuration itself (dataOf)
		}
		key := strings.Join(e.Path(), "\x00")
		g, ok := byPath[key]
		if !ok {
			g = &errGroup{sels: e.Path()}
			byPath[key] = g
			groups = append(groups, g)
		}
		g.errs = append(g.errs, e)
	}
	var ds diag.Diagnostics
	for _, g := range groups {
		if skip[pathString(g.sels)] {
			continue
		}
		ds = append(ds, c.groupDiag(g, user))
	}
	return ds
}

// groupDiag reports one path's errors as one diagnostic.
func (c *compiled) groupDiag(g *errGroup, user cue.Value) diag.Diagnostic {
	path := pathString(g.sels)
	name := fieldName(g.sels)
	pos := valuePos(g.errs[len(g.errs)-1], &user, g.sels)
	uval := user.LookupPath(cuePath(g.sels))

	// A password never appears in a message, whatever went wrong with it.
	if slices.ContainsFunc(g.sels, func(s string) bool { return s == "password" }) {
		return diag.Errorf("schema/invalid", pos, path, name+" is not valid; it must be {secret: \"NAME\"}")
	}

	var refused, required, mismatch, bound, incomplete, other cueerrors.Error
	for _, e := range g.errs {
		format, _ := e.Msg()
		switch {
		case format == "field not allowed":
			refused = e
		case strings.Contains(format, "required but not present"):
			required = e
		case strings.Contains(format, "mismatched types"):
			mismatch = e
		case strings.HasPrefix(format, "invalid value") && strings.Contains(format, "out of bound"):
			bound = e
		case strings.HasPrefix(format, "incomplete value"):
			incomplete = e
		case strings.HasSuffix(format, "errors in empty disjunction:"):
		case strings.HasPrefix(format, "conflicting values"):
			if other == nil {
				other = e
			}
		default:
			other = e
		}
	}
	got := describe(uval)

	switch {
	case refused != nil:
		// explainUnknownFields says why and what to do.
		return diag.Errorf("schema/unknown-field", valuePos(refused, &user, g.sels), path,
			notAllowed(unquoteLabel(g.sels[len(g.sels)-1])))
	case required != nil:
		return diag.Errorf("schema/required", lookupPos(user, g.sels), path, name+" is required")
	}
	if enum := c.enumValues(g.sels); len(enum) > 0 && (mismatch != nil || other != nil) {
		return diag.Errorf("schema/enum", pos, path, name+" must be one of "+strings.Join(enum, ", ")+"; got "+got)
	}
	switch {
	case mismatch != nil:
		return diag.Errorf("schema/type", pos, path, name+" must be "+c.expectedKind(g.sels, uval, mismatch)+"; got "+got)
	case bound != nil:
		_, args := bound.Msg()
		b := ""
		if len(args) > 1 {
			b = fmt.Sprint(args[1])
		}
		return diag.Errorf("schema/range", pos, path, name+" must be "+b+"; got "+got)
	case incomplete != nil:
		return diag.Errorf("schema/invalid", pos, path, name+" must be a concrete value; got "+got)
	case other != nil:
		return diag.Errorf("schema/invalid", pos, path, name+": "+message(other))
	}
	return diag.Errorf("schema/invalid", pos, path, name+": "+message(g.errs[0]))
}

// fieldName is how a finding names the field: its path below the cluster,
// workspace or quota it belongs to ("ssh.publicAccess", "maxNodes").
func fieldName(sels []string) string {
	rest := sels
	switch {
	case len(sels) >= 5 && sels[0] == "workspaces" && sels[2] == "clusters":
		rest = sels[4:]
	case len(sels) >= 3 && sels[0] == "workspaces":
		rest = sels[2:]
	case len(sels) >= 4 && sels[0] == "quotas":
		rest = sels[3:]
	}
	if len(rest) == 0 {
		rest = sels
	}
	if len(rest) == 0 {
		return "the configuration"
	}
	labels := make([]string, len(rest))
	for i, s := range rest {
		labels[i] = unquoteLabel(s)
	}
	return pathString(labels)
}

func unquoteLabel(s string) string {
	if len(s) >= 2 && s[0] == '"' {
		if u, err := unquote(s); err == nil {
			return u
		}
	}
	return s
}

// describe renders the user's value for a message: its kind and, for
// scalars, the value itself (shortened).
func describe(v cue.Value) string {
	if !v.Exists() {
		return "nothing"
	}
	v, _ = v.Default() // the value the schema checked
	k := v.IncompleteKind()
	switch k {
	case cue.StructKind:
		return "a struct"
	case cue.ListKind:
		return "a list"
	}
	if !v.IsConcrete() {
		return "the non-concrete value " + short(fmt.Sprint(v))
	}
	s := fmt.Sprint(v)
	switch k {
	case cue.StringKind:
		return short(s)
	case cue.IntKind:
		return "integer " + short(s)
	case cue.FloatKind, cue.NumberKind:
		return "number " + short(s)
	case cue.BoolKind:
		return s
	case cue.NullKind:
		return "null"
	}
	return short(s)
}

func short(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}

// kindNames says what a CUE kind is called in messages.
var kindNames = map[cue.Kind]string{
	cue.StringKind: "a string",
	cue.IntKind:    "an integer",
	cue.FloatKind:  "a number",
	cue.NumberKind: "a number",
	cue.BoolKind:   "a boolean",
	cue.StructKind: "a struct",
	cue.ListKind:   "a list",
	cue.NullKind:   "null",
}

// expectedKind names the kind the schema wants at a path.
func (c *compiled) expectedKind(sels []string, uval cue.Value, e cueerrors.Error) string {
	if f, ok := c.schemaAt(sels); ok {
		if n, ok := kindNames[f.IncompleteKind()]; ok {
			return n
		}
	}
	// Fall back to the kinds named in the message.
	_, args := e.Msg()
	uk := uval.IncompleteKind()
	for _, a := range args[2:] {
		for k, n := range kindNames {
			if fmt.Sprint(a) == k.String() && k != uk {
				return n
			}
		}
	}
	return "of another type"
}

// enumValues returns the allowed values, quoted, when the schema field at
// path is an enumeration of strings.
func (c *compiled) enumValues(sels []string) []string {
	f, ok := c.schemaAt(sels)
	if !ok {
		return nil
	}
	op, args := f.Expr()
	if op != cue.OrOp {
		return nil
	}
	var out []string
	for _, a := range args {
		s, err := a.String()
		if err != nil || !a.IsConcrete() {
			return nil
		}
		out = append(out, quoteLabel(s))
	}
	return out
}

// suggest returns ", did you mean X?" for a misspelt field, naming the
// closest field the schema allows at that level, or the spec field an
// `az ml` YAML name corresponds to.
func (c *compiled) suggest(sels []string) string {
	name := unquoteLabel(sels[len(sels)-1])
	if alias, ok := azmlAliases[name]; ok {
		return "; the spec calls it " + quoteLabel(alias)
	}
	parent, ok := c.schemaAt(sels[:len(sels)-1])
	if !ok {
		return ""
	}
	best, bestD := "", 3
	for _, f := range structFields(parent) {
		d := textdist.Levenshtein(strings.ToLower(name), strings.ToLower(f))
		if d < bestD || d == bestD && f < best {
			best, bestD = f, d
		}
	}
	if best == "" {
		return ""
	}
	return "; did you mean " + quoteLabel(best) + "?"
}

// azmlAliases maps the field names of `az ml` compute YAML (and the
// Python SDK) that users carry over to the spec's names.
var azmlAliases = map[string]string{
	"size":                        "vmSize",
	"tier":                        "priority",
	"min_instances":               "minNodes",
	"max_instances":               "maxNodes",
	"idle_time_before_scale_down": "idleTimeBeforeScaleDown",
	"ssh_public_access_enabled":   "ssh.publicAccess",
	"ssh_settings":                "ssh",
	"network_settings":            "network",
	"enable_node_public_ip":       "network.nodePublicIp",
	"vm_size":                     "vmSize",
	"vm_priority":                 "priority",
	"max_nodes":                   "maxNodes",
	"min_nodes":                   "minNodes",
}
