package armschema_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amlc-dev/amlc/internal/armschema/armtest"
	"github.com/google/go-cmp/cmp"
)

// The hand-written sample pair denotes one template: the oracle and the
// canonical comparison agree on it.
func TestOracleSample(t *testing.T) {
	if err := armtest.CompareBicep(t, "sample.bicep", readFile(t, "testdata/sample.bicep"), readFile(t, "testdata/sample.json")); err != nil {
		t.Fatal(err)
	}
}

func writeBicep(t *testing.T, src string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "main.bicep")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// The oracle renders strings as bicep build does (research note bicep.md
// §1.4): interpolation as format() with braces and quotes doubled, "[…]"
// literals with a second bracket, verbatim multi-line strings, \$.
func TestOracleStrings(t *testing.T) {
	file := writeBicep(t, `param n string
output a string = 'it\'s ${n}-{x}'
output b string = '[literal]'
output c string = '[not-escaped] x'
output d string = '''
raw ${n} 'q'
'''
output e string = 'cost \${n}'
output f string = '\\ \n\r\t \u{1F600} \u{41}'
output g string = '${n}'
`)
	out, err := armtest.BicepToARM(t, file)
	if err != nil {
		t.Fatal(err)
	}
	var tpl struct {
		Outputs map[string]struct{ Value string }
	}
	if err := json.Unmarshal(out, &tpl); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for k, o := range tpl.Outputs {
		got[k] = o.Value
	}
	want := map[string]string{
		"a": "[format('it''s {0}-{{x}}', parameters('n'))]",
		"b": "[[literal]",
		"c": "[not-escaped] x",
		"d": "raw ${n} 'q'\n",
		"e": "cost ${n}",
		"f": "\\ \n\r\t 😀 A",
		"g": "[format('{0}', parameters('n'))]",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
}

// The oracle refuses what Bicep refuses beyond the grammar, and what it
// does not understand, with a position.
func TestOracleErrors(t *testing.T) {
	const ws = "resource ws 'Microsoft.MachineLearningServices/workspaces@2026-05-01' existing = {\n  name: 'w'\n}\n"
	for _, tc := range []struct{ src, want string }{
		{"var a = 'x'\nvar a = 'y'\n", "main.bicep:2:5: the symbol a is declared more than once"},
		{"output o string = nope\n", "main.bicep:1:19: the name nope does not exist"},
		{"var s = \"dq\"\n", "main.bicep:1:9: syntax error"},
		{"var s = {\n", "syntax error: missing"},
		{"var s = 'a\\x41'\n", `\x41 is not a Bicep escape sequence`},
		{"param description string\n@description('d')\nparam p string\n", "write @sys.description"},
		{"param p string\nvar v = {\n  a: 1\n  a: 2\n}\n", "the property a is declared more than once"},
		{ws + "resource c 'Microsoft.MachineLearningServices/workspaces/computes@2026-05-01' = {\n  parent: ws\n  name: 'w/c'\n}\n", "BCP170"},
		{"resource c 'Microsoft.MachineLearningServices/workspaces/computes@2026-05-01' = {\n  name: 'c'\n}\n", "BCP169"},
		{ws + "resource c 'Microsoft.Storage/storageAccounts@2024-01-01' = {\n  parent: ws\n  name: 'c'\n}\n", "is not a child type"},
		{"targetScope = 'subscription'\n", "unsupported by the oracle: targetScope"},
		{"type t = string\n", "unsupported by the oracle: type_declaration"},
		{"param p string?\n", "unsupported by the oracle: the type string?"},
		{"@secure()\nparam p int\n", "@secure() applies to string and object"},
		{"var v = [for i in range(0, 2): i]\n", "unsupported by the oracle: for_statement"},
		{"param n string\nresource c 'Microsoft.MachineLearningServices/workspaces/computes@2026-05-01' = {\n  name: 'w/${n}'\n}\noutput o string = c.id\n", "the segments of the computed name"},
	} {
		_, err := armtest.BicepToARM(t, writeBicep(t, tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want an error with %q", tc.src, err, tc.want)
		}
	}
}

// What the oracle understands beyond amlc's current output, checked against
// the ARM JSON bicep build is documented to produce.
func TestOracleSubset(t *testing.T) {
	src := `@minLength(3)
@maxLength(24)
@allowed([
  'abc'
  'defg'
])
@sys.description('The name.')
param name string = 'abc'

@secure()
param cfg object

var tags = {
  'a-b': name
}

resource ws 'Microsoft.MachineLearningServices/workspaces@2026-05-01' existing = {
  name: 'w'
  scope: resourceGroup('sub', 'rg')
}

resource c1 'Microsoft.MachineLearningServices/workspaces/computes@2026-05-01' = if (name != 'x') {
  name: 'w/c1'
  tags: tags
  properties: {
    computeType: 'AmlCompute'
    description: '${name}: ${ws.id}'
  }
}

resource c2 'Microsoft.MachineLearningServices/workspaces/computes@2026-05-01' = {
  name: 'w/c2'
  properties: {
    computeType: 'AmlCompute'
    description: c1.name
    properties: {
      enableNodePublicIp: !empty(cfg) && true
      vmSize: cfg.size[0]
      subnet: null
    }
  }
}

@description('The ID.')
output id string = c2.id
`
	want := `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "name": {"type": "string", "defaultValue": "abc", "minLength": 3, "maxLength": 24,
      "allowedValues": ["abc", "defg"], "metadata": {"description": "The name."}},
    "cfg": {"type": "secureObject"}
  },
  "variables": {"tags": {"a-b": "[parameters('name')]"}},
  "resources": [
    {
      "condition": "[not(equals(parameters('name'), 'x'))]",
      "type": "Microsoft.MachineLearningServices/workspaces/computes",
      "apiVersion": "2026-05-01",
      "name": "w/c1",
      "tags": "[variables('tags')]",
      "properties": {
        "computeType": "AmlCompute",
        "description": "[format('{0}: {1}', parameters('name'), resourceId('sub', 'rg', 'Microsoft.MachineLearningServices/workspaces', 'w'))]"
      }
    },
    {
      "type": "Microsoft.MachineLearningServices/workspaces/computes",
      "apiVersion": "2026-05-01",
      "name": "w/c2",
      "properties": {
        "computeType": "AmlCompute",
        "description": "w/c1",
        "properties": {
          "enableNodePublicIp": "[and(not(empty(parameters('cfg'))), true())]",
          "vmSize": "[parameters('cfg').size[0]]",
          "subnet": null
        }
      },
      "dependsOn": ["[resourceId('Microsoft.MachineLearningServices/workspaces/computes', 'w', 'c1')]"]
    }
  ],
  "outputs": {"id": {"type": "string", "value": "[resourceId('Microsoft.MachineLearningServices/workspaces/computes', 'w', 'c2')]",
    "metadata": {"description": "The ID."}}}
}`
	got, err := armtest.BicepToARM(t, writeBicep(t, src))
	if err != nil {
		t.Fatal(err)
	}
	if diff, err := armtest.Diff([]byte(want), got); err != nil || diff != "" {
		t.Errorf("(-want +got) %v\n%s\n%s", err, diff, got)
	}
}
