package armschema

import "testing"

// The compute name rule of the 2026-05-01 schema, with its lookahead,
// agrees with the documented rule on names either side of it.
func TestLookaheadEngine(t *testing.T) {
	const rule = `^[a-zA-Z](?![a-zA-Z0-9-]*-\d+$)[a-zA-Z0-9\-]{2,23}$`
	re, err := lookaheadEngine(rule)
	if err != nil {
		t.Fatal(err)
	}
	if re.String() != rule {
		t.Errorf("String() = %q", re.String())
	}
	for name, want := range map[string]bool{
		"cpu":                       true,
		"cpu-cluster":               true,
		"gpu-1a":                    true,
		"a-1-b":                     true,
		"CC-abc":                    true,
		"abcdefghijklmnopqrstuvwx":  true,  // 24
		"abcdefghijklmnopqrstuvwxy": false, // 25
		"ab":                        false,
		"1ab":                       false,
		"gpu-1":                     false,
		"CC-22050369":               false,
		"a-b-12":                    false,
		"gpu_1":                     false,
		"gpu-":                      true, // the pattern allows it; the docs do not
	} {
		if got := re.MatchString(name); got != want {
			t.Errorf("%q: match = %v, want %v", name, got, want)
		}
	}
	// Patterns without lookaround are Go's; other lookarounds fail loudly.
	if re, err := lookaheadEngine(`^[a-z]+$`); err != nil || !re.MatchString("abc") || re.MatchString("ab1") {
		t.Errorf("plain pattern: %v", err)
	}
	for _, bad := range []string{`a(?!b)c`, `^a(?!b)(?!c)d`, `^a(?=b)`, `^a(?!b`} {
		if _, err := lookaheadEngine(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
