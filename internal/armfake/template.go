package armfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// template is the part of a classic ARM template the fake deploys.
type template struct {
	params    map[string]templateParam // by lower-case name
	resources []any
	outputs   map[string]templateOutput
	hash      string
}

type templateParam struct {
	name       string
	typ        string // lower case
	def        any
	hasDefault bool
	allowed    []any
}

type templateOutput struct {
	typ   string
	value any
}

// paramValue is a bound parameter.
type paramValue struct {
	name  string
	typ   string // lower case
	value any
}

func (p paramValue) secure() bool { return isSecureType(p.typ) }

func isSecureType(t string) bool {
	return strings.EqualFold(t, "securestring") || strings.EqualFold(t, "secureobject")
}

// armTypes are the parameter and output types, as a deployment spells them.
var armTypes = map[string]string{
	"string": "String", "securestring": "SecureString", "int": "Int", "bool": "Bool",
	"object": "Object", "secureobject": "SecureObject", "array": "Array",
}

// invalidTemplate is ARM's 400 for a template or parameters it rejects.
func invalidTemplate(format string, args ...any) *armError {
	return errorf(http.StatusBadRequest, codeInvalidTemplate, "Deployment template validation failed: '%s'.", fmt.Sprintf(format, args...))
}

// decodeNumbers decodes JSON keeping numbers as json.Number.
func decodeNumbers(data []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	return d.Decode(v)
}

// parseTemplate reads an inline template.
func parseTemplate(raw json.RawMessage) (*template, *armError) {
	var t struct {
		LanguageVersion string `json:"languageVersion"`
		Parameters      map[string]struct {
			Type          string          `json:"type"`
			DefaultValue  json.RawMessage `json:"defaultValue"`
			AllowedValues []any           `json:"allowedValues"`
		} `json:"parameters"`
		Resources json.RawMessage `json:"resources"`
		Outputs   map[string]struct {
			Type  string `json:"type"`
			Value any    `json:"value"`
		} `json:"outputs"`
	}
	if err := decodeNumbers(raw, &t); err != nil {
		return nil, invalidTemplate("The template is not a valid JSON object: %v", err)
	}
	if t.LanguageVersion != "" {
		return nil, invalidTemplate("Templates with languageVersion '%s' are not supported by this fake; it deploys classic templates.", t.LanguageVersion)
	}
	tpl := &template{params: map[string]templateParam{}, outputs: map[string]templateOutput{}}
	for name, p := range t.Parameters {
		typ := strings.ToLower(p.Type)
		if armTypes[typ] == "" {
			return nil, invalidTemplate("The template parameter '%s' has the invalid type '%s'.", name, p.Type)
		}
		tp := templateParam{name: name, typ: typ, allowed: p.AllowedValues}
		if p.DefaultValue != nil {
			tp.hasDefault = true
			if err := decodeNumbers(p.DefaultValue, &tp.def); err != nil {
				return nil, invalidTemplate("The default value of the template parameter '%s' is not valid JSON.", name)
			}
		}
		tpl.params[strings.ToLower(name)] = tp
	}
	if err := decodeNumbers(orNull(t.Resources), &tpl.resources); err != nil {
		return nil, invalidTemplate("The template resources must be an array.")
	}
	for name, o := range t.Outputs {
		if armTypes[strings.ToLower(o.Type)] == "" {
			return nil, invalidTemplate("The template output '%s' has the invalid type '%s'.", name, o.Type)
		}
		tpl.outputs[name] = templateOutput{typ: strings.ToLower(o.Type), value: o.Value}
	}
	h := fnv.New64a()
	h.Write(raw)
	tpl.hash = strconv.FormatUint(h.Sum64(), 10)
	return tpl, nil
}

func orNull(raw json.RawMessage) json.RawMessage {
	if raw == nil {
		return json.RawMessage("null")
	}
	return raw
}

// givenParam is a deployment parameter: a value or a Key Vault reference.
type givenParam struct {
	Value     json.RawMessage `json:"value"`
	Reference json.RawMessage `json:"reference"`
}

// bindParameters checks the deployment's parameters against the
// template's and returns every parameter's value. Error messages never
// hold a value.
func bindParameters(t *template, given map[string]givenParam) (map[string]paramValue, *armError) {
	declared := make([]string, 0, len(t.params))
	for _, p := range t.params {
		declared = append(declared, p.name)
	}
	slices.Sort(declared)
	for name := range given {
		if _, ok := t.params[strings.ToLower(name)]; !ok {
			return nil, invalidTemplate("The template parameters '%s' in the parameters file are not valid; they are not present in the original template and can therefore not be provided at deployment time. The only supported parameters for this template are '%s'.", name, strings.Join(declared, ", "))
		}
	}
	values := map[string]paramValue{}
	for _, name := range declared {
		p := t.params[strings.ToLower(name)]
		var g *givenParam
		for n, v := range given {
			if strings.EqualFold(n, name) {
				g = &v
			}
		}
		pv := paramValue{name: name, typ: p.typ, value: p.def}
		switch {
		case g != nil && g.Reference != nil:
			return nil, invalidTemplate("The parameter '%s' is a Key Vault reference, which this fake cannot resolve; pass a value.", name)
		case g != nil && g.Value != nil && string(g.Value) != "null":
			if err := decodeNumbers(g.Value, &pv.value); err != nil {
				return nil, invalidTemplate("The value of the parameter '%s' is not valid JSON.", name)
			}
		case !p.hasDefault:
			return nil, invalidTemplate("The value for the template parameter '%s' is not provided: deployment parameter '%s' is missing a value. Please see https://aka.ms/arm-create-parameter-file for usage details.", name, name)
		}
		if want, got := jsonKind(p.typ), valueKind(pv.value); want != got {
			return nil, invalidTemplate("Template parameter JToken type is not valid for the parameter '%s'. Expected '%s'. Actual '%s'. Please see https://aka.ms/arm-create-parameter-file for usage details.", name, want, got)
		}
		if len(p.allowed) > 0 && !slices.ContainsFunc(p.allowed, func(a any) bool { return reflect.DeepEqual(normalizeNumbers(a), normalizeNumbers(pv.value)) }) {
			return nil, invalidTemplate("The provided value for the template parameter '%s' is not valid: it is not one of the allowed values.", name)
		}
		values[strings.ToLower(name)] = pv
	}
	return values, nil
}

// jsonKind is the JSON kind a parameter type takes.
func jsonKind(typ string) string {
	switch typ {
	case "string", "securestring":
		return "String"
	case "int":
		return "Integer"
	case "bool":
		return "Boolean"
	case "array":
		return "Array"
	}
	return "Object"
}

func valueKind(v any) string {
	switch x := v.(type) {
	case string:
		return "String"
	case json.Number:
		if _, err := x.Int64(); err == nil {
			return "Integer"
		}
		return "Float"
	case int64:
		return "Integer"
	case bool:
		return "Boolean"
	case []any:
		return "Array"
	case map[string]any:
		return "Object"
	}
	return "Null"
}

// normalizeNumbers makes json.Number and float64 comparable.
func normalizeNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return v
}
