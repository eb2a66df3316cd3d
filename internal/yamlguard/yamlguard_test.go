package yamlguard

import "testing"

func TestMergeCycle(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want string // the error, or "" for none
	}{
		{"a: &a\n  <<: *a\n", `f.yaml:2:7: anchor "a" value contains itself`},
		{"a: &a\n  x: 1\n  c:\n    <<: [*a]\n", `f.yaml:4:10: anchor "a" value contains itself`},
		{"---\nb: 1\n---\na: &a\n  <<: *a\n", `f.yaml:5:7: anchor "a" value contains itself`},
		{"x: &x {vmSize: a}\nc:\n  <<: *x\n  maxNodes: 2\n", ""},
		{"a: &a 1\nb: *a\n", ""}, // no merge key: not read at all
		{"a: [\n<<: *a", ""},     // a syntax error is CUE's to report
	} {
		got := ""
		if c := MergeCycle("f.yaml", []byte(tc.src)); c != nil {
			got = c.Error()
		}
		if got != tc.want {
			t.Errorf("%q: %q, want %q", tc.src, got, tc.want)
		}
	}
}
