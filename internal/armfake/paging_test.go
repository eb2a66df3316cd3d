package armfake

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestListPages(t *testing.T) {
	names := []string{"c-one", "c-two", "c-three", "c-four", "c-five"}
	var seeds []SeedCompute
	for _, n := range names {
		seeds = append(seeds, seed(n, basicBody(1)))
	}
	s := newTestServer(t, Options{PageSize: 2, Computes: seeds})
	list := "/subscriptions/" + testSub + "/resourceGroups/" + testRG + "/providers/Microsoft.MachineLearningServices/workspaces/" + testWS + "/computes" + api
	var got []string
	pages := 0
	for next := list; next != ""; pages++ {
		r := do(t, s, "GET", next, nil).wantStatus(t, http.StatusOK)
		for _, v := range r.body.(map[string]any)["value"].([]any) {
			got = append(got, get(v, "name").(string))
		}
		next, _ = get(r.body, "nextLink").(string)
		if next == "" {
			continue
		}
		u, err := url.Parse(next)
		if err != nil || !strings.HasPrefix(next, s.URL()+"/subscriptions/") || u.Query().Get("$skip") == "" || u.Query().Get("api-version") != "2026-05-01" {
			t.Fatalf("nextLink %q", next)
		}
	}
	want := slices.Clone(names)
	slices.Sort(want)
	if !slices.Equal(got, want) || pages != 3 {
		t.Errorf("listed %v in %d pages, want %v in 3", got, pages, want)
	}
	if r := do(t, s, "GET", list+"&$skip=7", nil); r.status != http.StatusBadRequest {
		t.Errorf("a made-up $skip: status %d", r.status)
	}
}

func TestListEmpty(t *testing.T) {
	s := newTestServer(t, Options{})
	r := do(t, s, "GET", strings.TrimSuffix(computePath("x"), "/x")+api, nil).wantStatus(t, http.StatusOK)
	if string(r.raw) != `{"value":[]}` {
		t.Errorf("empty list %s", r.raw)
	}
}
