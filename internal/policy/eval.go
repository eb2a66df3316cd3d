package policy

import (
	"fmt"
	"slices"
	"strings"

	"github.com/amlc-dev/amlc/internal/diag"
)

// tri is the outcome of a condition: true, false, or unknown because the
// evaluation reached something amlc does not evaluate (or that fails).
type tri uint8

const (
	tFalse tri = iota
	tTrue
	tUnknown
)

// outcome is a condition's result and what decided it.
type outcome struct {
	t tri
	// reads are the leaf conditions that decided the outcome, in order.
	reads []read
	// For tUnknown: why, where, and whether it is an error of the
	// definition (Azure would fail the evaluation) rather than a
	// construct amlc does not evaluate.
	why     string
	whyPos  diag.Pos
	invalid bool
}

// read is a leaf condition that took part in an outcome. Its words are
// made only for a finding (text, what).
type read struct {
	c     *cond
	field *fieldRef // nil for a value or count condition
	// fields are the fields a value condition read through field().
	fields []*fieldRef
	// value is what the field held (nil with !exists), arg the
	// condition's operand, res the condition's result.
	value    any
	exists   bool
	selects  bool // value is the collection a [*] field selects
	arg      any
	res      bool
	negation int // how many nots enclose the condition
}

// what says what the condition read: "…/computes/vmSize is "X"".
func (r *read) what() string {
	var subject string
	switch {
	case r.field != nil:
		subject = shortField(r.field.name)
	case r.c.value != nil:
		subject = r.c.value.text
	case r.c.count.field != nil:
		subject = "the count of " + shortField(r.c.count.field.text)
	default:
		subject = "the count of " + r.c.count.value.text
	}
	if r.selects {
		return subject + " selects " + show(r.value)
	}
	held := "absent"
	if r.exists {
		held = show(r.value)
	}
	return subject + " is " + held
}

// text says what the condition read and found: "…/computes/vmSize is
// "X"; in ["A","B"]: false", inside "not (…)" for each enclosing not.
func (r *read) text() string {
	s := fmt.Sprintf("%s; %s %s: %t", r.what(), r.c.opName, show(r.arg), r.res)
	for range r.negation {
		s = "not (" + s + ")"
	}
	return s
}

func unknown(pos diag.Pos, format string, args ...any) outcome {
	return outcome{t: tUnknown, why: fmt.Sprintf(format, args...), whyPos: pos}
}

func invalid(pos diag.Pos, format string, args ...any) outcome {
	o := unknown(pos, format, args...)
	o.invalid = true
	return o
}

// evaluator evaluates one definition against one cluster.
type evaluator struct {
	def    *Definition
	res    resource
	params map[string]any // lower-case name → value
	// scopes are the count expressions being evaluated, innermost last.
	scopes []scope
	// reads collects the fields that field() reads, for a value
	// condition.
	fieldReads []*fieldRef
	// iterations counts the members value counts have enumerated, which
	// Azure limits to 100 per evaluation, nested counts included
	// (definition-structure-policy-rule.md, "Policy rule limits").
	iterations int
	// trace keeps the reads that decide each outcome. Most evaluations
	// are false and need none, so a cluster is evaluated without, and
	// again with them only to report a finding.
	trace bool
}

// scope is one member of the array a count enumerates.
type scope struct {
	alias string // lower-case count.field ("…[*]"), or "" for a value count
	name  string // count.name, lower case; "" means default
	elem  any
}

// errUnsupported says the evaluation reached a construct amlc does not
// evaluate; errInvalid that it failed.
type errUnsupported struct{ what string }

func (e *errUnsupported) Error() string { return "amlc does not evaluate " + e.what }

type errInvalid struct{ msg string }

func (e *errInvalid) Error() string { return e.msg }

// fail turns an error of an operand into an outcome.
func fail(pos diag.Pos, err error) outcome {
	if u, ok := err.(*errUnsupported); ok {
		return unknown(pos, "%s", u.what)
	}
	return invalid(pos, "%v", err)
}

func (ev *evaluator) eval(c *cond) outcome {
	switch c.kind {
	case cAllOf, cAnyOf:
		// allOf is false at its first false member, anyOf true at its
		// first true one; otherwise an unknown member makes it unknown.
		decisive := tFalse
		if c.kind == cAnyOf {
			decisive = tTrue
		}
		var all []read
		var unk outcome
		for _, k := range c.kids {
			o := ev.eval(k)
			switch o.t {
			case decisive:
				return o
			case tUnknown:
				if unk.t != tUnknown || o.invalid && !unk.invalid {
					unk = o
				}
			default:
				if ev.trace {
					all = append(all, o.reads...)
				}
			}
		}
		if unk.t == tUnknown {
			return unk
		}
		return outcome{t: 1 - decisive, reads: all}
	case cNot:
		o := ev.eval(c.kids[0])
		switch o.t {
		case tTrue:
			o.t = tFalse
		case tFalse:
			o.t = tTrue
		}
		for i := range o.reads {
			o.reads[i].negation++
		}
		return o
	}
	return ev.leaf(c)
}

// leaf evaluates a condition on a field, a value or a count.
func (ev *evaluator) leaf(c *cond) outcome {
	if unsupportedConditions[c.op] {
		return unknown(c.opPos, "the condition %q", c.opName)
	}
	arg, err := ev.value(c.arg)
	if err != nil {
		return fail(c.arg.pos, err)
	}
	r := read{c: c, arg: arg}
	start := len(ev.fieldReads)
	switch {
	case c.field != nil:
		f := c.fieldRef
		if f == nil {
			name, err := ev.value(c.field)
			if err != nil {
				return fail(c.field.pos, err)
			}
			s, ok := name.(string)
			if !ok {
				return invalid(c.field.pos, "field evaluates to %s, want a field name", describe(name))
			}
			if f, err = parseFieldRef(s); err != nil {
				return invalid(c.field.pos, "%v", err)
			}
		}
		r.field = f
		if ev.trace {
			ev.fieldReads = append(ev.fieldReads, f)
		}
		if f.array() && !ev.inScope(f) {
			vals := ev.collect(f)
			r.value, r.exists, r.selects = vals, len(vals) > 0, true
			res, o := ev.all(c, f, vals, arg)
			if o != nil {
				return *o
			}
			r.res = res
			return ev.decided(r)
		}
		r.value, r.exists = ev.resolve(f)
	case c.value != nil:
		v, err := ev.value(c.value)
		if err != nil {
			return fail(c.value.pos, err)
		}
		r.value, r.exists = v, true
	case c.count != nil:
		if ev.trace && c.count.fieldRef != nil {
			ev.fieldReads = append(ev.fieldReads, c.count.fieldRef)
		}
		n, o := ev.count(c.count)
		if o != nil {
			return *o
		}
		r.value, r.exists = float64(n), true
	}
	if ev.trace && r.field == nil {
		// What a value or count condition read: the fields of its
		// operands, and of the conditions inside a count.
		r.fields = slices.Clone(ev.fieldReads[start:])
	}
	res, err := ev.compare(c, r.field, r.value, r.exists, arg)
	if err != nil {
		return fail(c.opPos, err)
	}
	r.res = res
	return ev.decided(r)
}

func (ev *evaluator) decided(r read) outcome {
	t := tFalse
	if r.res {
		t = tTrue
	}
	if !ev.trace {
		return outcome{t: t}
	}
	return outcome{t: t, reads: []read{r}}
}

// all applies a condition to every value a [*] field selects: true when
// each satisfies it, and so when there are none; exists asks whether
// there are any.
func (ev *evaluator) all(c *cond, f *fieldRef, vals []any, arg any) (bool, *outcome) {
	if c.op == "exists" {
		res, err := ev.compare(c, f, vals, len(vals) > 0, arg)
		if err != nil {
			o := fail(c.opPos, err)
			return false, &o
		}
		return res, nil
	}
	for _, v := range vals {
		res, err := ev.compare(c, f, v, true, arg)
		if err != nil {
			o := fail(c.opPos, err)
			return false, &o
		}
		if !res {
			return false, nil
		}
	}
	return true, nil
}

// shortField abbreviates an alias of the compute type for a message.
func shortField(name string) string {
	if isComputeAlias(name) {
		return "…/computes/" + name[len(aliasPrefix):]
	}
	return name
}

// resolve reads a single-valued field of the cluster.
func (ev *evaluator) resolve(f *fieldRef) (any, bool) {
	if f.other {
		return nil, false
	}
	if f.array() {
		// Inside a count over the same array: the current member.
		if len(ev.scopes) == 0 {
			return nil, false
		}
		for i := len(ev.scopes) - 1; i >= 0; i-- {
			s := ev.scopes[i]
			if s.alias == "" {
				continue
			}
			if rest, ok := strings.CutPrefix(strings.ToLower(f.name), s.alias); ok {
				return walk(s.elem, splitPath(strings.TrimPrefix(rest, ".")))
			}
		}
		return nil, false
	}
	r := ev.res
	switch {
	case f.tags && f.tag != "":
		return r.get([]string{"tags", f.tag})
	case f.tags:
		return r.get([]string{"tags"})
	case f.top == "fullname":
		return r.w.Name + "/" + r.c.Name, true
	case f.top == "id":
		return r.resourceID(), true
	case f.top != "":
		return r.get(f.topPath)
	}
	if f.at != nil {
		return r.at(f.at, f.rest)
	}
	return r.get(f.path)
}

// inScope reports whether a [*] field refers to the member a count is at.
func (ev *evaluator) inScope(f *fieldRef) bool {
	if len(ev.scopes) == 0 {
		return false
	}
	for _, s := range ev.scopes {
		if s.alias != "" && strings.HasPrefix(strings.ToLower(f.name), s.alias) {
			return true
		}
	}
	return false
}

// collect returns the values a [*] field selects.
func (ev *evaluator) collect(f *fieldRef) []any {
	i := 0
	for i < len(f.path) && f.path[i] != "[*]" {
		i++
	}
	base, ok := ev.res.get(f.path[:i])
	if !ok {
		return nil
	}
	vals := []any{base}
	for _, seg := range f.path[i:] {
		var next []any
		for _, v := range vals {
			if seg == "[*]" {
				if arr, ok := v.([]any); ok {
					next = append(next, arr...)
				}
				continue
			}
			if m, ok := v.(map[string]any); ok {
				if x, ok := lookupFold(m, seg); ok {
					next = append(next, x)
				}
			}
		}
		vals = next
	}
	return vals
}

// maxValueCountIterations is Azure's limit on the members value counts
// enumerate in one evaluation.
const maxValueCountIterations = 100

// count evaluates a count expression: how many members of the array
// satisfy where (all of them without where).
func (ev *evaluator) count(cs *countSpec) (int, *outcome) {
	var members []any
	sc := scope{name: strings.ToLower(cs.name)}
	if cs.field != nil {
		f := cs.fieldRef
		if f == nil {
			name, err := ev.value(cs.field)
			if err != nil {
				o := fail(cs.field.pos, err)
				return 0, &o
			}
			s, _ := name.(string)
			if f, err = parseFieldRef(s); err != nil || !f.array() {
				o := invalid(cs.field.pos, "count.field %q is not an array alias ([*])", s)
				return 0, &o
			}
		}
		members = ev.collect(f)
		sc.alias = strings.ToLower(f.name)
	} else {
		v, err := ev.value(cs.value)
		if err != nil {
			o := fail(cs.value.pos, err)
			return 0, &o
		}
		arr, ok := v.([]any)
		if !ok {
			o := invalid(cs.value.pos, "count.value is %s, want an array", describe(v))
			return 0, &o
		}
		members = arr
	}
	if cs.where == nil {
		return len(members), nil
	}
	n := 0
	for _, m := range members {
		if cs.value != nil {
			if ev.iterations++; ev.iterations > maxValueCountIterations {
				o := invalid(cs.pos, "value count enumerates more than %d members, Azure's limit", maxValueCountIterations)
				return 0, &o
			}
		}
		sc.elem = m
		ev.scopes = append(ev.scopes, sc)
		o := ev.eval(cs.where)
		ev.scopes = ev.scopes[:len(ev.scopes)-1]
		switch o.t {
		case tTrue:
			n++
		case tUnknown:
			return 0, &o
		}
	}
	return n, nil
}

// compare applies a condition to what a field holds (exists false: the
// field is absent) or a value.
func (ev *evaluator) compare(c *cond, f *fieldRef, v any, exists bool, arg any) (bool, error) {
	if c.op == "exists" {
		want, ok := boolOf(arg)
		if !ok {
			return false, &errInvalid{fmt.Sprintf("exists takes true or false, got %s", show(arg))}
		}
		return exists == want, nil
	}
	negated := strings.HasPrefix(c.op, "not")
	if !exists {
		// An absent field satisfies only the negated conditions:
		// notEquals true is true when the property is missing.
		return negated, nil
	}
	if s, ok := v.(secretValue); ok {
		return false, &errUnsupported{fmt.Sprintf("a condition on the admin password, whose value (the secret %s) is known only at deployment", s.name)}
	}
	if f != nil && f.top == "location" {
		v, arg = normLocation(v), normLocation(arg)
	}
	var res bool
	switch strings.TrimPrefix(c.op, "not") {
	case "equals":
		if isArray(arg) {
			return false, &errInvalid{fmt.Sprintf("%s takes a single value, got an array: use in or notIn", c.opName)}
		}
		res = equalValues(v, arg)
	case "in":
		list, ok := arg.([]any)
		if !ok {
			return false, &errInvalid{fmt.Sprintf("%s takes an array, got %s", c.opName, describe(arg))}
		}
		for _, x := range list {
			if equalValues(v, x) {
				res = true
				break
			}
		}
	case "like":
		p, ok := arg.(string)
		if !ok {
			return false, &errInvalid{fmt.Sprintf("%s takes a pattern string, got %s", c.opName, describe(arg))}
		}
		s, _ := scalarString(v)
		res = like(s, p)
	case "contains":
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				if equalValues(e, arg) {
					res = true
					break
				}
			}
		default:
			s, _ := scalarString(v)
			a, _ := scalarString(arg)
			res = strings.Contains(strings.ToLower(s), strings.ToLower(a))
		}
	case "containskey":
		m, ok := v.(map[string]any)
		key, _ := scalarString(arg)
		if ok {
			_, res = lookupFold(m, key)
		}
	default: // less, lessOrEquals, greater, greaterOrEquals
		cmp, err := order(v, arg, c.opName)
		if err != nil {
			return false, err
		}
		switch c.op {
		case "less":
			res = cmp < 0
		case "lessorequals":
			res = cmp <= 0
		case "greater":
			res = cmp > 0
		case "greaterorequals":
			res = cmp >= 0
		}
		return res, nil
	}
	return res != negated, nil
}

func isArray(v any) bool { _, ok := v.([]any); return ok }

func boolOf(v any) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		switch strings.ToLower(x) {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	return false, false
}

// order compares two numbers, or two strings ignoring case; other types
// are an error, as in Azure.
func order(a, b any, op string) (int, error) {
	switch x := a.(type) {
	case float64:
		if y, ok := b.(float64); ok {
			switch {
			case x < y:
				return -1, nil
			case x > y:
				return 1, nil
			}
			return 0, nil
		}
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(strings.ToLower(x), strings.ToLower(y)), nil
		}
	}
	return 0, &errInvalid{fmt.Sprintf("%s compares %s with %s; Azure fails such an evaluation", op, describe(a), describe(b))}
}

// value evaluates an operand.
func (ev *evaluator) value(o *operand) (any, error) {
	if o.expr == nil {
		return o.lit, nil
	}
	return ev.expr(o.expr)
}

// expr evaluates a template expression.
func (ev *evaluator) expr(e *expr) (any, error) {
	v, err := ev.call(e)
	if err != nil {
		return nil, err
	}
	for _, a := range e.access {
		var key any = a
		if x, ok := a.(*expr); ok {
			if key, err = ev.expr(x); err != nil {
				return nil, err
			}
		}
		switch k := key.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil, &errInvalid{fmt.Sprintf("property %q of %s", k, describe(v))}
			}
			if v, ok = lookupFold(m, k); !ok {
				return nil, &errInvalid{fmt.Sprintf("the object has no property %q", k)}
			}
		case float64:
			arr, ok := v.([]any)
			if !ok || k < 0 || int(k) >= len(arr) {
				return nil, &errInvalid{fmt.Sprintf("index %v of %s", k, describe(v))}
			}
			v = arr[int(k)]
		default:
			return nil, &errInvalid{fmt.Sprintf("an index is %s", describe(key))}
		}
	}
	return v, nil
}

func (ev *evaluator) call(e *expr) (any, error) {
	if e.isLit {
		return e.lit, nil
	}
	fn := e.lower
	if _, ok := implemented[fn]; !ok {
		return nil, &errUnsupported{"the template function " + e.fn + "()"}
	}
	var buf [4]any
	args := buf[:0]
	if len(e.args) > len(buf) {
		args = make([]any, 0, len(e.args))
	}
	args = args[:len(e.args)]
	for i, a := range e.args {
		v, err := ev.expr(a)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	str := func(i int) (string, error) {
		switch x := args[i].(type) {
		case string:
			return x, nil
		case nil:
			return "", nil
		}
		return "", &errInvalid{fmt.Sprintf("%s() takes a string, got %s", e.fn, describe(args[i]))}
	}
	switch fn {
	case "parameters":
		name, err := str(0)
		if err != nil {
			return nil, err
		}
		v, ok := ev.params[strings.ToLower(name)]
		if !ok {
			return nil, &errInvalid{fmt.Sprintf("parameter %q is not defined", name)}
		}
		return v, nil
	case "field":
		f := e.ref
		if f == nil {
			name, err := str(0)
			if err != nil {
				return nil, err
			}
			if f, err = parseFieldRef(name); err != nil {
				return nil, &errInvalid{err.Error()}
			}
		}
		if ev.trace {
			ev.fieldReads = append(ev.fieldReads, f)
		}
		if f.array() && !ev.inScope(f) {
			vals := ev.collect(f)
			if vals == nil {
				vals = []any{}
			}
			return vals, nil
		}
		v, ok := ev.resolve(f)
		if !ok {
			// A missing property reads as "" (author-policies-for-
			// arrays.md, the table of field() results).
			return "", nil
		}
		if s, isSecret := v.(secretValue); isSecret {
			return nil, &errUnsupported{fmt.Sprintf("field() of the admin password, whose value (the secret %s) is known only at deployment", s.name)}
		}
		return v, nil
	case "empty":
		return isEmpty(args[0]), nil
	case "concat":
		if isArray(args[0]) {
			var out []any
			for i, a := range args {
				arr, ok := a.([]any)
				if !ok {
					return nil, &errInvalid{fmt.Sprintf("concat() of arrays, but argument %d is %s", i+1, describe(a))}
				}
				out = append(out, arr...)
			}
			return out, nil
		}
		var b strings.Builder
		for i, a := range args {
			s, ok := scalarString(a)
			if !ok && a != nil {
				return nil, &errInvalid{fmt.Sprintf("concat() of strings, but argument %d is %s", i+1, describe(a))}
			}
			b.WriteString(s)
		}
		return b.String(), nil
	case "tolower", "toupper":
		s, err := str(0)
		if err != nil {
			return nil, err
		}
		if fn == "tolower" {
			return strings.ToLower(s), nil
		}
		return strings.ToUpper(s), nil
	case "length":
		switch x := args[0].(type) {
		case string:
			return float64(len([]rune(x))), nil
		case []any:
			return float64(len(x)), nil
		case map[string]any:
			return float64(len(x)), nil
		}
		return nil, &errInvalid{fmt.Sprintf("length() of %s", describe(args[0]))}
	case "current":
		name := ""
		if len(args) == 1 {
			s, err := str(0)
			if err != nil {
				return nil, err
			}
			name = strings.ToLower(s)
		}
		for i := len(ev.scopes) - 1; i >= 0; i-- {
			s := ev.scopes[i]
			if name == "" || name == s.name || name == s.alias {
				return s.elem, nil
			}
		}
		return nil, &errInvalid{fmt.Sprintf("current(%s) outside a count that names it", show(name))}
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return nil, &errUnsupported{"the template function " + e.fn + "()"}
}
