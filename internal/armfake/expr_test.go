package armfake

import (
	"strings"
	"testing"
)

func TestEvalString(t *testing.T) {
	env := &evalEnv{sub: "s1", rg: "rg1", params: map[string]paramValue{
		"ws":     {name: "ws", typ: "string", value: "ml"},
		"pw":     {name: "pw", typ: "securestring", value: "secret"},
		"quoted": {name: "quoted", typ: "string", value: "it's"},
	}}
	for in, want := range map[string]any{
		"plain":                "plain",
		"[[literal]":           "[literal]",
		"[parameters('ws')]":   "ml",
		"[PARAMETERS( 'WS' )]": "ml",
		"[parameters('pw')]":   "secret",
		"[concat(parameters('ws'), '/', 'c', 1)]":                                          "ml/c1",
		"[concat('it''s')]":                                                                "it's",
		"[format('{0}/{1}', 'ml', 'cpu')]":                                                 "ml/cpu",
		"[FORMAT('{1}{{x}}{0}', parameters('ws'), 2)]":                                     "2{x}ml",
		"[resourceId('Microsoft.MachineLearningServices/workspaces/computes', 'ml', 'c')]": "/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.MachineLearningServices/workspaces/ml/computes/c",
		"[resourceId('rg2', 'Microsoft.MachineLearningServices/workspaces', 'ml')]":        "/subscriptions/s1/resourceGroups/rg2/providers/Microsoft.MachineLearningServices/workspaces/ml",
		"[resourceId('s2', 'rg2', 'Microsoft.Network/virtualNetworks/subnets', 'v', 's')]": "/subscriptions/s2/resourceGroups/rg2/providers/Microsoft.Network/virtualNetworks/v/subnets/s",
	} {
		got, err := env.evalString(in)
		if err != nil || got != want {
			t.Errorf("%s = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{
		"[uniqueString('x')]", "[parameters('nope')]", "[parameters('ws').x]", "[parameters('ws')[0]]",
		"[concat('a']", "[resourceId('a', 'b')]", "[format('{2}', 'a')]", "[format('{0:D2}', 1)]", "[format('{0')]", "[format('a}', 'b')]", "[resourceId('Microsoft.X/y/z', 'a')]", "['unterminated]", "[]",
	} {
		if got, err := env.evalString(in); err == nil {
			t.Errorf("%s = %v, want an error", in, got)
		}
	}
	env.noSecure = true
	if _, err := env.evalString("[parameters('pw')]"); err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("a secure parameter in an output: %v", err)
	}
}
