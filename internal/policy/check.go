package policy

import (
	"fmt"
	"strings"

	"github.com/amlc-dev/amlc/internal/crossref"
	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/schema"
)

// Checker evaluates definitions against every cluster that amlc vet
// checks: it is a schema.CheckReporter.
type Checker struct {
	defs []*compiled
	ev   evaluator // reused: Vet calls CheckCluster from one goroutine
	// failed are the definitions whose evaluation reached a construct
	// amlc does not evaluate, or failed, in the order first seen.
	failed []*failure
}

// compiled is a definition ready to evaluate.
type compiled struct {
	def    *Definition
	params map[string]any
	fail   *failure
	// static holds the effect when it does not depend on the resource
	// (a literal, or parameters()), evaluated once.
	static    bool
	effect    string
	effectErr *outcome
	// head (for headEffect) and refs are the findings' first and last
	// detail lines, made once.
	head, headEffect, refs string
	// rule is the definition's rule with its conditions on what every
	// cluster shares evaluated (fold.go); when it is nil, always is the
	// rule's value for every cluster.
	rule   *cond
	always tri
}

func compile(d *Definition) *compiled {
	cd := &compiled{def: d, params: d.paramValues()}
	ev := &evaluator{def: d, params: cd.params}
	if e := d.effect.expr; e == nil || !readsResource(e) {
		cd.static = true
		cd.effect, cd.effectErr = ev.effect()
	}
	cd.rule, cd.always = ev.fold(d.rule)
	return cd
}

// readsResource reports whether an expression calls field() or current().
func readsResource(e *expr) bool {
	switch e.lower {
	case "field", "current":
		return true
	}
	for _, a := range e.args {
		if readsResource(a) {
			return true
		}
	}
	for _, a := range e.access {
		if x, ok := a.(*expr); ok && readsResource(x) {
			return true
		}
	}
	return false
}

// failure is a definition that could not be evaluated for some clusters.
type failure struct {
	def      *Definition
	why      string
	pos      diag.Pos
	invalid  bool
	clusters []string
}

// NewChecker evaluates defs and, as advice, the built-ins builtins; a
// built-in that defs also holds (the same definition name) is left out.
func NewChecker(defs, builtins []*Definition) *Checker {
	k := &Checker{}
	names := map[string]bool{}
	for _, d := range defs {
		names[guid(d.ID)] = true
	}
	for _, d := range defs {
		k.defs = append(k.defs, compile(d))
	}
	for _, d := range builtins {
		if !names[guid(d.ID)] {
			k.defs = append(k.defs, compile(d))
		}
	}
	return k
}

// The effects of a policy rule (effect-basics.md), lower case.
var effects = map[string]string{
	"deny": "Deny", "audit": "Audit", "auditifnotexists": "AuditIfNotExists", "modify": "Modify", "append": "Append",
	"deployifnotexists": "DeployIfNotExists", "disabled": "Disabled", "denyaction": "DenyAction", "manual": "Manual",
}

// CheckCluster evaluates every definition against the cluster's resource.
func (k *Checker) CheckCluster(w *schema.Workspace, c *schema.Cluster) []schema.Finding {
	var out []schema.Finding
	ev := &k.ev
	*ev = evaluator{res: resource{w: w, c: c}, fieldReads: ev.fieldReads[:0]}
	for _, cd := range k.defs {
		ev.def, ev.params, ev.iterations = cd.def, cd.params, 0
		eff, o := cd.effect, cd.effectErr
		if !cd.static {
			eff, o = ev.effect()
		}
		if o == nil {
			switch eff {
			case "disabled", "denyaction":
				// Disabled does nothing; DenyAction blocks deletes, not
				// the creation a template does.
				continue
			case "manual":
				o = &outcome{t: tUnknown, why: "the effect Manual (attestation)", whyPos: cd.def.effect.pos}
			default:
				r := outcome{t: cd.always}
				if cd.rule != nil {
					r = ev.eval(cd.rule)
				}
				o = &r
			}
		}
		switch o.t {
		case tTrue:
			if o.reads == nil {
				ev.trace, ev.iterations = true, 0
				r := ev.eval(cd.def.rule)
				ev.trace = false
				o = &r
			}
			out = append(out, k.finding(cd, eff, ev, *o, w, c))
		case tUnknown:
			k.fail(cd, *o, schema.Address(w, c))
		}
	}
	return out
}

// effect evaluates the definition's effect, lower case.
func (ev *evaluator) effect() (string, *outcome) {
	v, err := ev.value(ev.def.effect)
	if err != nil {
		o := fail(ev.def.effect.pos, err)
		return "", &o
	}
	s, _ := v.(string)
	eff := strings.ToLower(s)
	if effects[eff] == "" {
		o := invalid(ev.def.effect.pos, "the effect %s is not one of Deny, Audit, AuditIfNotExists, Modify, Append, DeployIfNotExists, DenyAction, Manual, Disabled", show(v))
		return "", &o
	}
	return eff, nil
}

func (k *Checker) fail(cd *compiled, o outcome, addr string) {
	if cd.fail == nil {
		cd.fail = &failure{def: cd.def, why: o.why, pos: o.whyPos, invalid: o.invalid}
		k.failed = append(k.failed, cd.fail)
	}
	cd.fail.clusters = append(cd.fail.clusters, addr)
}

// Diagnostics reports the definitions that were not evaluated for some
// clusters: a warning at the construct amlc does not evaluate, or an
// error where the evaluation fails (Azure treats a failed evaluation as a
// deny).
func (k *Checker) Diagnostics() diag.Diagnostics {
	var ds diag.Diagnostics
	for _, f := range k.failed {
		list := f.clusters
		more := ""
		if len(list) > 5 {
			more = fmt.Sprintf(" and %d more", len(list)-5)
			list = list[:5]
		}
		clusters := fmt.Sprintf("%s: %s%s", plural(len(f.clusters), "cluster"), strings.Join(list, ", "), more)
		if f.invalid {
			ds = append(ds, diag.Errorf(CodeInvalid, f.pos, "", fmt.Sprintf("Azure Policy %q fails to evaluate: %s", f.def.Title(), f.why)).
				WithDetail(fmt.Sprintf("It fails for %s. Azure treats a failed evaluation as a deny.", clusters)))
			continue
		}
		ds = append(ds, diag.Warnf(CodeNotEvaluated, f.pos, "", fmt.Sprintf("Azure Policy %q was not evaluated: amlc does not evaluate %s", f.def.Title(), f.why)).
			WithDetail(fmt.Sprintf("It may apply to %s; Azure evaluates it at deployment. docs/policy.md lists what amlc evaluates.", clusters)))
	}
	return ds
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// finding reports a definition whose condition a cluster meets.
func (k *Checker) finding(cd *compiled, eff string, ev *evaluator, o outcome, w *schema.Workspace, c *schema.Cluster) schema.Finding {
	d := cd.def
	f := schema.Finding{Ref: guid(d.ID), Advice: d.Builtin}
	// The spec field: that of the last condition that reads one (the
	// conditions on the resource type and compute type come first; what
	// singles the cluster out, last).
	var at *read
	for i := len(o.reads) - 1; i >= 0 && at == nil; i-- {
		r := &o.reads[i]
		if sf := specField(r.field); sf != nil {
			f.Field, at = sf, r
			break
		}
		for _, fr := range r.fields {
			if sf := specField(fr); sf != nil {
				f.Field, at = sf, r
				break
			}
		}
	}
	what := ""
	if at != nil {
		what = ": " + at.what()
	}
	title := fmt.Sprintf("Azure Policy %q", d.Title())
	var lines []string
	switch eff {
	case "deny":
		f.Severity, f.Code = diag.Error, CodeDeny
		f.Summary = title + " would deny this cluster at deployment" + what
	case "audit":
		f.Severity, f.Code = diag.Warning, CodeAudit
		f.Summary = title + " would audit this cluster as non-compliant" + what
	case "auditifnotexists":
		f.Severity, f.Code = diag.Warning, CodeAudit
		f.Summary = title + " would audit this cluster as non-compliant unless a related resource exists" + what
		lines = append(lines, "The related resource ("+stringOf(d.details.get("type"))+") is not checked before deployment.")
	case "modify", "append":
		f.Severity, f.Code = diag.Note, CodeModify
		if eff == "append" {
			f.Code = CodeAppend
		}
		changes, field := ev.changes(eff, d.details)
		if field != nil {
			f.Field = field
		}
		f.Summary = title + " would change this cluster at deployment: " + strings.Join(changes, "; ")
	case "deployifnotexists":
		f.Severity, f.Code = diag.Note, CodeDeploy
		f.Summary = fmt.Sprintf("%s would deploy %s for this cluster unless one exists", title, cmpOr(stringOf(d.details.get("type")), "a related resource"))
	}
	if d.Builtin {
		// The built-ins are advice that nobody asked for: notes, which
		// fail nothing, not even --strict. Given with --policy, the same
		// definition counts by its effect.
		f.Severity = diag.Note
	}
	if cd.head == "" || cd.headEffect != eff {
		cd.headEffect = eff
		cd.head = fmt.Sprintf("Policy definition %s, effect %s.", d.ID, effects[eff])
		if d.Builtin {
			cd.head = fmt.Sprintf("Built-in policy definition %s, effect %s: amlc evaluates the built-ins as advice (--policy-builtins=false turns them off).", guid(d.ID), effects[eff])
			cd.refs = crossref.ForPolicy(guid(d.ID)).Detail(guid(d.ID))
		}
	}
	lines = append([]string{cd.head}, lines...)
	for _, r := range o.reads {
		if d.Builtin {
			break // the summary says what matched
		}
		// The conditions on the resource type and the compute type hold
		// for every cluster; the others say why this one matched.
		if at != nil && r.field != nil && specField(r.field) == nil && len(r.fields) == 0 {
			continue
		}
		lines = append(lines, "Matched: "+r.text())
	}
	if cd.refs != "" {
		lines = append(lines, cd.refs)
	}
	f.Detail = strings.Join(lines, "\n")
	if d.File != "" {
		f.Related = []diag.Pos{d.rule.pos}
	}
	return f
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// changes words what a modify or append effect would change, and the
// spec field of the first change.
func (ev *evaluator) changes(eff string, details *node) ([]string, []string) {
	var out []string
	var field []string
	var ops []*node
	if eff == "modify" {
		if o := details.get("operations"); o != nil {
			ops = o.elems
		}
	} else if details != nil && details.kind == kArray {
		ops = details.elems
	}
	for _, op := range ops {
		name := stringOf(op.get("field"))
		ref, _ := parseFieldRef(name)
		if field == nil && ref != nil {
			field = specField(ref)
		}
		val := "?"
		if v := op.get("value"); v != nil {
			x, err := ev.value((&defParser{def: ev.def}).operand(v))
			if err == nil {
				val = show(x)
			}
		}
		switch strings.ToLower(stringOf(op.get("operation"))) {
		case "addorreplace":
			out = append(out, fmt.Sprintf("set %s to %s", shortField(name), val))
		case "add":
			out = append(out, fmt.Sprintf("add %s = %s if it is absent", shortField(name), val))
		case "remove":
			out = append(out, "remove "+shortField(name))
		default: // append: {field, value}
			out = append(out, fmt.Sprintf("append %s to %s", val, shortField(name)))
		}
	}
	if len(out) == 0 {
		out = []string{"(the definition lists no operations)"}
	}
	return out, field
}
