package diff

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"

	"github.com/amlc-dev/amlc/fixtures"
	"github.com/amlc-dev/amlc/internal/jsontree"
	"github.com/amlc-dev/amlc/schema"
)

// specsForProperties are the specs the property tests run over: every
// bundled fixture, every input of the golden archives, and hand-built ones.
func specsForProperties(t *testing.T) map[string]*schema.Spec {
	t.Helper()
	specs := map[string]*schema.Spec{
		"nil":   nil,
		"empty": {},
		"full":  testSpec(testCluster()),
		"bare":  testSpec(schema.Cluster{Name: "c"}),
		"two workspaces": {Workspaces: []schema.Workspace{
			testWorkspace(testCluster()),
			{Key: "ml-dev", Name: "ml-dev", Subscription: testSub, ResourceGroup: "rg-dev", Location: "eastus",
				Clusters: []schema.Cluster{{Name: "cpu", VMSize: "Standard_D2_v2", MaxNodes: 2, Location: "northeurope"}}},
		}},
	}
	for _, name := range fixtures.Names {
		res := schema.Vet([]string{filepath.Join("..", "fixtures", name)}, schema.Options{})
		if res.Diags.HasErrors() {
			t.Fatalf("fixture %s: %v", name, res.Diags)
		}
		specs["fixture "+name] = res.Spec
	}
	paths, _ := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	for _, p := range paths {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"desired.json", "base.json"} {
			specs[filepath.Base(p)+":"+name] = mustSection(t, ar, name)
		}
	}
	return specs
}

// TestSameIsNoOp: a spec against itself plans nothing.
func TestSameIsNoOp(t *testing.T) {
	for name, s := range specsForProperties(t) {
		p := Compute(s, s)
		if p.HasChanges() || len(p.Warnings) > 0 {
			t.Errorf("%s: Compute(x, x) has changes or warnings: %+v", name, p)
		}
		for _, c := range p.Changes {
			if c.Action != NoOp || len(c.Fields) > 0 || len(c.Requests) > 0 {
				t.Errorf("%s: %s: %+v", name, c.Address, c)
			}
		}
	}
}

// TestDeterministic: the same inputs give the same bytes, and the changes
// are sorted by address.
func TestDeterministic(t *testing.T) {
	specs := specsForProperties(t)
	for dn, d := range specs {
		for bn, b := range specs {
			var x, y bytes.Buffer
			p := Compute(d, b)
			if err := RenderJSON(&x, p); err != nil {
				t.Fatal(err)
			}
			if err := RenderJSON(&y, Compute(d, b)); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(x.Bytes(), y.Bytes()) {
				t.Errorf("%s against %s: two computations differ", dn, bn)
			}
			if !slices.IsSortedFunc(p.Changes, func(a, b Change) int { return strings.Compare(a.Address, b.Address) }) {
				t.Errorf("%s against %s: changes not sorted", dn, bn)
			}
			checkInvariants(t, p)
		}
	}
}

func TestCreateAndDelete(t *testing.T) {
	p := Compute(testSpec(testCluster()), nil)
	if len(p.Changes) != 1 || p.Changes[0].Action != Create || p.Changes[0].Address != "ml-prod/gpu-cluster" {
		t.Fatalf("create: %+v", p.Changes)
	}
	for _, f := range p.Changes[0].Fields {
		if f.Before != nil {
			t.Errorf("create lists a before value: %+v", f)
		}
		if f.Path == "ssh.password" && (!f.Sensitive || f.After != nil) {
			t.Errorf("password field shows a value: %+v", f)
		}
	}
	p = Compute(nil, testSpec(testCluster()))
	if len(p.Changes) != 1 || p.Changes[0].Action != Delete {
		t.Fatalf("delete: %+v", p.Changes)
	}
	if r := p.Changes[0].Requests; len(r) != 1 || r[0].Method != "DELETE" || r[0].Body != nil ||
		!strings.HasSuffix(r[0].Path, "/computes/gpu-cluster?api-version=2026-05-01&underlyingResourceAction=Delete") {
		t.Errorf("delete requests: %+v", r)
	}
}

func requestJSON(t *testing.T, r Request) string {
	t.Helper()
	b, err := json.Marshal(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestScaleBody: the scale PATCH always carries all three fields, with the
// desired values, whichever changed (row minNodes).
func TestScaleBody(t *testing.T) {
	desired := testCluster()
	desired.MinNodes = 0
	ch := Compute(testSpec(desired), testSpec(testCluster())).Changes[0]
	if len(ch.Requests) != 1 {
		t.Fatalf("requests: %+v", ch.Requests)
	}
	want := `{"properties":{"properties":{"scaleSettings":{"maxNodeCount":8,"minNodeCount":0,"nodeIdleTimeBeforeScaleDown":"PT30M"}}}}`
	if got := requestJSON(t, ch.Requests[0]); got != want {
		t.Errorf("body = %s\nwant   %s", got, want)
	}
}

// TestIdentityBodies covers the identity re-PUT (rows identity.type and
// identity.ids): a GET, then a PUT of the whole compute (here as amlc would
// have created the base cluster, since the base was not observed) with the
// desired identity: set, change of the user-assigned set, removal.
func TestIdentityBodies(t *testing.T) {
	tests := []struct {
		name     string
		identity *schema.Identity
		want     string
	}{
		{"add one, keep one", &schema.Identity{Type: schema.UserAssigned, IDs: []string{strings.ToUpper(testUAI), testUAI2}},
			`{"type":"UserAssigned","userAssignedIdentities":{"` + strings.ToUpper(testUAI) + `":{},"` + testUAI2 + `":{}}}`},
		{"swap", &schema.Identity{Type: schema.UserAssigned, IDs: []string{testUAI2}},
			`{"type":"UserAssigned","userAssignedIdentities":{"` + testUAI2 + `":{}}}`},
		{"system-assigned", &schema.Identity{Type: schema.SystemAssigned}, `{"type":"SystemAssigned"}`},
		{"removed", nil, `{"type":"None"}`},
	}
	for _, tt := range tests {
		desired := testCluster()
		desired.Identity = tt.identity
		ch := Compute(testSpec(desired), testSpec(testCluster())).Changes[0]
		if ch.Action != Update || len(ch.Requests) != 2 || ch.Requests[0].Method != "GET" || ch.Requests[1].Method != "PUT" {
			t.Fatalf("%s: %s %+v", tt.name, ch.Action, ch.Requests)
		}
		body := ch.Requests[1].Body.(map[string]any)
		if d := cmp.Diff(tt.want, mustJSON(t, body["identity"])); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, d)
		}
		// Everything else is the compute as it is: the base's tags and
		// scale settings, its create-only settings, no credentials.
		want := `{"location":"westeurope","properties":{"computeType":"AmlCompute","description":"training","disableLocalAuth":true,` +
			`"properties":{"enableNodePublicIp":false,"isolatedNetwork":false,"osType":"Linux","remoteLoginPortPublicAccess":"Disabled",` +
			`"scaleSettings":{"maxNodeCount":8,"minNodeCount":1,"nodeIdleTimeBeforeScaleDown":"PT30M"},` +
			`"subnet":{"id":"` + testSubnet + `"},"vmPriority":"LowPriority","vmSize":"Standard_NC6s_v3"}},"tags":{"team":"vision"}}`
		delete(body, "identity")
		if d := cmp.Diff(want, mustJSON(t, body)); d != "" {
			t.Errorf("%s: the rest of the body (-want +got):\n%s", tt.name, d)
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestUpdateCombines: scale, identity and tags changes together are one
// update: the scale PATCH, then one GET and one PUT that carries the new
// identity, the new tags and the patched scale settings.
func TestUpdateCombines(t *testing.T) {
	desired := testCluster()
	desired.MaxNodes = 2
	desired.Identity = nil
	desired.Tags = map[string]string{"a": "b"}
	desired.Description = "new"
	p := Compute(testSpec(desired), testSpec(testCluster()))
	ch := p.Changes[0]
	if ch.Action != Update || len(ch.Requests) != 3 {
		t.Fatalf("%s %+v", ch.Action, ch.Requests)
	}
	if ch.Requests[0].Method != "PATCH" || ch.Requests[1].Method != "GET" || ch.Requests[2].Method != "PUT" {
		t.Fatalf("requests out of order: %+v", ch.Requests)
	}
	body := ch.Requests[2].Body.(map[string]any)
	for path, want := range map[string]string{
		"identity":                            `{"type":"None"}`,
		"tags":                                `{"a":"b"}`,
		"properties.properties.scaleSettings": `{"maxNodeCount":2,"minNodeCount":1,"nodeIdleTimeBeforeScaleDown":"PT30M"}`,
		// description has no update path: the re-PUT keeps Azure's.
		"properties.description": `"training"`,
	} {
		parent, name := "", path
		if i := strings.LastIndexByte(path, '.'); i >= 0 {
			parent, name = path[:i], path[i+1:]
		}
		if got := mustJSON(t, jsontree.Object(body, parent)[name]); got != want {
			t.Errorf("%s = %s, want %s", path, got, want)
		}
	}
	if len(p.Warnings) != 1 || p.Warnings[0].Code != CodeDescription {
		t.Errorf("warnings: %+v", p.Warnings)
	}
}

// TestPutFromObserved: with the compute as Azure returned it, the re-PUT
// keeps every writable member Azure returned (those amlc does not model
// too), drops the read-only ones, nulls and the credentials, and sets only
// the identity and the tags.
func TestPutFromObserved(t *testing.T) {
	var observed map[string]any
	if err := json.Unmarshal([]byte(`{
		"id": "/subscriptions/x/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ml-prod/computes/gpu-cluster",
		"name": "gpu-cluster", "type": "Microsoft.MachineLearningServices/workspaces/computes",
		"location": "westeurope", "tags": {"team": "vision"},
		"sku": {"name": "Basic", "tier": "Basic"},
		"systemData": {"createdBy": "someone"},
		"identity": {"type": "UserAssigned", "userAssignedIdentities": {"`+testUAI+`": {"principalId": "p", "clientId": "c"}}},
		"properties": {
			"computeType": "AmlCompute", "computeLocation": "westeurope", "description": "training", "disableLocalAuth": true,
			"createdOn": "2026-01-01T00:00:00Z", "modifiedOn": "2026-01-02T00:00:00Z", "provisioningState": "Succeeded",
			"provisioningErrors": null, "isAttachedCompute": false, "resourceId": null,
			"properties": {
				"vmSize": "STANDARD_NC6S_V3", "vmPriority": "LowPriority", "osType": "Linux",
				"virtualMachineImage": null, "isolatedNetwork": false, "propertyBag": {"k": "v"},
				"scaleSettings": {"maxNodeCount": 8, "minNodeCount": 1, "nodeIdleTimeBeforeScaleDown": "PT30M"},
				"userAccountCredentials": {"adminUserName": "azureuser"},
				"subnet": {"id": "`+testSubnet+`"}, "remoteLoginPortPublicAccess": "Disabled", "enableNodePublicIp": false,
				"allocationState": "Steady", "allocationStateTransitionTime": "2026-01-02T00:00:00Z", "errors": null,
				"currentNodeCount": 1, "targetNodeCount": 1, "nodeStateCounts": {"idleNodeCount": 1}
			}
		}
	}`), &observed); err != nil {
		t.Fatal(err)
	}
	desired := testCluster()
	desired.Tags = map[string]string{"team": "nlp"}
	base, dspec := testSpec(testCluster()), testSpec(desired)
	p := ComputeWith(dspec, base, Options{Resource: func(ws *schema.Workspace, c *schema.Cluster) map[string]any {
		if ws.Key != "ml-prod" || c.Name != "gpu-cluster" {
			t.Errorf("Resource(%s, %s)", ws.Key, c.Name)
		}
		return observed
	}})
	ch := p.Changes[0]
	if len(ch.Requests) != 2 {
		t.Fatalf("requests: %+v", ch.Requests)
	}
	want := `{"identity":{"type":"UserAssigned","userAssignedIdentities":{"` + testUAI + `":{}}},"location":"westeurope",` +
		`"properties":{"computeLocation":"westeurope","computeType":"AmlCompute","description":"training","disableLocalAuth":true,` +
		`"properties":{"enableNodePublicIp":false,"isolatedNetwork":false,"osType":"Linux","propertyBag":{"k":"v"},` +
		`"remoteLoginPortPublicAccess":"Disabled","scaleSettings":{"maxNodeCount":8,"minNodeCount":1,"nodeIdleTimeBeforeScaleDown":"PT30M"},` +
		`"subnet":{"id":"` + testSubnet + `"},"vmPriority":"LowPriority","vmSize":"STANDARD_NC6S_V3"}},` +
		`"sku":{"name":"Basic","tier":"Basic"},"tags":{"team":"nlp"}}`
	if d := cmp.Diff(want, mustJSON(t, ch.Requests[1].Body)); d != "" {
		t.Errorf("re-PUT body (-want +got):\n%s", d)
	}
	if _, ok := observed["id"]; !ok {
		t.Error("PutBase changed its argument")
	}
}

// TestReplaceAppliesEverything: in a replacement, the description is
// created with the cluster, so there is no description warning.
func TestReplaceAppliesEverything(t *testing.T) {
	desired := testCluster()
	desired.VMSize = "Standard_NC12s_v3"
	desired.Description = "new"
	p := Compute(testSpec(desired), testSpec(testCluster()))
	if len(p.Warnings) != 1 || p.Warnings[0].Code != CodeReplaceDeletes {
		t.Errorf("warnings: %+v", p.Warnings)
	}
	for _, f := range p.Changes[0].Fields {
		if f.Path == "description" && f.Note != "" {
			t.Errorf("description note in a replacement: %q", f.Note)
		}
	}
}

var deploymentNameRE = regexp.MustCompile(`/deployments/([-\w._()]{1,64})\?api-version=2021-04-01$`)

func TestDeploymentName(t *testing.T) {
	long := testCluster()
	long.Name = strings.Repeat("c", 24)
	ws := testWorkspace(long)
	ws.Name = strings.Repeat("w", 33)
	p := Compute(&schema.Spec{Workspaces: []schema.Workspace{ws}}, nil)
	path := p.Changes[0].Requests[0].Path
	if !deploymentNameRE.MatchString(path) {
		t.Errorf("deployment path %s: the name is not a valid deployment name of at most 64 characters", path)
	}
	// Another template, another name; the same template, the same name.
	other := long
	other.MaxNodes++
	ws2 := ws
	ws2.Clusters = []schema.Cluster{other}
	p2 := Compute(&schema.Spec{Workspaces: []schema.Workspace{ws2}}, nil)
	if p2.Changes[0].Requests[0].Path == path {
		t.Error("a different template has the same deployment name")
	}
	if Compute(&schema.Spec{Workspaces: []schema.Workspace{ws}}, nil).Changes[0].Requests[0].Path != path {
		t.Error("the same template has another deployment name")
	}
}

// TestTemplateError: a cluster the compiler refuses still gets a create
// change, with a bodiless request and a warning.
func TestTemplateError(t *testing.T) {
	bad := testCluster()
	bad.IdleTimeBeforeScaleDown = -time.Second
	p := Compute(testSpec(bad), nil)
	if p.Changes[0].Requests[0].Body != nil {
		t.Error("a body for a template that failed")
	}
	if len(p.Warnings) != 1 || p.Warnings[0].Code != CodeTemplate {
		t.Errorf("warnings: %+v", p.Warnings)
	}
}

func TestActions(t *testing.T) {
	for _, a := range Actions() {
		if !a.Valid() || a.String() != string(a) {
			t.Errorf("%q", a)
		}
	}
	if Action("destroy").Valid() {
		t.Error(`"destroy" is valid`)
	}
	defer func() {
		if recover() == nil {
			t.Error("For of an invalid action did not panic")
		}
	}()
	ActionCases[int]{}.For("bogus")
}

func TestRenderColor(t *testing.T) {
	desired := testCluster()
	desired.VMSize = "Standard_NC12s_v3"
	p := Compute(testSpec(desired), testSpec(testCluster()))
	var plain, color bytes.Buffer
	if err := RenderText(&plain, p, false); err != nil {
		t.Fatal(err)
	}
	if err := RenderText(&color, p, true); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b[") {
		t.Error("escape codes without color")
	}
	for _, code := range []string{ansiRed, ansiGreen, ansiYellow} {
		if !strings.Contains(color.String(), code) {
			t.Errorf("no %q with color", code)
		}
	}
	strip := regexp.MustCompile("\x1b\\[[0-9;]*m")
	if got := strip.ReplaceAllString(color.String(), ""); got != plain.String() {
		t.Errorf("colored text differs from plain text beyond colors:\n%s", cmp.Diff(plain.String(), got))
	}
}

func TestRenderJSONEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := RenderJSON(&buf, &Plan{}); err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"formatVersion\": \"1\",\n  \"generator\": \"amlc\",\n  \"changes\": []\n}\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}

func TestMarkdownFence(t *testing.T) {
	desired := testCluster()
	desired.Description = "has ``` inside"
	var buf bytes.Buffer
	if err := RenderMarkdown(&buf, Compute(testSpec(desired), testSpec(testCluster()))); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "````diff\n") {
		t.Errorf("the fence is not longer than the backticks in the block:\n%s", buf.String())
	}
}
