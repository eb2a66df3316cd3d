package jsontree

import (
	"encoding/json"
	"strings"
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

func TestFirstDifference(t *testing.T) {
	numbers := func(s string) any {
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	long := strings.Repeat("a", 5000)
	for _, tc := range []struct {
		a, b   any
		path   string
		x, y   any
		differ bool
	}{
		{numbers(`{"a":1,"b":[1,2]}`), decode(t, `{"b":[1,2],"a":1.0}`), "", nil, nil, false},
		{numbers(`{"a":1e0}`), numbers(`{"a":1}`), "", nil, nil, false},
		{numbers(`{"b":[1,2]}`), numbers(`{"b":[1,2,3]}`), "b[2]", nil, json.Number("3"), true},
		{decode(t, `{"a":{"x":"1"}}`), decode(t, `{"a":{"x":"1","y":true}}`), "a.y", nil, true, true},
		{decode(t, `{"m":{"ml/c":1}}`), decode(t, `{"m":{"ml/c":2}}`), `m["ml/c"]`, 1.0, 2.0, true},
		{decode(t, `{"s":"`+long+`x"}`), decode(t, `{"s":"`+long+`y"}`), "s", long + "x", long + "y", true},
		{"a", "b", "", "a", "b", true},
	} {
		path, x, y, differ := FirstDifference(tc.a, tc.b)
		if path != tc.path || differ != tc.differ || !cmp.Equal(x, tc.x) || !cmp.Equal(y, tc.y) {
			t.Errorf("FirstDifference(%v, %v) = %q, %v, %v, %v; want %q, %v, %v, %v", tc.a, tc.b, path, x, y, differ, tc.path, tc.x, tc.y, tc.differ)
		}
	}
}
