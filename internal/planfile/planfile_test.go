package planfile

import "testing"

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
	} {
		w, x, y := firstDifference([]byte(tc.a), []byte(tc.b))
		if w != tc.where || x != tc.x || y != tc.y {
			t.Errorf("%s vs %s: %q %q %q, want %q %q %q", tc.a, tc.b, w, x, y, tc.where, tc.x, tc.y)
		}
	}
}
