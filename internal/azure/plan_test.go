package azure

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"

	"github.com/amlc-dev/amlc/compiler"
	"github.com/amlc-dev/amlc/diff"
	"github.com/amlc-dev/amlc/schema"
)

// fixture vets a bundled fixture.
func fixture(t *testing.T, name string) *schema.Spec {
	t.Helper()
	res := schema.Vet([]string{filepath.Join("..", "..", "fixtures", name)}, schema.Options{})
	if res.Diags.HasErrors() {
		t.Fatalf("fixture %s: %v", name, res.Diags)
	}
	return res.Spec
}

// asLive is what Azure would return for a cluster amlc created: the
// compiled resource, without the secrets GET never returns, read through
// the SDK's model.
func asLive(t *testing.T, ws *schema.Workspace, name string) ObservedCluster {
	t.Helper()
	tmpl, err := compiler.Template(ws, []string{name})
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(tmpl.Resources[0])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	m["name"] = name
	m["id"] = ws.ResourceID() + "/computes/" + name
	m["type"] = compiler.ComputeResourceType
	delete(m, "apiVersion")
	props := m["properties"].(map[string]any)
	props["provisioningState"] = "Succeeded"
	inner := props["properties"].(map[string]any)
	if cr, ok := inner["userAccountCredentials"].(map[string]any); ok {
		delete(cr, "adminUserPassword")
		delete(cr, "adminUserSshPublicKey")
	}
	data, _ = json.Marshal(m)
	oc, typ, err := observeItem(data)
	if err != nil || typ != "" {
		t.Fatalf("observeItem: %v %q", err, typ)
	}
	return oc
}

// observed returns an observation holding every cluster of spec as Azure
// would return it, then applies edit to it.
func observed(t *testing.T, spec *schema.Spec, edit func(ws *ObservedWorkspace)) *Observation {
	t.Helper()
	obs := &Observation{}
	for i := range spec.Workspaces {
		w := &spec.Workspaces[i]
		ow := ObservedWorkspace{Ref: refOf(w), Others: map[string]string{}}
		for _, c := range w.Clusters {
			ow.Clusters = append(ow.Clusters, asLive(t, w, c.Name))
		}
		if edit != nil {
			edit(&ow)
		}
		obs.Workspaces = append(obs.Workspaces, ow)
	}
	return obs
}

func actions(p *LivePlan) map[string]diff.Action {
	m := map[string]diff.Action{}
	for _, c := range p.Changes {
		m[c.Address] = c.Action
	}
	return m
}

func TestPlanLiveRoundTrip(t *testing.T) {
	// What amlc creates, observed back, plans as no change: durations,
	// size spelling, defaults and unobserved secrets all normalise.
	for _, name := range []string{"quickstart", "secure-vnet", "multi-workspace", "large-scale"} {
		t.Run(name, func(t *testing.T) {
			spec := fixture(t, name)
			p, err := PlanLive(spec, observed(t, spec, nil), "https://arm.test", false)
			if err != nil {
				t.Fatal(err)
			}
			if p.HasChanges() {
				var b strings.Builder
				diff.RenderText(&b, &p.Plan, false)
				t.Errorf("plan has changes:\n%s", b.String())
			}
			for _, c := range p.Changes {
				if len(c.Fields) > 0 {
					t.Errorf("%s: unexpected fields %+v", c.Address, c.Fields)
				}
			}
		})
	}
}

func TestPlanLiveEmpty(t *testing.T) {
	spec := fixture(t, "quickstart")
	obs := observed(t, spec, func(ws *ObservedWorkspace) { ws.Clusters = nil })
	p, err := PlanLive(spec, obs, "https://arm.test", false)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]diff.Action{"ml-quickstart/cpu-cluster": diff.Create, "ml-quickstart/gpu-cluster": diff.Create}
	if got := actions(p); !mapsEqual(got, want) {
		t.Errorf("actions = %v, want %v", got, want)
	}
	if p.Observed.Fingerprint != obs.Fingerprint() || len(p.Observed.Workspaces) != 1 {
		t.Errorf("observed = %+v", p.Observed)
	}
}

func mapsEqual[K comparable, V comparable](a, b map[K]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestPlanLiveDrift(t *testing.T) {
	spec := fixture(t, "quickstart")
	obs := observed(t, spec, func(ws *ObservedWorkspace) {
		ws.Clusters[0].Cluster.MaxNodes = 2 // cpu-cluster
		extra := ws.Clusters[1]
		extra.Cluster.Name = "old-cluster"
		ws.Clusters = append(ws.Clusters, extra)
		ws.Others["notebook1"] = "ComputeInstance"
	})
	p, err := PlanLive(spec, obs, "https://arm.test", false)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]diff.Action{"ml-quickstart/cpu-cluster": diff.Update, "ml-quickstart/gpu-cluster": diff.NoOp}
	if got := actions(p); !mapsEqual(got, want) {
		t.Errorf("actions = %v, want %v", got, want)
	}
	if !slices.Equal(p.Observed.Unmanaged, []string{"ml-quickstart/old-cluster"}) {
		t.Errorf("unmanaged = %v", p.Observed.Unmanaged)
	}
	if !slices.ContainsFunc(p.Warnings, func(w diff.Warning) bool { return w.Code == CodeUnmanaged }) {
		t.Errorf("no %s warning: %+v", CodeUnmanaged, p.Warnings)
	}
	upd := p.Changes[0]
	if len(upd.Requests) != 1 || upd.Requests[0].Method != "PATCH" || classify(upd.Requests[0]) != kindScale {
		t.Errorf("update requests = %+v", upd.Requests)
	}

	p, err = PlanLive(spec, obs, "https://arm.test", true)
	if err != nil {
		t.Fatal(err)
	}
	if got := actions(p)["ml-quickstart/old-cluster"]; got != diff.Delete {
		t.Errorf("with prune, old-cluster: %v, want delete", got)
	}
	if k := classify(p.Changes[2].Requests[0]); k != kindDelete {
		t.Errorf("delete request kind %v", k)
	}
}

func TestPlanLiveNameTaken(t *testing.T) {
	spec := fixture(t, "quickstart")
	obs := observed(t, spec, func(ws *ObservedWorkspace) {
		ws.Clusters = ws.Clusters[:1]
		ws.Others["gpu-cluster"] = "ComputeInstance"
	})
	_, err := PlanLive(spec, obs, "https://arm.test", false)
	if _, ok := err.(*NameTakenError); !ok {
		t.Fatalf("err = %v, want a NameTakenError", err)
	}
}

func TestPlanLiveFailed(t *testing.T) {
	spec := fixture(t, "quickstart")
	obs := observed(t, spec, func(ws *ObservedWorkspace) {
		ws.Clusters[0].State = "Failed"
		ws.Clusters[0].Cluster.MaxNodes = 2 // a failed update: tried again
		ws.Clusters[1].State = "Failed"     // a failed cluster as specified: replaced
	})
	p, err := PlanLive(spec, obs, "https://arm.test", false)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]diff.Action{"ml-quickstart/cpu-cluster": diff.Update, "ml-quickstart/gpu-cluster": diff.Replace}
	if got := actions(p); !mapsEqual(got, want) {
		t.Errorf("actions = %v, want %v", got, want)
	}
	rep := p.Changes[1]
	if len(rep.Requests) != 2 || classify(rep.Requests[0]) != kindDelete || classify(rep.Requests[1]) != kindDeploy {
		t.Errorf("replacement requests = %+v", rep.Requests)
	}
	if err := Check(p, ApplyOptions{}); err == nil || !strings.Contains(err.Error(), "--allow-replace") {
		t.Errorf("Check: %v", err)
	}
	if !slices.Equal(p.Observed.Failed, []string{"ml-quickstart/cpu-cluster", "ml-quickstart/gpu-cluster"}) {
		t.Errorf("failed = %v", p.Observed.Failed)
	}
}

func TestFingerprint(t *testing.T) {
	spec := fixture(t, "quickstart")
	a := observed(t, spec, nil)
	b := observed(t, spec, nil)
	if a.Fingerprint() != b.Fingerprint() {
		t.Fatal("equal observations differ")
	}
	b.Workspaces[0].Clusters[0].Cluster.MinNodes = 1
	if a.Fingerprint() == b.Fingerprint() {
		t.Fatal("a changed observation has the same fingerprint")
	}
	c := observed(t, spec, nil)
	c.Workspaces[0].Clusters[0].State = "Updating"
	if a.Fingerprint() != c.Fingerprint() {
		t.Error("a transient state changes the fingerprint")
	}
}

func TestPlanJSONRoundTrip(t *testing.T) {
	spec := fixture(t, "secure-vnet")
	obs := observed(t, spec, func(ws *ObservedWorkspace) { ws.Clusters = nil })
	p, err := PlanLive(spec, obs, "https://arm.test", false)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := p.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"observed": {`) || !strings.Contains(b.String(), `"fingerprint": "sha256:`) {
		t.Errorf("JSON lacks the observed state:\n%s", b.String())
	}
	back, err := ReadPlan([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	names, err := RequiredSecrets(&back.Plan)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names, []string{"gpuAdminPassword"}) {
		t.Errorf("secrets = %v", names)
	}
	if err := Check(back, ApplyOptions{}); err == nil || !strings.Contains(err.Error(), "gpuAdminPassword") {
		t.Errorf("Check without the secret: %v", err)
	}
	if err := Check(back, ApplyOptions{Secrets: map[string]string{"gpuAdminPassword": "x"}}); err != nil {
		t.Errorf("Check: %v", err)
	}
	// The template of the saved plan is the compiler's, with its secure
	// parameter and the secret that fills it.
	cr, err := readCreation(&back.Changes[0])
	if err != nil {
		t.Fatal(err)
	}
	got, _ := cr.body.Properties.Template.JSON()
	tmpl, _ := compiler.Template(&spec.Workspaces[0], []string{"gpu-private"})
	want, _ := tmpl.JSON()
	if string(got) != string(want) {
		t.Errorf("template:\n%s\nwant:\n%s", got, want)
	}
	if len(cr.body.Properties.Parameters) != 1 {
		t.Errorf("params = %v", cr.body.Properties.Parameters)
	}
}

func TestReadPlanRefusesOfflinePlans(t *testing.T) {
	_, err := ReadPlan([]byte(`{"formatVersion": "1", "changes": []}`))
	if err == nil || !strings.Contains(err.Error(), "diff --live") {
		t.Errorf("err = %v", err)
	}
}

func TestScaleBodyThroughSDK(t *testing.T) {
	body := map[string]any{"properties": map[string]any{"properties": map[string]any{"scaleSettings": map[string]any{
		"maxNodeCount": 8, "minNodeCount": 1, "nodeIdleTimeBeforeScaleDown": "PT5M"}}}}
	var p armmachinelearning.ClusterUpdateParameters
	if err := decodeBody(body, &p); err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(p)
	want := `{"properties":{"properties":{"scaleSettings":{"maxNodeCount":8,"minNodeCount":1,"nodeIdleTimeBeforeScaleDown":"PT5M"}}}}`
	if string(got) != want {
		t.Errorf("SDK body = %s, want %s", got, want)
	}
}
