package policy

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/schema"
)

// defsDir holds the test definitions (testdata/policy/SOURCES.md).
var defsDir = filepath.Join("..", "..", "testdata", "policy", "definitions")

func defFile(name string) string { return filepath.Join(defsDir, name) }

const sub = "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"

func testWorkspace() *schema.Workspace {
	return &schema.Workspace{Key: "ml-prod", Name: "ml-prod", Subscription: sub, ResourceGroup: "rg-ml", Location: "eastus"}
}

func testCluster(name, size string) *schema.Cluster {
	return &schema.Cluster{Name: name, VMSize: size, MaxNodes: 4, IdleTimeBeforeScaleDown: 2 * time.Minute,
		Priority: schema.Dedicated, OSType: "Linux", Location: "eastus"}
}

func load(t *testing.T, params string, files ...string) []*Definition {
	t.Helper()
	var paths []string
	for _, f := range files {
		paths = append(paths, defFile(f))
	}
	if params != "" {
		params = defFile(params)
	}
	defs, ds := Load(paths, params)
	if len(ds) > 0 {
		t.Fatalf("Load: %v", ds)
	}
	return defs
}

func codesOf(fs []schema.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Severity.String()+" "+f.Code)
	}
	return out
}

// The built-ins load, with their real IDs and default effects.
func TestBuiltins(t *testing.T) {
	var got []string
	for _, d := range Builtins() {
		ev := &evaluator{def: d, params: d.paramValues()}
		eff, o := ev.effect()
		if o != nil {
			t.Fatalf("%s: effect: %+v", d.ID, o)
		}
		got = append(got, guid(d.ID)+" "+eff)
	}
	slices.Sort(got)
	want := []string{
		"679ddf89-ab8f-48a5-9029-e76054077449 audit",
		"7804b5c7-01dc-4723-969b-ae300cc07ff1 audit",
		"a6f9a2d0-cff7-4855-83ad-4cd750666512 modify",
		"e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f audit",
		"f110a506-2dcb-422e-bcea-d533fc8c35e2 audit",
	}
	if !slices.Equal(got, want) {
		t.Errorf("built-ins %v, want %v", got, want)
	}
}

// The built-ins against clusters: a cluster outside a virtual network is
// audited by the VNet built-in; local authentication by the local-auth
// ones (audit and modify); the compute-instance ones never match a
// cluster; and nothing is left unevaluated.
func TestBuiltinsOnClusters(t *testing.T) {
	k := NewChecker(nil, Builtins())
	w := testWorkspace()
	plain := testCluster("cpu", "Standard_D2_v2")
	if got := codesOf(k.CheckCluster(w, plain)); !slices.Equal(got, []string{"note policy/audit"}) {
		t.Errorf("a cluster without a subnet: %v", got)
	}
	inNet := testCluster("net", "Standard_D2_v2")
	inNet.Network = &schema.Network{Subnet: "/subscriptions/" + sub + "/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"}
	if got := k.CheckCluster(w, inNet); len(got) != 0 {
		t.Errorf("a cluster in a subnet: %v", got)
	}
	local := *inNet
	local.LocalAuth = true
	fs := k.CheckCluster(w, &local)
	if got := codesOf(fs); !slices.Equal(got, []string{"note policy/audit", "note policy/modify"}) {
		t.Fatalf("local auth: %v", got)
	}
	audit, modify := fs[0], fs[1]
	if !slices.Equal(audit.Field, []string{"localAuth"}) || audit.Ref != "e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f" || !audit.Advice ||
		!strings.Contains(audit.Summary, `"Azure Machine Learning Computes should have local authentication methods disabled"`) ||
		!strings.Contains(audit.Detail, "Built-in policy definition e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f, effect Audit") ||
		!strings.Contains(audit.Detail, "Azure.ML.DisableLocalAuth") {
		t.Errorf("audit finding %+v", audit)
	}
	if !slices.Equal(modify.Field, []string{"localAuth"}) || !strings.Contains(modify.Summary, "set …/computes/disableLocalAuth to true") {
		t.Errorf("modify finding %+v", modify)
	}
	if ds := k.Diagnostics(); len(ds) > 0 {
		t.Errorf("not evaluated: %v", ds)
	}
}

// A custom deny on …/computes/vmSize: an error at vmSize for a size
// outside the list, nothing for one in it (the list compared ignoring
// case).
func TestAllowedVMSizes(t *testing.T) {
	defs := load(t, "allowed-vm-sizes.params.json", "allowed-vm-sizes.json")
	k := NewChecker(defs, nil)
	w := testWorkspace()
	fs := k.CheckCluster(w, testCluster("gpu", "Standard_NC6s_v3"))
	if len(fs) != 1 {
		t.Fatalf("findings %v", fs)
	}
	f := fs[0]
	if f.Severity != diag.Error || f.Code != CodeDeny || !slices.Equal(f.Field, []string{"vmSize"}) {
		t.Errorf("finding %+v", f)
	}
	if want := `Azure Policy "Allowed VM sizes for AML compute clusters" would deny this cluster at deployment: …/computes/vmSize is "Standard_NC6s_v3"`; f.Summary != want {
		t.Errorf("summary %q, want %q", f.Summary, want)
	}
	if !strings.Contains(f.Detail, "aml-allowed-vm-sizes, effect Deny") || !strings.Contains(f.Detail, `Matched: not (…/computes/vmSize is "Standard_NC6s_v3"; in ["Standard_D2_v2","Standard_DS3_v2"]: false)`) {
		t.Errorf("detail %q", f.Detail)
	}
	if len(f.Related) != 1 || f.Related[0].Line != 30 || f.Related[0].Column != 13 {
		t.Errorf("related %v: want the rule's if", f.Related)
	}
	for _, size := range []string{"Standard_D2_v2", "STANDARD_DS3_V2"} {
		if fs := k.CheckCluster(w, testCluster("cpu", size)); len(fs) != 0 {
			t.Errorf("%s: %v", size, fs)
		}
	}
}

// A count over the identities a cluster has: only approved user-assigned
// identities pass.
func TestApprovedIdentities(t *testing.T) {
	defs := load(t, "", "approved-identities.json")
	id := func(n string) string {
		return "/subscriptions/" + sub + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/" + n
	}
	defs[0].param("approvedIdentities").value = []any{id("train"), strings.ToUpper(id("infer"))}
	k := NewChecker(defs, nil)
	w := testWorkspace()
	for _, c := range []struct {
		identity *schema.Identity
		deny     bool
	}{
		{nil, false},
		{&schema.Identity{Type: schema.SystemAssigned}, false},
		{&schema.Identity{Type: schema.UserAssigned, IDs: []string{id("train")}}, false},
		{&schema.Identity{Type: schema.UserAssigned, IDs: []string{id("train"), id("infer")}}, false},
		{&schema.Identity{Type: schema.UserAssigned, IDs: []string{id("train"), id("rogue")}}, true},
		{&schema.Identity{Type: schema.UserAssigned, IDs: []string{id("rogue")}}, true},
	} {
		cl := testCluster("cpu", "Standard_D2_v2")
		cl.Identity = c.identity
		fs := k.CheckCluster(w, cl)
		if got := len(fs) == 1 && fs[0].Code == CodeDeny; got != c.deny || len(fs) > 1 {
			t.Errorf("identity %+v: findings %v, want deny %v", c.identity, fs, c.deny)
		}
		if c.deny && (!slices.Equal(fs[0].Field, []string{"identity", "ids"}) ||
			!strings.Contains(fs[0].Summary, `: the count of [parameters('approvedIdentities')] is `)) {
			t.Errorf("deny at %v: %s", fs[0].Field, fs[0].Summary)
		}
	}
	if ds := k.Diagnostics(); len(ds) > 0 {
		t.Errorf("not evaluated: %v", ds)
	}
}

// A count over a [*] alias, and greater on maxNodeCount.
func TestFieldCount(t *testing.T) {
	k := NewChecker(load(t, "", "max-nodes.json"), nil)
	w := testWorkspace()
	big := testCluster("big", "Standard_D2_v2")
	big.MaxNodes = 11
	fs := k.CheckCluster(w, big)
	if len(fs) != 1 || fs[0].Code != CodeAudit || !slices.Equal(fs[0].Field, []string{"maxNodes"}) {
		t.Fatalf("findings %+v", fs)
	}
	if fs := k.CheckCluster(w, testCluster("small", "Standard_D2_v2")); len(fs) != 0 {
		t.Errorf("10 nodes: %v", fs)
	}
}

// Malformed definitions: each an error at its position.
func TestMalformed(t *testing.T) {
	for _, c := range []struct {
		file string
		want []string // "code line:col summary-part"
	}{
		{"bad-json.json", []string{`policy/invalid 11:7 policy definition is not valid JSON: unexpected '}': want a member name in double quotes`}},
		{"unknown-operator.json", []string{`policy/invalid 14:13 unknown condition "greaterThan"; Azure Policy's conditions are contains, containsKey, equals, exists, greater,`}},
		{"missing-parameter.json", []string{
			`policy/invalid 23:23 parameter "osType" is not defined in the definition's parameters (policy "Allowed priorities")`,
		}},
		{"wrong-alias.json", []string{`policy/alias 13:22 Microsoft.MachineLearningServices/workspaces/computes/properties.vmSize is not an alias of Microsoft.MachineLearningServices/workspaces/computes; did you mean Microsoft.MachineLearningServices/workspaces/computes/vmSize?`}},
	} {
		defs, ds := Load([]string{defFile(c.file)}, "")
		if len(defs) != 0 {
			t.Errorf("%s: loaded %d definitions", c.file, len(defs))
		}
		var got []string
		for _, d := range ds {
			got = append(got, d.Code+" "+strings.TrimPrefix(d.Pos.String(), defFile(c.file)+":")+" "+d.Summary)
			if d.Pos.Filename != defFile(c.file) || d.Severity != diag.Error {
				t.Errorf("%s: %+v", c.file, d)
			}
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: %q, want %q", c.file, got, c.want)
			continue
		}
		for i := range got {
			if !strings.HasPrefix(got[i], c.want[i]) {
				t.Errorf("%s: %q\nwant prefix %q", c.file, got[i], c.want[i])
			}
		}
	}
}

// A parameter with neither a value nor a default is an error at its
// declaration; --policy-params gives it.
func TestParameterWithoutValue(t *testing.T) {
	defs, ds := Load([]string{defFile("allowed-vm-sizes.json")}, "")
	if len(defs) != 0 || len(ds) != 1 || ds[0].Code != CodeParams || ds[0].Pos.Line != 12 ||
		ds[0].Summary != `parameter "listOfAllowedSKUs" of policy "Allowed VM sizes for AML compute clusters" has no value: give it with --policy-params FILE, or a defaultValue in the definition` {
		t.Errorf("%v", ds)
	}
}

// A construct amlc does not evaluate: reported once, at its position,
// naming it and the clusters; never passed silently.
func TestNotEvaluated(t *testing.T) {
	k := NewChecker(load(t, "", "unsupported-match.json"), nil)
	w := testWorkspace()
	for _, n := range []string{"cpu-001", "gpu-a"} {
		if fs := k.CheckCluster(w, testCluster(n, "Standard_D2_v2")); len(fs) != 0 {
			t.Errorf("findings %v", fs)
		}
	}
	ds := k.Diagnostics()
	if len(ds) != 1 {
		t.Fatalf("%v", ds)
	}
	d := ds[0]
	if d.Code != CodeNotEvaluated || d.Severity != diag.Warning || d.Pos.Line != 14 || d.Pos.Column != 13 ||
		d.Summary != `Azure Policy "Cluster names follow the naming convention" was not evaluated: amlc does not evaluate the condition "notMatch"` ||
		!strings.Contains(d.Detail, "2 clusters: ml-prod/cpu-001, ml-prod/gpu-a") {
		t.Errorf("%+v", d)
	}
}

// A bare policy rule, as az policy definition create --rules takes it, is
// a definition named by its file.
func TestBareRule(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "rule.json")
	rule := `{"if": {"field": "Microsoft.MachineLearningServices/workspaces/computes/vmPriority", "equals": "LowPriority"}, "then": {"effect": "audit"}}`
	if err := os.WriteFile(f, []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	defs, ds := Load([]string{f}, "")
	if len(ds) > 0 || len(defs) != 1 || defs[0].Title() != f {
		t.Fatalf("%v %v", defs, ds)
	}
	c := testCluster("spot", "Standard_D2_v2")
	c.Priority = schema.LowPriority
	fs := NewChecker(defs, nil).CheckCluster(testWorkspace(), c)
	if len(fs) != 1 || fs[0].Code != CodeAudit || !slices.Equal(fs[0].Field, []string{"priority"}) {
		t.Errorf("%+v", fs)
	}
}
