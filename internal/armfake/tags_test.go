package armfake

import (
	"maps"
	"net/http"
	"testing"
)

func TestTagsAtScope(t *testing.T) {
	body := basicBody(2)
	body["tags"] = map[string]any{"team": "vision", "env": "dev"}
	s := newTestServer(t, Options{Computes: []SeedCompute{seed("cpu", body)}})
	path := computePath("cpu") + tagsSuffix + "?api-version=2021-04-01"
	tags := func(r response) map[string]string {
		t.Helper()
		out := map[string]string{}
		for k, v := range get(r.wantStatus(t, http.StatusOK).body, "properties", "tags").(map[string]any) {
			out[k] = v.(string)
		}
		return out
	}
	r := do(t, s, "GET", path, nil)
	if get(r.body, "id") != computePath("cpu")+tagsSuffix || get(r.body, "name") != "default" || get(r.body, "type") != "Microsoft.Resources/tags" {
		t.Errorf("tags resource %s", r.raw)
	}
	for _, step := range []struct {
		op   string
		tags map[string]string
		want map[string]string
	}{
		{"Merge", map[string]string{"env": "prod", "owner": "ml"}, map[string]string{"team": "vision", "env": "prod", "owner": "ml"}},
		{"Delete", map[string]string{"owner": "", "team": "other"}, map[string]string{"team": "vision", "env": "prod"}},
		{"Replace", map[string]string{"cost": "42"}, map[string]string{"cost": "42"}},
		{"Delete", map[string]string{"cost": "42"}, map[string]string{}},
	} {
		got := tags(do(t, s, "PATCH", path, map[string]any{"operation": step.op, "properties": map[string]any{"tags": step.tags}}))
		if !maps.Equal(got, step.want) {
			t.Errorf("after %s %v: %v, want %v", step.op, step.tags, got, step.want)
		}
	}
	if c, _ := s.Compute(testSub, testRG, testWS, "cpu"); c.Tags != nil {
		t.Errorf("compute tags %v", c.Tags)
	}
	do(t, s, "PUT", path, map[string]any{"properties": map[string]any{"tags": map[string]string{"a": "b"}}}).wantStatus(t, http.StatusOK)
	if got := get(do(t, s, "GET", computePath("cpu")+api, nil).body, "tags", "a"); got != "b" {
		t.Errorf("compute tag a = %v after PUT", got)
	}
	if r := do(t, s, "PATCH", path, map[string]any{"operation": "Append", "properties": map[string]any{"tags": map[string]string{}}}); r.status != http.StatusBadRequest {
		t.Errorf("a bad operation: %d", r.status)
	}
	do(t, s, "GET", computePath("gpu")+tagsSuffix+"?api-version=2021-04-01", nil).wantStatus(t, http.StatusNotFound)
	do(t, s, "GET", computePath("cpu")+tagsSuffix, nil).wantStatus(t, http.StatusBadRequest)
}
