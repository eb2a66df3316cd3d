package compiler

import (
	"strings"
	"testing"

	"github.com/amlc-dev/amlc/schema"
)

func TestBicepString(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", `''`},
		{"plain", `'plain'`},
		{"it's", `'it\'s'`},
		{`back\slash`, `'back\\slash'`},
		{`\'`, `'\\\''`},
		{"${x}", `'\${x}'`},
		{"$x {y} $", `'$x {y} $'`},
		{"$${", `'$\${'`},
		{`\${`, `'\\\${'`},
		{"a\nb", `'a\nb'`},
		{"a\r\nb", `'a\r\nb'`},
		{"a\tb", `'a\tb'`},
		{"nul\x00", `'nul\u{0}'`},
		{"bell\a", `'bell\u{7}'`},
		{"del\x7f", `'del\u{7F}'`},
		{"\u2028", `'\u{2028}'`},
		{"wörd 日本 😀", `'wörd 日本 😀'`},
		{"<&>", `'<&>'`},
		{"'''", `'\'\'\''`},
		{"bad\xffutf8", "'bad\uFFFDutf8'"},
	} {
		if got := bicepString(tc.in); got != tc.want {
			t.Errorf("bicepString(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestBicepKey(t *testing.T) {
	p := &bicepPrinter{}
	for _, tc := range []struct{ in, want string }{
		{"team", "team"},
		{"type", "type"},
		{"description", "description"},
		{"cost-center", "'cost-center'"},
		{"a b", "'a b'"},
		{"1x", "'1x'"},
		{"true", "'true'"},
		{"null", "'null'"},
		{"resource", "'resource'"},
		{"[[x]", "'[x]'"},
		{"/subscriptions/x/y", "'/subscriptions/x/y'"},
	} {
		got, err := p.key(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("key(%q) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	if _, err := p.key("[parameters('x')]"); err == nil {
		t.Error("an expression as a key: no error")
	}
}

func TestARMLiteral(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{"[x]", "[[x]"},
		{"[[x]", "[[[x]"},
		{"[x", "[x"},
		{"x]", "x]"},
		{"[]", "[[]"},
		{"", ""},
	} {
		got := armLiteral(tc.in)
		if got != tc.want {
			t.Errorf("armLiteral(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if lit, isExpr := armUnescape(got); isExpr || lit != tc.in {
			t.Errorf("armUnescape(%q) = %q, %v; want %q, false", got, lit, isExpr, tc.in)
		}
	}
}

// TestBicepLayout checks the layout rules on every golden output: a final
// newline, no trailing spaces or tabs, 2-space indentation, one blank line
// between declarations, and no line that is not ASCII-free of control
// characters.
func TestBicepLayout(t *testing.T) {
	for _, g := range loadGoldens(t) {
		files, err := Compile(g.spec, Options{Format: Bicep})
		if err != nil {
			continue
		}
		for _, f := range files {
			s := string(f.Data)
			if !strings.HasSuffix(s, "}\n") && !strings.HasSuffix(s, ".id\n") {
				t.Errorf("%s: does not end in a declaration and a newline", f.Name)
			}
			if strings.Contains(s, "\n\n\n") {
				t.Errorf("%s: more than one blank line", f.Name)
			}
			for i, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
				if strings.TrimRight(line, " \t") != line {
					t.Errorf("%s:%d: trailing space", f.Name, i+1)
				}
				if strings.ContainsFunc(line, func(r rune) bool { return r < 0x20 }) {
					t.Errorf("%s:%d: control character", f.Name, i+1)
				}
				indent := len(line) - len(strings.TrimLeft(line, " "))
				if indent%2 != 0 {
					t.Errorf("%s:%d: odd indentation", f.Name, i+1)
				}
			}
		}
	}
}

func TestBicepNeedsTemplate(t *testing.T) {
	var tmpl ARMTemplate
	if _, err := tmpl.Bicep(); err == nil {
		t.Error("Bicep of a template not made by Template: no error")
	}
	ws := &schema.Workspace{Key: "w", Name: "w", Location: "westeurope", Clusters: []schema.Cluster{
		{Name: "c", VMSize: "Standard_D2_v2", MaxNodes: 1},
	}}
	good, err := Template(ws, []string{"c"})
	if err != nil {
		t.Fatal(err)
	}
	// An ARM expression amlc never writes has no Bicep form.
	good.Resources[0].Properties.Properties.VMSize = "[parameters('size')]"
	if _, err := good.Bicep(); err == nil {
		t.Error("an undeclared parameter reference: no error")
	}
}
