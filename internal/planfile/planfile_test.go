package planfile

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amlc-dev/amlc/internal/azure"
	"github.com/amlc-dev/amlc/schema"
)

func TestFirstDifference(t *testing.T) {
	for _, tc := range []struct {
		a, b, where, x, y string
	}{
		{`{"a":1,"b":[1,2]}`, `{"b":[1,2],"a":1.0}`, "", "", ""},
		{`{"a":1,"b":[1,2]}`, `{"a":1,"b":[1,3]}`, "b[1]", "2", "3"},
		{`{"a":{"x":"1"}}`, `{"a":{"x":"1","y":true}}`, "a.y", "nothing", "true"},
		{`{"m":{"ml-prod/c":1}}`, `{"m":{"ml-prod/c":2}}`, `m["ml-prod/c"]`, "1", "2"},
		{`[1]`, `{"a":1}`, "the top level", "[1]", `{"a":1}`},
		{`not json`, `{}`, "the whole file", "no JSON document", "a plan"},
		// Long strings are compared in full and shortened only to be shown.
		{`{"k":"` + strings.Repeat("a", 300) + `x"}`, `{"k":"` + strings.Repeat("a", 300) + `y"}`, "k", `"` + strings.Repeat("a", 199) + "…", `"` + strings.Repeat("a", 199) + "…"},
	} {
		w, x, y := firstDifference([]byte(tc.a), []byte(tc.b))
		if w != tc.where || x != tc.x || y != tc.y {
			t.Errorf("%s vs %s: %q %q %q, want %q %q %q", tc.a, tc.b, w, x, y, tc.where, tc.x, tc.y)
		}
	}
}

// seedPlan is a genuine saved plan: the quickstart fixture planned against
// an observation where one of its clusters exists with another size.
func seedPlan(t testing.TB) []byte {
	t.Helper()
	res := schema.Vet([]string{filepath.Join("..", "..", "fixtures", "quickstart")}, schema.Options{})
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	spec := res.Spec
	var obs azure.Observation
	for _, r := range azure.Refs(spec) {
		obs.Workspaces = append(obs.Workspaces, azure.ObservedWorkspace{Ref: r, Others: map[string]string{"nb": "ComputeInstance"}})
	}
	lp, err := azure.PlanLive(spec, &obs, "https://management.azure.com", false)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := lp.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A genuine plan verifies, and what Verify returns is the same plan.
func TestVerifyGenuine(t *testing.T) {
	data := seedPlan(t)
	lp, err := Verify("plan.json", data)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := lp.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	if w, x, y := firstDifference(data, buf.Bytes()); w != "" {
		t.Errorf("the derived plan differs at %s: %s, %s", w, x, y)
	}
	if _, err := Verify("plan.json", []byte(`{"formatVersion":"1","changes":[]}`)); err == nil {
		t.Error("a plan without its observed state verified")
	}
}

// FuzzVerify: whatever the file holds, Verify never panics, and what it
// accepts is exactly the plan it returns (so apply never carries out a
// request the file did not show).
func FuzzVerify(f *testing.F) {
	seed := seedPlan(f)
	f.Add(seed)
	f.Add(bytes.Replace(seed, []byte(`"maxNodeCount": 4`), []byte(`"maxNodeCount": 5000`), 1))
	f.Add([]byte(`{"formatVersion":"1","changes":[],"observed":{"fingerprint":"x","workspaces":[{}]},"desired":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		lp, err := Verify("plan.json", data)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := lp.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		if w, x, y := firstDifference(withoutCosts(data), withoutCosts(buf.Bytes())); w != "" {
			t.Fatalf("accepted a file that is not the derived plan: at %s %s, %s", w, x, y)
		}
	})
}

// Costs are not derived again (they depend on the diff's price table):
// a plan priced otherwise still verifies, and what apply gets is priced
// with amlc's own table.
func TestVerifyIgnoresCosts(t *testing.T) {
	data := seedPlan(t)
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc["cost"] == nil {
		t.Fatal("the seed plan has no cost")
	}
	doc["cost"] = map[string]any{"prices": "someone else's table", "floorChange": 1e9}
	edited, _ := json.Marshal(doc)
	lp, err := Verify("plan.json", edited)
	if err != nil {
		t.Fatal(err)
	}
	if lp.Cost == nil || lp.Cost.Prices == "someone else's table" {
		t.Errorf("the derived plan's cost: %+v", lp.Cost)
	}
}
