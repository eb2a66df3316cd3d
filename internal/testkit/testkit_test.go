package testkit

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// recorder is a testing.TB whose Fatalf and Skipf record their message
// and end the goroutine, as the real ones do, without ending the test.
type recorder struct {
	testing.TB
	fatal, skip string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (r *recorder) Skipf(format string, args ...any) {
	r.skip = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// call runs f with r in a goroutine of its own and waits for it.
func (r *recorder) call(f func(testing.TB)) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
}

// TestUnavailable: a missing tool skips the test with its reason and how to
// get it, except in CI, where it fails the test.
func TestUnavailable(t *testing.T) {
	for _, tc := range []struct {
		ci         string
		wantFailed bool
	}{
		{"", false}, {"0", false}, {"false", false}, {"FALSE", false},
		{"true", true}, {"1", true}, {"yes", true},
	} {
		t.Setenv("CI", tc.ci)
		r := &recorder{TB: t}
		r.call(func(tb testing.TB) { Unavailable(tb, "node is not on PATH", "install Node.js") })
		switch {
		case tc.wantFailed && (r.fatal == "" || r.skip != ""):
			t.Errorf("CI=%q: fatal %q, skip %q; want a failure", tc.ci, r.fatal, r.skip)
		case !tc.wantFailed && (r.skip == "" || r.fatal != ""):
			t.Errorf("CI=%q: fatal %q, skip %q; want a skip", tc.ci, r.fatal, r.skip)
		}
		if msg := r.fatal + r.skip; !strings.Contains(msg, "node is not on PATH") || !strings.Contains(msg, "install Node.js") {
			t.Errorf("CI=%q: the message %q does not say what is missing", tc.ci, msg)
		}
	}
}

// TestTestdata: the reference data is part of the repository, so a missing
// file fails the test even outside CI.
func TestTestdata(t *testing.T) {
	t.Setenv("CI", "")
	if p := Testdata(t, "azure-catalog/SOURCES.md"); !strings.HasSuffix(p, "testdata/azure-catalog/SOURCES.md") {
		t.Errorf("Testdata = %s", p)
	}
	r := &recorder{TB: t}
	r.call(func(tb testing.TB) { Testdata(tb, "azure-catalog/missing.json") })
	if r.skip != "" || !strings.Contains(r.fatal, "missing from the repository") {
		t.Errorf("a missing file: fatal %q, skip %q; want a failure", r.fatal, r.skip)
	}
}
