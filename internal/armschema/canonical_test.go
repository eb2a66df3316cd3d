package armschema

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// canonicalValue canonicalises one property value inside a template.
func canonicalValue(t *testing.T, vars string, value string) (any, error) {
	t.Helper()
	doc, err := Decode([]byte(`{"variables": {` + vars + `}, "resources": [{"properties": {"p": ` + value + `}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Canonical(doc)
	if err != nil {
		return nil, err
	}
	return c.(map[string]any)["resources"].([]any)[0].(map[string]any)["properties"].(map[string]any)["p"], nil
}

func TestCanonicalEquivalences(t *testing.T) {
	vars := `"ws": "ml-prod", "obj": {"a": "[format('{0}', 'x')]"}, "e": "[parameters('p')]", "esc": "[[x]"`
	for _, group := range [][]string{
		{`"ml-prod/cpu"`, `"[format('{0}/{1}', 'ml-prod', 'cpu')]"`, `"[concat('ml-prod', '/', 'cpu')]"`, `"[concat(variables('ws'), '/cpu')]"`, `"[ FORMAT( '{0}/cpu' , variables('ws') ) ]"`},
		{`"[format('{0}/{1}', parameters('ws'), 'cpu')]"`, `"[concat(parameters('ws'), '/cpu')]"`, `"[concat(concat(parameters('ws'), '/'), 'cpu')]"`},
		{`"[parameters('p')]"`, `"[Parameters('p')]"`, `"[format('{0}', parameters('p'))]"`, `"[variables('e')]"`, `"[concat('', variables('e'))]"`},
		{`"it's {x}"`, `"[format('it''s {{x}}')]"`},
		{`"[[x]"`, `"[format('[x]')]"`, `"[variables('esc')]"`},
		{`{"a": "x"}`, `"[variables('obj')]"`},
		{`4`, `4`},
		{`"[resourceId('T/c', 'ws', 'c')]"`, `"[resourceid('T/c','ws','c')]"`},
		{`"[parameters('a').b[0]]"`, `"[parameters('a') . b [ 0 ]]"`},
	} {
		want, err := canonicalValue(t, vars, group[0])
		if err != nil {
			t.Fatalf("%s: %v", group[0], err)
		}
		for _, v := range group[1:] {
			got, err := canonicalValue(t, vars, v)
			if err != nil {
				t.Errorf("%s: %v", v, err)
				continue
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s and %s differ (-first +second):\n%s", group[0], v, diff)
			}
		}
	}
}

func TestCanonicalDistinctions(t *testing.T) {
	for _, pair := range [][2]string{
		{`"[x]"`, `"[[x]"`}, // an expression and a literal
		{`"[parameters('a')]"`, `"[parameters('b')]"`},
		{`"[format('{0}-{1}', parameters('a'), 'b')]"`, `"[format('{1}-{0}', parameters('a'), 'b')]"`},
		{`"4"`, `4`},
		{`"[format('{0:D2}', 4)]"`, `"4"`}, // a format specifier is not folded
	} {
		a, err1 := canonicalValue(t, "", pair[0])
		b, err2 := canonicalValue(t, "", pair[1])
		if err1 != nil || err2 != nil {
			t.Errorf("%s, %s: %v, %v", pair[0], pair[1], err1, err2)
			continue
		}
		if cmp.Equal(a, b) {
			t.Errorf("%s and %s are canonically equal: %v", pair[0], pair[1], a)
		}
	}
}

func TestCanonicalErrors(t *testing.T) {
	for _, v := range []string{
		`"[concat('a']"`,
		`"[concat('a', )]"`,
		`"[parameters('a') x]"`,
		`"['unterminated]"`,
		`"[variables('missing')]"`,
	} {
		if got, err := canonicalValue(t, "", v); err == nil {
			t.Errorf("%s: no error, got %v", v, got)
		}
	}
	_, err := canonicalValue(t, `"a": "[variables('b')]", "b": "[concat(variables('a'), 'x')]"`, `"[variables('a')]"`)
	if err == nil || !strings.Contains(err.Error(), "refers to itself") {
		t.Errorf("a variable cycle: %v", err)
	}
}

func TestCanonicalTemplate(t *testing.T) {
	a := `{
  "$schema": "s", "contentVersion": "1.0.0.0",
  "metadata": {"_generator": {"name": "amlc"}},
  "parameters": {"pw": {"type": "secureString"}},
  "resources": [
    {"type": "T", "name": "b", "dependsOn": ["y", "x"]},
    {"type": "T", "name": "a"}
  ]
}`
	b := `{
  "$schema": "s", "contentVersion": "1.0.0.0",
  "parameters": {"pw": {"type": "securestring"}},
  "variables": {},
  "resources": [
    {"type": "T", "name": "a"},
    {"type": "T", "name": "[concat('', 'b')]", "dependsOn": ["x", "y"]}
  ],
  "outputs": {}
}`
	var docs [2]any
	for i, s := range []string{a, b} {
		d, err := Decode([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		if docs[i], err = Canonical(d); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff(docs[0], docs[1]); diff != "" {
		t.Errorf("(-a +b):\n%s", diff)
	}
}
