package azure

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/amlc-dev/amlc/diff"
	"github.com/amlc-dev/amlc/schema"
)

// tinyARM is a small stand-in for ARM with scripted answers, for the
// client's own mechanics (paging, retries, polling, error details); the
// end-to-end tests run against internal/armfake.
type tinyARM struct {
	t   *testing.T
	srv *httptest.Server

	mu     sync.Mutex
	log    []string
	bodies map[string]string // "METHOD path" → last body
	// answer returns a scripted answer, or false for the default one.
	answer func(w http.ResponseWriter, r *http.Request, n int) bool
	counts map[string]int
	ops    map[string]string // operation id → final status body
}

func newTinyARM(t *testing.T) *tinyARM {
	a := &tinyARM{t: t, bodies: map[string]string{}, counts: map[string]int{}, ops: map[string]string{}}
	a.srv = httptest.NewTLSServer(http.HandlerFunc(a.serve))
	t.Cleanup(a.srv.Close)
	return a
}

func (a *tinyARM) client(t *testing.T) *Client {
	c, err := New(Options{
		Endpoint:      a.srv.URL,
		Token:         "test-token",
		Transport:     a.srv.Client(),
		Retry:         policy.RetryOptions{RetryDelay: time.Millisecond, MaxRetryDelay: 3 * time.Second},
		PollFrequency: time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (a *tinyARM) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	key := r.Method + " " + r.URL.Path
	a.mu.Lock()
	a.log = append(a.log, key)
	a.bodies[key] = string(body)
	a.counts[key]++
	n := a.counts[key]
	answer := a.answer
	a.mu.Unlock()
	if r.Header.Get("Authorization") != "Bearer test-token" {
		http.Error(w, `{"error":{"code":"AuthenticationFailed","message":"no token"}}`, http.StatusUnauthorized)
		return
	}
	if answer != nil && answer(w, r, n) {
		return
	}
	switch {
	case strings.HasPrefix(r.URL.Path, "/ops/"):
		a.mu.Lock()
		final := a.ops[strings.TrimPrefix(r.URL.Path, "/ops/")]
		a.mu.Unlock()
		io.WriteString(w, final)
	case r.Method == http.MethodGet && computeGet.MatchString(r.URL.Path):
		// The final GET of an operation on a compute: the compute, as
		// Azure answers it (required.go checks its members).
		name := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		fmt.Fprintf(w, `{"name":%q,"location":"eastus","properties":{"computeType":"AmlCompute","properties":{"vmSize":"STANDARD_D2_V2","vmPriority":"Dedicated","scaleSettings":{"maxNodeCount":4}}}}`, name)
	default:
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, `{}`)
	}
}

var computeGet = regexp.MustCompile(`/computes/[^/]+$`)

// async answers with an Azure-AsyncOperation whose final status is final.
func (a *tinyARM) async(w http.ResponseWriter, status int, final string) {
	a.mu.Lock()
	id := fmt.Sprint(len(a.ops) + 1)
	a.ops[id] = final
	a.mu.Unlock()
	w.Header().Set("Azure-AsyncOperation", a.srv.URL+"/ops/"+id)
	w.Header().Set("Retry-After", "0")
	w.WriteHeader(status)
	io.WriteString(w, `{}`)
}

func (a *tinyARM) requests() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.log...)
}

const wsPath = "/subscriptions/6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/resourceGroups/rg-ml-quickstart/providers/Microsoft.MachineLearningServices/workspaces/ml-quickstart"

func TestObservePagingAndRetry(t *testing.T) {
	a := newTinyARM(t)
	spec := fixture(t, "quickstart")
	cpu := asLiveJSON(t, &spec.Workspaces[0], "cpu-cluster")
	gpu := asLiveJSON(t, &spec.Workspaces[0], "gpu-cluster")
	a.answer = func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.URL.Path != wsPath+"/computes" {
			return false
		}
		switch {
		case r.URL.Query().Get("page") == "" && n == 1:
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			io.WriteString(w, `{"error":{"code":"TooManyRequests","message":"slow down"}}`)
		case r.URL.Query().Get("page") == "":
			fmt.Fprintf(w, `{"value":[%s,{"name":"nb","properties":{"computeType":"ComputeInstance"}}],"nextLink":%q}`, cpu, a.srv.URL+wsPath+"/computes?page=2&api-version=2026-05-01")
		default:
			fmt.Fprintf(w, `{"value":[%s]}`, gpu)
		}
		return true
	}
	c := a.client(t)
	obs, err := c.Observe(context.Background(), Refs(spec))
	if err != nil {
		t.Fatal(err)
	}
	if len(obs.Workspaces) != 1 || len(obs.Workspaces[0].Clusters) != 2 || obs.Workspaces[0].Others["nb"] != "ComputeInstance" {
		t.Fatalf("observation = %+v", obs)
	}
	p, err := PlanLive(spec, obs, c.Endpoint(), false)
	if err != nil {
		t.Fatal(err)
	}
	if p.HasChanges() {
		t.Errorf("plan has changes: %+v", p.Changes)
	}
	if got := len(a.requests()); got != 3 {
		t.Errorf("%d requests, want 3 (a 429, then two pages): %v", got, a.requests())
	}
}

func asLiveJSON(t *testing.T, ws *schema.Workspace, name string) string {
	t.Helper()
	oc := asLive(t, ws, name)
	// Re-encode the observed model the way the service would return it.
	m := map[string]any{
		"name":     name,
		"location": oc.Cluster.Location,
		"properties": map[string]any{
			"computeType":       "AmlCompute",
			"provisioningState": "Succeeded",
			"disableLocalAuth":  !oc.Cluster.LocalAuth,
			"properties": map[string]any{
				"vmSize":                      strings.ToUpper(oc.Cluster.VMSize),
				"vmPriority":                  oc.Cluster.Priority,
				"osType":                      oc.Cluster.OSType,
				"remoteLoginPortPublicAccess": "Disabled",
				"enableNodePublicIp":          true,
				"scaleSettings": map[string]any{
					"maxNodeCount": oc.Cluster.MaxNodes, "minNodeCount": oc.Cluster.MinNodes,
					"nodeIdleTimeBeforeScaleDown": fmt.Sprintf("PT%dS", int(oc.Cluster.IdleTimeBeforeScaleDown.Seconds())),
				},
			},
		},
	}
	data, _ := json.Marshal(m)
	return string(data)
}

func TestObserveMissingWorkspace(t *testing.T) {
	a := newTinyARM(t)
	a.answer = func(w http.ResponseWriter, r *http.Request, n int) bool {
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"error":{"code":"ResourceNotFound","message":"The workspace was not found."}}`)
		return true
	}
	_, err := a.client(t).Observe(context.Background(), Refs(fixture(t, "quickstart")))
	if err == nil || !strings.Contains(err.Error(), "not found") || !strings.Contains(err.Error(), "ResourceNotFound") {
		t.Errorf("err = %v", err)
	}
}

func TestApplyUpdateAndDelete(t *testing.T) {
	a := newTinyARM(t)
	spec := fixture(t, "quickstart")
	obs := observed(t, spec, func(ws *ObservedWorkspace) {
		ws.Clusters[0].Cluster.MaxNodes = 2
		ws.Clusters[0].Cluster.Identity = &schema.Identity{Type: schema.SystemAssigned}
		extra := ws.Clusters[1]
		extra.Cluster.Name = "old-cluster"
		ws.Clusters = append(ws.Clusters, extra)
	})
	p, err := PlanLive(spec, obs, a.srv.URL, true)
	if err != nil {
		t.Fatal(err)
	}
	live, _ := json.Marshal(obs.Workspaces[0].Clusters[0].Resource)
	a.answer = func(w http.ResponseWriter, r *http.Request, n int) bool {
		switch {
		case r.Method == "GET" && strings.HasSuffix(r.URL.Path, "/computes/cpu-cluster"):
			// The read of the identity's read-modify-write: the compute
			// as observed, with what GET adds.
			var m map[string]any
			json.Unmarshal(live, &m)
			m["id"] = r.URL.Path
			m["properties"].(map[string]any)["createdOn"] = "2026-01-01T00:00:00.0000000+00:00"
			json.NewEncoder(w).Encode(m)
		case r.Method == "PUT" && strings.HasSuffix(r.URL.Path, "/computes/cpu-cluster"):
			a.async(w, http.StatusOK, `{"status":"Succeeded"}`)
		case r.Method == "PATCH" && strings.HasSuffix(r.URL.Path, "/computes/cpu-cluster") && n == 1:
			// The scale PATCH: a transient 500 first.
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, `{"error":{"code":"InternalServerError","message":"try again"}}`)
		case r.Method == "PATCH" && strings.HasSuffix(r.URL.Path, "/computes/cpu-cluster"):
			a.async(w, http.StatusOK, `{"status":"Succeeded"}`)
		case r.Method == "DELETE":
			a.async(w, http.StatusAccepted, `{"status":"Failed","error":{"code":"ScopeLocked","message":"The scope is locked."}}`)
		default:
			return false
		}
		return true
	}
	c := a.client(t)
	if err := Check(p, ApplyOptions{}); err == nil || !strings.Contains(err.Error(), "--prune") {
		t.Errorf("Check without prune: %v", err)
	}
	res := c.Apply(context.Background(), p, ApplyOptions{Prune: true})
	byAddr := map[string]Outcome{}
	for _, o := range res.Outcomes {
		byAddr[o.Address] = o
	}
	if o := byAddr["ml-quickstart/cpu-cluster"]; o.Status != Done {
		t.Errorf("cpu-cluster: %+v", o)
	}
	o := byAddr["ml-quickstart/old-cluster"]
	if o.Status != Failed || o.Error == nil || o.Error.Code != "ScopeLocked" || !strings.Contains(o.Error.Message, "locked") {
		t.Errorf("old-cluster: %+v %+v", o, o.Error)
	}
	if res.OK() {
		t.Error("result OK despite a failure")
	}
	// The update: one scale PATCH (after a retry) with all three fields,
	// then the GET and the full PUT of the identity change, which removes
	// the identity and keeps the rest of the compute.
	var writes []string
	for _, r := range a.requests() {
		if strings.HasSuffix(r, "/computes/cpu-cluster") {
			writes = append(writes, strings.Fields(r)[0])
		}
	}
	if strings.Join(writes, " ") != "PATCH PATCH GET PUT" {
		t.Errorf("requests to cpu-cluster = %v, want the scale PATCH twice (retry), a GET and a PUT", writes)
	}
	a.mu.Lock()
	put := a.bodies["PUT "+wsPath+"/computes/cpu-cluster"]
	a.mu.Unlock()
	if !strings.Contains(put, `"identity":{"type":"None"}`) || !strings.Contains(put, `"maxNodeCount":4`) ||
		strings.Contains(put, "createdOn") || strings.Contains(put, "userAccountCredentials") {
		t.Errorf("PUT body = %s", put)
	}
}

// TestApplyPutRefusedWhenChanged: when the compute the GET returns differs
// from the one the plan was made against in a member the PUT keeps, the
// PUT is not sent and the change fails, naming the member.
func TestApplyPutRefusedWhenChanged(t *testing.T) {
	a := newTinyARM(t)
	spec := fixture(t, "quickstart")
	obs := observed(t, spec, func(ws *ObservedWorkspace) {
		ws.Clusters[0].Cluster.Identity = &schema.Identity{Type: schema.SystemAssigned}
	})
	p, err := PlanLive(spec, obs, a.srv.URL, false)
	if err != nil {
		t.Fatal(err)
	}
	live, _ := json.Marshal(obs.Workspaces[0].Clusters[0].Resource)
	a.answer = func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method == "GET" && strings.HasSuffix(r.URL.Path, "/computes/cpu-cluster") {
			var m map[string]any
			json.Unmarshal(live, &m)
			m["properties"].(map[string]any)["description"] = "changed by someone"
			json.NewEncoder(w).Encode(m)
			return true
		}
		return false
	}
	res := a.client(t).Apply(context.Background(), p, ApplyOptions{})
	o := res.Outcomes[0]
	if o.Status != Failed || o.Error == nil || !strings.Contains(o.Error.Message, "properties.description") || !strings.Contains(o.Error.Message, "nothing was sent") {
		t.Errorf("outcome = %+v %+v", o, o.Error)
	}
	for _, r := range a.requests() {
		if strings.HasPrefix(r, "PUT") {
			t.Errorf("sent %s", r)
		}
	}
}

// TestApplyCreatesOneDeploymentPerCluster: each created cluster is one
// deployment, under the name the plan gives it, of the plan's template.
func TestApplyCreatesOneDeploymentPerCluster(t *testing.T) {
	a := newTinyARM(t)
	spec := fixture(t, "quickstart")
	obs := observed(t, spec, func(ws *ObservedWorkspace) { ws.Clusters = nil })
	p, err := PlanLive(spec, obs, a.srv.URL, false)
	if err != nil {
		t.Fatal(err)
	}
	deployBodies := map[string]string{}
	a.answer = func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method == "PUT" && strings.Contains(r.URL.Path, "/deployments/") {
			a.mu.Lock()
			deployBodies[r.URL.Path] = a.bodies["PUT "+r.URL.Path]
			a.mu.Unlock()
			a.async(w, http.StatusCreated, `{"status":"Succeeded"}`)
			return true
		}
		return false
	}
	res := a.client(t).Apply(context.Background(), p, ApplyOptions{})
	if !res.OK() || len(res.Outcomes) != 2 {
		t.Fatalf("outcomes = %+v", res.Outcomes)
	}
	if len(deployBodies) != 2 {
		t.Fatalf("%d deployments, want 2", len(deployBodies))
	}
	for _, ch := range p.Changes {
		path, _, _ := strings.Cut(ch.Requests[0].Path, "?")
		body, ok := deployBodies[path]
		if !ok {
			t.Errorf("%s: no deployment %s (sent %v)", ch.Address, path, deployBodies)
			continue
		}
		var got struct {
			Properties struct {
				Mode     string
				Template struct {
					Resources []struct{ Name string }
				}
			}
		}
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		_, name, _ := strings.Cut(ch.Address, "/")
		if got.Properties.Mode != "Incremental" || len(got.Properties.Template.Resources) != 1 ||
			!strings.Contains(got.Properties.Template.Resources[0].Name, "'"+name+"'") {
			t.Errorf("%s: deployment = %s", ch.Address, body)
		}
	}
}

func TestApplyReplaceDeletesFirst(t *testing.T) {
	a := newTinyARM(t)
	spec := fixture(t, "quickstart")
	obs := observed(t, spec, func(ws *ObservedWorkspace) { ws.Clusters[0].Cluster.VMSize = "Standard_D3_v2" })
	p, err := PlanLive(spec, obs, a.srv.URL, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := actions(p)["ml-quickstart/cpu-cluster"]; got != diff.Replace {
		t.Fatalf("action %v", got)
	}
	if err := Check(p, ApplyOptions{}); err == nil || !strings.Contains(err.Error(), "--allow-replace") {
		t.Errorf("Check without allow-replace: %v", err)
	}
	a.answer = func(w http.ResponseWriter, r *http.Request, n int) bool {
		switch {
		case r.Method == "DELETE":
			if r.URL.Query().Get("underlyingResourceAction") != "Delete" {
				t.Errorf("DELETE without underlyingResourceAction=Delete: %s", r.URL)
			}
			a.async(w, http.StatusAccepted, `{"status":"Succeeded"}`)
		case r.Method == "PUT":
			a.async(w, http.StatusCreated, `{"status":"Succeeded"}`)
		default:
			return false
		}
		return true
	}
	res := a.client(t).Apply(context.Background(), p, ApplyOptions{AllowReplace: true})
	if !res.OK() {
		t.Fatalf("outcomes = %+v", res.Outcomes)
	}
	var order []string
	for _, r := range a.requests() {
		if !strings.HasPrefix(r, "GET") {
			order = append(order, strings.Fields(r)[0])
		}
	}
	if strings.Join(order, ",") != "DELETE,PUT" {
		t.Errorf("order = %v (log %v)", order, a.requests())
	}
}

func TestApplyFailedDeployment(t *testing.T) {
	a := newTinyARM(t)
	spec := fixture(t, "quickstart")
	obs := observed(t, spec, func(ws *ObservedWorkspace) { ws.Clusters = nil })
	p, _ := PlanLive(spec, obs, a.srv.URL, false)
	a.answer = func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method == "PUT" {
			a.async(w, http.StatusCreated, `{"status":"Failed","error":{"code":"DeploymentFailed","message":"At least one resource deployment operation failed.","details":[{"code":"QuotaExceeded","message":"Not enough quota."}]}}`)
			return true
		}
		return false
	}
	res := a.client(t).Apply(context.Background(), p, ApplyOptions{})
	for _, o := range res.Outcomes {
		if o.Status != Failed || o.Error == nil || o.Error.Code != "DeploymentFailed" || !strings.Contains(o.Error.Message, "QuotaExceeded: Not enough quota.") {
			t.Errorf("%+v: %+v", o, o.Error)
		}
	}
}

func TestApplyInterrupted(t *testing.T) {
	a := newTinyARM(t)
	spec := fixture(t, "quickstart")
	obs := observed(t, spec, func(ws *ObservedWorkspace) { ws.Clusters = nil })
	p, _ := PlanLive(spec, obs, a.srv.URL, false)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res := a.client(t).Apply(ctx, p, ApplyOptions{})
	if res.Count(NotAttempted) != 2 || len(a.requests()) != 0 {
		t.Errorf("outcomes = %+v, requests %v", res.Outcomes, a.requests())
	}
}
