package policy

import (
	"fmt"
	"slices"
	"strings"

	"github.com/amlc-dev/amlc/internal/diag"
)

// Definition is a parsed Azure Policy definition.
type Definition struct {
	// ID is the definition's resource ID, else its name, else its file.
	ID          string
	Name        string
	DisplayName string
	Mode        string
	// File is where it is written; empty for an embedded built-in.
	File    string
	Builtin bool

	pos     diag.Pos // of the definition object
	params  []*param
	rule    *cond
	effect  *operand // then.effect
	details *node    // then.details
}

// Title names the definition for people: its display name, else its
// name or ID.
func (d *Definition) Title() string {
	for _, s := range []string{d.DisplayName, d.Name, d.ID} {
		if s != "" {
			return s
		}
	}
	return d.File
}

// param is a declared parameter and its value.
type param struct {
	name    string
	typ     string
	def     any
	hasDef  bool
	allowed []any
	pos     diag.Pos
	value   any
	set     bool
}

// cond is a condition or a logical operator of a policy rule.
type cond struct {
	pos  diag.Pos
	kind condKind
	kids []*cond // allOf, anyOf, not (one)

	// A leaf: one operand and one condition.
	field, value *operand
	fieldRef     *fieldRef // the field when written as a literal
	count        *countSpec
	op           string   // the condition, lower case ("equals")
	opName       string   // as written
	opPos        diag.Pos // of the condition's key
	arg          *operand // the condition's operand
}

type condKind uint8

const (
	cLeaf condKind = iota
	cAllOf
	cAnyOf
	cNot
)

// countSpec is the operand of a count condition.
type countSpec struct {
	pos      diag.Pos
	field    *operand  // a [*] alias
	fieldRef *fieldRef // the field when written as a literal
	value    *operand  // an array
	name     string
	where    *cond
}

// operand is a value of a definition: a literal, or an expression.
type operand struct {
	pos  diag.Pos
	lit  any
	expr *expr
	text string // as written, for messages
}

// conditions are every condition Azure Policy knows, lower case → as
// documented; those amlc does not evaluate are in unsupportedConditions.
var conditions = map[string]string{}

var unsupportedConditions = map[string]bool{"match": true, "matchinsensitively": true, "notmatch": true, "notmatchinsensitively": true}

func init() {
	for _, c := range strings.Fields(`equals notEquals like notLike match matchInsensitively notMatch notMatchInsensitively
		contains notContains in notIn containsKey notContainsKey less lessOrEquals greater greaterOrEquals exists`) {
		conditions[strings.ToLower(c)] = c
	}
}

// conditionList words the conditions for an error.
func conditionList() string {
	var cs []string
	for _, c := range conditions {
		cs = append(cs, c)
	}
	slices.Sort(cs)
	return strings.Join(cs, ", ")
}

// defParser parses one definition, collecting its errors. Constructs
// amlc does not evaluate are found when a cluster's evaluation reaches
// them (eval.go), so that a definition that never gets there is still
// evaluated.
type defParser struct {
	def   *Definition
	diags diag.Diagnostics
}

func (p *defParser) errorf(code string, pos diag.Pos, format string, args ...any) {
	p.diags = append(p.diags, diag.Errorf(code, pos, "", fmt.Sprintf(format, args...)+p.of()))
}

// of names the definition in a message.
func (p *defParser) of() string {
	if t := p.def.Title(); t != "" {
		return fmt.Sprintf(" (policy %q)", t)
	}
	return ""
}

// The codes of the policy findings.
const (
	CodeDeny         = "policy/deny"
	CodeAudit        = "policy/audit"
	CodeModify       = "policy/modify"
	CodeAppend       = "policy/append"
	CodeDeploy       = "policy/deploy"
	CodeNotEvaluated = "policy/not-evaluated"
	CodeNotApplied   = "policy/not-applicable"
	CodeInvalid      = "policy/invalid"
	CodeAlias        = "policy/alias"
	CodeParams       = "policy/params"
)

// parseDefinition reads a definition from its JSON: the layout of the
// Azure/azure-policy repository ({"properties": {…}, "id", "name"}), the
// flat one `az policy definition show` prints, or a bare policy rule
// ({"if": …, "then": …}, as `az policy definition create --rules` takes
// it).
func parseDefinition(n *node, file string) (*Definition, diag.Diagnostics) {
	d := &Definition{File: file, pos: n.pos}
	p := &defParser{def: d}
	props := n
	if pr := n.get("properties"); pr != nil && pr.kind == kObject && n.get("policyRule") == nil {
		props = pr
	}
	d.ID = stringOf(n.get("id"))
	d.Name = stringOf(n.get("name"))
	d.DisplayName = stringOf(props.get("displayName"))
	d.Mode = stringOf(props.get("mode"))
	if d.ID == "" {
		d.ID = d.Name
	}
	rule := props.get("policyRule")
	if rule == nil && n.get("if") != nil && n.get("then") != nil {
		// A bare policy rule, as az policy definition create --rules
		// takes it: no parameters, named by its file.
		rule = n
	}
	if d.ID == "" {
		d.ID = file
	}
	if rule == nil {
		what := "no policyRule"
		if props.get("policyDefinitions") != nil {
			what = "a policy set (initiative), not a definition: give the files of its definitions"
		}
		p.errorf(CodeInvalid, n.pos, "not a policy definition: %s", what)
		return nil, p.diags
	}
	if rule.kind != kObject {
		p.errorf(CodeInvalid, rule.pos, "policyRule is %s, want an object", rule.kind)
		return nil, p.diags
	}
	p.params(props.get("parameters"))
	ifn, then := rule.get("if"), rule.get("then")
	switch {
	case ifn == nil:
		p.errorf(CodeInvalid, rule.pos, "policyRule has no \"if\"")
	case then == nil:
		p.errorf(CodeInvalid, rule.pos, "policyRule has no \"then\"")
	case then.kind != kObject:
		p.errorf(CodeInvalid, then.pos, "\"then\" is %s, want an object", then.kind)
	default:
		d.rule = p.cond(ifn, false)
		if eff := then.get("effect"); eff == nil {
			p.errorf(CodeInvalid, then.pos, "\"then\" has no effect")
		} else {
			d.effect = p.operand(eff)
		}
		d.details = then.get("details")
	}
	if len(p.diags) > 0 {
		return nil, p.diags
	}
	return d, nil
}

func stringOf(n *node) string {
	if n == nil || n.kind != kString {
		return ""
	}
	return n.str
}

// The types of a parameter (definition-structure-parameters.md).
var paramTypes = map[string]string{"string": "String", "array": "Array", "object": "Object", "boolean": "Boolean", "integer": "Integer", "float": "Float", "datetime": "DateTime"}

func (p *defParser) params(n *node) {
	if n == nil {
		return
	}
	if n.kind != kObject {
		p.errorf(CodeInvalid, n.pos, "parameters is %s, want an object", n.kind)
		return
	}
	for _, m := range n.keys {
		pm := &param{name: m.key, pos: m.pos}
		if m.val.kind != kObject {
			p.errorf(CodeInvalid, m.val.pos, "parameter %q is %s, want an object with a type", m.key, m.val.kind)
			continue
		}
		t := m.val.get("type")
		typ, ok := paramTypes[strings.ToLower(stringOf(t))]
		if !ok {
			at := m.val.pos
			if t != nil {
				at = t.pos
			}
			p.errorf(CodeInvalid, at, "parameter %q has type %q; want one of String, Array, Object, Boolean, Integer, Float, DateTime", m.key, stringOf(t))
			continue
		}
		pm.typ = typ
		if a := m.val.get("allowedValues"); a != nil {
			if a.kind != kArray {
				p.errorf(CodeInvalid, a.pos, "allowedValues of parameter %q is %s, want an array", m.key, a.kind)
				continue
			}
			for _, e := range a.elems {
				pm.allowed = append(pm.allowed, e.value())
			}
		}
		if dv := m.val.get("defaultValue"); dv != nil {
			pm.def, pm.hasDef = dv.value(), true
			if msg := pm.check(pm.def); msg != "" {
				p.errorf(CodeInvalid, dv.pos, "the default value of parameter %q %s", m.key, msg)
			}
		}
		p.def.params = append(p.def.params, pm)
	}
}

// param finds a declared parameter, ignoring case.
func (d *Definition) param(name string) *param {
	for _, pm := range d.params {
		if strings.EqualFold(pm.name, name) {
			return pm
		}
	}
	return nil
}

// check says what is wrong with a value of the parameter: "" when
// nothing.
func (pm *param) check(v any) string {
	ok := true
	switch pm.typ {
	case "String", "DateTime":
		_, ok = v.(string)
	case "Array":
		_, ok = v.([]any)
	case "Object":
		_, ok = v.(map[string]any)
	case "Boolean":
		_, ok = v.(bool)
	case "Integer":
		f, isNum := v.(float64)
		ok = isNum && f == float64(int64(f))
	case "Float":
		_, ok = v.(float64)
	}
	if !ok {
		return fmt.Sprintf("is %s, want a value of type %s", describe(v), pm.typ)
	}
	if len(pm.allowed) == 0 {
		return ""
	}
	vals := []any{v}
	if arr, isArr := v.([]any); isArr && !slices.ContainsFunc(pm.allowed, func(a any) bool { _, x := a.([]any); return x }) {
		vals = arr
	}
	for _, x := range vals {
		if !slices.ContainsFunc(pm.allowed, func(a any) bool { return equalValues(a, x) }) {
			return fmt.Sprintf("has %s, which is not one of the allowed values %s", show(x), show(pm.allowed))
		}
	}
	return ""
}

// operand reads a literal or an expression.
func (p *defParser) operand(n *node) *operand {
	o := &operand{pos: n.pos, lit: n.value(), text: show(n.value())}
	if n.kind != kString {
		return o
	}
	o.text = n.str
	if !isExpression(n.str) {
		o.lit = literalString(n.str)
		return o
	}
	e, err := parseExpr(n.str[1 : len(n.str)-1])
	if err != nil {
		p.errorf(CodeInvalid, n.pos, "%v", err)
		return o
	}
	if _, err := checkExpr(e, func(name string) bool { return p.def.param(name) != nil }); err != nil {
		p.errorf(CodeInvalid, n.pos, "%v", err)
		return o
	}
	o.expr, o.lit = e, nil
	return o
}

// cond reads a condition or logical operator.
func (p *defParser) cond(n *node, inCount bool) *cond {
	c := &cond{pos: n.pos}
	if n.kind != kObject {
		p.errorf(CodeInvalid, n.pos, "a condition is %s, want an object", n.kind)
		return c
	}
	var logical []member
	for _, m := range n.keys {
		switch strings.ToLower(m.key) {
		case "allof", "anyof", "not":
			logical = append(logical, m)
		}
	}
	if len(logical) > 0 {
		if len(n.keys) > 1 {
			p.errorf(CodeInvalid, n.keys[1].pos, "%q cannot stand beside other members in one condition; nest them in allOf", logical[0].key)
			return c
		}
		m := logical[0]
		switch strings.ToLower(m.key) {
		case "not":
			c.kind = cNot
			c.kids = []*cond{p.cond(m.val, inCount)}
		default:
			c.kind = cAllOf
			if strings.EqualFold(m.key, "anyOf") {
				c.kind = cAnyOf
			}
			if m.val.kind != kArray {
				p.errorf(CodeInvalid, m.val.pos, "%s is %s, want an array of conditions", m.key, m.val.kind)
				return c
			}
			for _, e := range m.val.elems {
				c.kids = append(c.kids, p.cond(e, inCount))
			}
		}
		return c
	}

	var operands, ops []member
	for _, m := range n.keys {
		k := strings.ToLower(m.key)
		switch {
		case k == "field" || k == "value" || k == "count":
			operands = append(operands, m)
		case conditions[k] != "":
			ops = append(ops, m)
		default:
			p.errorf(CodeInvalid, m.pos, "unknown condition %q; Azure Policy's conditions are %s, beside field, value or count", m.key, conditionList())
			return c
		}
	}
	switch {
	case len(operands) == 0:
		p.errorf(CodeInvalid, n.pos, "a condition needs field, value or count, or allOf, anyOf or not")
		return c
	case len(operands) > 1:
		p.errorf(CodeInvalid, operands[1].pos, "a condition has one of field, value or count; this one has %q and %q", operands[0].key, operands[1].key)
		return c
	case len(ops) == 0:
		p.errorf(CodeInvalid, n.pos, "the condition on %q has no condition such as equals or in", operands[0].key)
		return c
	case len(ops) > 1:
		p.errorf(CodeInvalid, ops[1].pos, "a condition has one condition; this one has %q and %q", ops[0].key, ops[1].key)
		return c
	}
	c.op, c.opName, c.opPos = strings.ToLower(ops[0].key), ops[0].key, ops[0].pos
	c.arg = p.operand(ops[0].val)
	om := operands[0]
	switch strings.ToLower(om.key) {
	case "field":
		if om.val.kind != kString {
			p.errorf(CodeInvalid, om.val.pos, "field is %s, want a field name or alias", om.val.kind)
			return c
		}
		c.field = p.operand(om.val)
		if c.field.expr == nil {
			c.fieldRef = p.checkField(c.field.lit.(string), om.val.pos, inCount)
		}
	case "value":
		c.value = p.operand(om.val)
	case "count":
		c.count = p.countSpec(om.val, inCount)
	}
	return c
}

func (p *defParser) countSpec(n *node, inCount bool) *countSpec {
	cs := &countSpec{pos: n.pos}
	if n.kind != kObject {
		p.errorf(CodeInvalid, n.pos, "count is %s, want an object with field or value", n.kind)
		return cs
	}
	for _, m := range n.keys {
		switch strings.ToLower(m.key) {
		case "field":
			if m.val.kind != kString {
				p.errorf(CodeInvalid, m.val.pos, "count.field is %s, want a [*] alias", m.val.kind)
				continue
			}
			cs.field = p.operand(m.val)
			if cs.field.expr == nil {
				name := cs.field.lit.(string)
				if !strings.HasSuffix(name, "[*]") {
					p.errorf(CodeInvalid, m.val.pos, "count.field %q is not an array alias: it must end in [*]", name)
					continue
				}
				cs.fieldRef = p.checkField(name, m.val.pos, inCount)
			}
		case "value":
			cs.value = p.operand(m.val)
		case "name":
			cs.name = stringOf(m.val)
			if m.val.kind != kString || cs.name == "" {
				p.errorf(CodeInvalid, m.val.pos, "count.name is %s, want a non-empty name", m.val.kind)
			}
		case "where":
			cs.where = p.cond(m.val, true)
		default:
			p.errorf(CodeInvalid, m.pos, "unknown member %q of count; want field or value, name, where", m.key)
		}
	}
	if (cs.field == nil) == (cs.value == nil) {
		p.errorf(CodeInvalid, n.pos, "count needs exactly one of field and value")
	}
	return cs
}

// topFields are the fields every resource has (definition-structure-
// policy-rule.md, "Fields"; identity.userAssignedIdentities and the
// extendedLocation ones as Azure's own error message lists them).
var topFields = []string{"name", "fullName", "kind", "type", "location", "id", "identity.type",
	"identity.userAssignedIdentities", "tags", "extendedLocation", "extendedLocation.type", "extendedLocation.name"}

// checkField validates a field name written as a literal: a field every
// resource has, a tag, an alias of the compute type, or an alias of
// another type (which never applies to a cluster).
func (p *defParser) checkField(name string, pos diag.Pos, inCount bool) *fieldRef {
	f, err := parseFieldRef(name)
	if err != nil {
		if isComputeAlias(name) {
			p.diags = append(p.diags, diag.Errorf(CodeAlias, pos, "",
				fmt.Sprintf("%s is not an alias of %s; did you mean %s?%s", name, ComputeType, nearestAlias(name), p.of())))
			return nil
		}
		p.errorf(CodeInvalid, pos, "%v", err)
	}
	return f
}
