package compiler

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/amlc-dev/amlc/schema"
)

// secretKey matches the JSON keys under which a secret could sit.
var secretKey = regexp.MustCompile(`(?i)pass(word)?|pwd|secret`)

// TestNoSecretValues compiles every golden spec, and one whose secret
// names and other strings look like passwords, and checks that nothing in
// the output can be a secret value: every field named like a password or
// secret is a reference to a securestring parameter (in Bicep: a parameter's
// name), and no parameter has a default value.
func TestNoSecretValues(t *testing.T) {
	specs := map[string]*schema.Spec{}
	for _, g := range loadGoldens(t) {
		specs[g.path] = g.spec
	}
	// The model carries only secret names, so a value cannot get in; these
	// names look like values to make sure the names are all that shows.
	looksLikePassword := []string{"Sup3r$ecret!Pa55", "hunter2", "P@ssw0rd"}
	specs["password-like"] = &schema.Spec{Workspaces: []schema.Workspace{{
		Key: "w", Name: "w", Location: "westeurope",
		Clusters: []schema.Cluster{
			{Name: "a", VMSize: "Standard_D2_v2", MaxNodes: 1, SSH: &schema.SSH{AdminUser: "u", PasswordSecret: looksLikePassword[0]}},
			{Name: "b", VMSize: "Standard_D2_v2", MaxNodes: 1, SSH: &schema.SSH{AdminUser: "u", PasswordSecret: looksLikePassword[1]}},
			{Name: "c", VMSize: "Standard_D2_v2", MaxNodes: 1, SSH: &schema.SSH{AdminUser: "u", PasswordSecret: looksLikePassword[2]}},
		},
	}}}

	for name, spec := range specs {
		files, err := Compile(spec, Options{})
		if err != nil {
			continue
		}
		for _, f := range files {
			where := name + ": " + f.Name
			if strings.HasSuffix(f.Name, ".json") {
				var tmpl any
				if err := json.Unmarshal(f.Data, &tmpl); err != nil {
					t.Fatal(err)
				}
				checkTemplateSecrets(t, where, tmpl)
				continue
			}
			for i, line := range strings.Split(string(f.Data), "\n") {
				key, value, ok := strings.Cut(strings.TrimSpace(line), ": ")
				if ok && secretKey.MatchString(key) && !isIdentifier(value) {
					t.Errorf("%s:%d: %s is not a parameter: %s", where, i+1, key, line)
				}
				if strings.HasPrefix(line, "param ") && strings.Contains(line, "=") {
					t.Errorf("%s:%d: a parameter with a default: %s", where, i+1, line)
				}
			}
		}
	}
}

var paramExpr = regexp.MustCompile(`^\[parameters\('[A-Za-z_][A-Za-z0-9_]*'\)\]$`)

func checkTemplateSecrets(t *testing.T, where string, tmpl any) {
	t.Helper()
	root := tmpl.(map[string]any)
	params, _ := root["parameters"].(map[string]any)
	for name, p := range params {
		p := p.(map[string]any)
		if p["type"] != "securestring" {
			t.Errorf("%s: parameter %s is a %v, not a securestring", where, name, p["type"])
		}
		if _, ok := p["defaultValue"]; ok {
			t.Errorf("%s: parameter %s has a default value", where, name)
		}
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				if path != ".parameters" && path != ".outputs" && secretKey.MatchString(k) {
					if s, ok := e.(string); !ok || !paramExpr.MatchString(s) {
						t.Errorf("%s: %s.%s is not a parameter reference: %v", where, path, k, e)
					}
				}
				walk(path+"."+k, e)
			}
		case []any:
			for _, e := range v {
				walk(path+"[]", e)
			}
		}
	}
	walk("", tmpl)
}
