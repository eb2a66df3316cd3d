package armschema

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
)

// BicepTypes is Bicep's type table of one provider and API version: the
// types.json that Azure/bicep-types-az generates from the REST spec and that
// the Bicep compiler type-checks resource bodies with. [BicepTypes.Check]
// reports what Bicep would: an unknown property, a read-only property
// written, a missing required one, a value of the wrong type, a string that
// does not match its pattern.
type BicepTypes struct {
	types []map[string]any
}

// The property flags of bicep-types (Bicep.Types ObjectTypePropertyFlags).
const (
	flagRequired = 1
	flagReadOnly = 2
)

// LoadBicepTypes reads a types.json file.
func LoadBicepTypes(path string) (*BicepTypes, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var bt BicepTypes
	if err := json.Unmarshal(data, &bt.types); err != nil {
		return nil, fmt.Errorf("armschema: %s: %v", path, err)
	}
	return &bt, nil
}

// HasResource reports whether the table declares the resource type
// "type@apiVersion".
func (b *BicepTypes) HasResource(typeAtVersion string) bool {
	_, ok := b.resource(typeAtVersion)
	return ok
}

func (b *BicepTypes) resource(typeAtVersion string) (int, bool) {
	for i, t := range b.types {
		if t["$type"] == "ResourceType" && strings.EqualFold(fmt.Sprint(t["name"]), typeAtVersion) {
			return i, true
		}
	}
	return 0, false
}

// Check checks the body of one resource as a Bicep file writes it (its
// name, location, tags, identity, properties; not its type and apiVersion)
// against the body type of "type@apiVersion". A string that is an ARM
// expression ("[…]") stands for a value Bicep computes and matches any
// type. It returns the problems, each at its JSON path.
func (b *BicepTypes) Check(typeAtVersion string, body map[string]any) ([]string, error) {
	i, ok := b.resource(typeAtVersion)
	if !ok {
		return nil, fmt.Errorf("armschema: Bicep's types have no resource type %s", typeAtVersion)
	}
	ref, err := b.ref(b.types[i]["body"])
	if err != nil {
		return nil, err
	}
	c := &typeCheck{b: b}
	c.value(body, ref, "")
	return c.problems, c.err
}

// ref resolves {"$ref": "#/N"}.
func (b *BicepTypes) ref(v any) (int, error) {
	m, _ := v.(map[string]any)
	s, _ := m["$ref"].(string)
	n, err := strconv.Atoi(strings.TrimPrefix(s, "#/"))
	if !strings.HasPrefix(s, "#/") || err != nil || n < 0 || n >= len(b.types) {
		return 0, fmt.Errorf("armschema: bad type reference %v", v)
	}
	return n, nil
}

type typeCheck struct {
	b        *BicepTypes
	problems []string
	err      error
}

func (c *typeCheck) fail(path, format string, args ...any) {
	c.problems = append(c.problems, strings.TrimPrefix(path, ".")+": "+fmt.Sprintf(format, args...))
}

// matches reports whether v has type n, without recording problems.
func (c *typeCheck) matches(v any, n int) bool {
	sub := &typeCheck{b: c.b}
	sub.value(v, n, "")
	if sub.err != nil && c.err == nil {
		c.err = sub.err
	}
	return len(sub.problems) == 0
}

func isExpression(v any) bool {
	s, ok := v.(string)
	return ok && strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") && !strings.HasPrefix(s, "[[")
}

func (c *typeCheck) value(v any, n int, path string) {
	if isExpression(v) {
		return
	}
	t := c.b.types[n]
	switch kind, _ := t["$type"].(string); kind {
	case "AnyType":
	case "StringType":
		s, ok := v.(string)
		if !ok {
			c.fail(path, "got %s, want a string", jsonKind(v))
			return
		}
		if p, ok := t["pattern"].(string); ok {
			re, err := lookaheadEngine(p)
			if err != nil {
				c.err = err
				return
			}
			if !re.MatchString(s) {
				c.fail(path, "%q does not match the pattern %s", s, p)
			}
		}
		if m, ok := t["minLength"].(float64); ok && float64(len([]rune(s))) < m {
			c.fail(path, "%q is shorter than %v", s, m)
		}
		if m, ok := t["maxLength"].(float64); ok && float64(len([]rune(s))) > m {
			c.fail(path, "%q is longer than %v", s, m)
		}
	case "StringLiteralType":
		if s, ok := v.(string); !ok || s != t["value"] {
			c.fail(path, "got %v, want '%v'", v, t["value"])
		}
	case "IntegerType":
		f, ok := number(v)
		if !ok || f != math.Trunc(f) {
			c.fail(path, "got %s, want an integer", jsonKind(v))
			return
		}
		if m, ok := t["minValue"].(float64); ok && f < m {
			c.fail(path, "%v is less than %v", f, m)
		}
		if m, ok := t["maxValue"].(float64); ok && f > m {
			c.fail(path, "%v is more than %v", f, m)
		}
	case "BooleanType":
		if _, ok := v.(bool); !ok {
			c.fail(path, "got %s, want a bool", jsonKind(v))
		}
	case "UnionType":
		elems, _ := t["elements"].([]any)
		var want []string
		for _, e := range elems {
			m, err := c.b.ref(e)
			if err != nil {
				c.err = err
				return
			}
			if c.matches(v, m) {
				return
			}
			want = append(want, c.b.describe(m))
		}
		c.fail(path, "got %s, want one of %s", describeValue(v), strings.Join(want, " | "))
	case "ArrayType":
		arr, ok := v.([]any)
		if !ok {
			c.fail(path, "got %s, want an array", jsonKind(v))
			return
		}
		item, err := c.b.ref(t["itemType"])
		if err != nil {
			c.err = err
			return
		}
		for i, e := range arr {
			c.value(e, item, path+"["+strconv.Itoa(i)+"]")
		}
	case "ObjectType":
		obj, ok := v.(map[string]any)
		if !ok {
			c.fail(path, "got %s, want an object", jsonKind(v))
			return
		}
		props, _ := t["properties"].(map[string]any)
		c.object(obj, props, t["additionalProperties"], path)
	case "DiscriminatedObjectType":
		obj, ok := v.(map[string]any)
		if !ok {
			c.fail(path, "got %s, want an object", jsonKind(v))
			return
		}
		disc, _ := t["discriminator"].(string)
		key, _ := obj[disc].(string)
		elems, _ := t["elements"].(map[string]any)
		el, ok := elems[key]
		if !ok {
			c.fail(path+"."+disc, "got %q, want one of %s", key, strings.Join(sortedKeys(elems), ", "))
			return
		}
		m, err := c.b.ref(el)
		if err != nil {
			c.err = err
			return
		}
		props := map[string]any{}
		base, _ := t["baseProperties"].(map[string]any)
		own, _ := c.b.types[m]["properties"].(map[string]any)
		for k, p := range base {
			props[k] = p
		}
		for k, p := range own {
			props[k] = p
		}
		c.object(obj, props, c.b.types[m]["additionalProperties"], path)
	default:
		c.err = fmt.Errorf("armschema: Bicep type %q is not supported by this check", kind)
	}
}

// object checks the members of an object against its properties.
func (c *typeCheck) object(obj map[string]any, props map[string]any, additional any, path string) {
	for _, k := range sortedKeys(obj) {
		p, ok := props[k].(map[string]any)
		if !ok {
			if additional == nil {
				c.fail(path+"."+k, "Bicep's type has no property %q (known: %s)", k, strings.Join(sortedKeys(props), ", "))
				continue
			}
			m, err := c.b.ref(additional)
			if err != nil {
				c.err = err
				return
			}
			c.value(obj[k], m, path+"."+k)
			continue
		}
		if flags(p)&flagReadOnly != 0 {
			c.fail(path+"."+k, "the property is read-only")
			continue
		}
		m, err := c.b.ref(p["type"])
		if err != nil {
			c.err = err
			return
		}
		c.value(obj[k], m, path+"."+k)
	}
	for _, k := range sortedKeys(props) {
		p, _ := props[k].(map[string]any)
		if _, present := obj[k]; !present && flags(p)&flagRequired != 0 && flags(p)&flagReadOnly == 0 {
			c.fail(path+"."+k, "the required property is missing")
		}
	}
}

func flags(p map[string]any) int {
	f, _ := p["flags"].(float64)
	return int(f)
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	}
	return 0, false
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a bool"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	if _, ok := number(v); ok {
		return "a number"
	}
	return fmt.Sprintf("%T", v)
}

func describeValue(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return jsonKind(v)
}

// describe names a type for a message.
func (b *BicepTypes) describe(n int) string {
	t := b.types[n]
	switch t["$type"] {
	case "StringLiteralType":
		return fmt.Sprintf("'%v'", t["value"])
	case "StringType":
		return "string"
	case "IntegerType":
		return "int"
	case "BooleanType":
		return "bool"
	}
	if name, ok := t["name"].(string); ok {
		return name
	}
	return fmt.Sprint(t["$type"])
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
