package jsontree

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func decode(t *testing.T, s string) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestObject(t *testing.T) {
	v := decode(t, `{"properties": {"properties": {"scaleSettings": {"maxNodeCount": 4}}, "vmSize": "x"}}`)
	if got := Object(v, "properties.properties.scaleSettings")["maxNodeCount"]; got != 4.0 {
		t.Errorf("maxNodeCount = %v, want 4", got)
	}
	if Object(v, "") == nil || Object(v, "properties.vmSize") != nil || Object(v, "identity.type") != nil {
		t.Error("Object of the top must be the top; of a scalar or a missing member, nil")
	}
	Object(v, "properties")["description"] = "d"
	if v["properties"].(map[string]any)["description"] != "d" {
		t.Error("writing to the result must change the document")
	}
}

func TestWithoutNulls(t *testing.T) {
	v := decode(t, `{"a": null, "b": {"c": null, "d": [1, null, {"e": null}]}, "f": "g"}`)
	got := WithoutNulls(v)
	want := decode(t, `{"b": {"d": [1, null, {}]}, "f": "g"}`)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if _, ok := v["a"]; !ok {
		t.Error("the input must not change")
	}
}
