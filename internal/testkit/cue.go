package testkit

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// CUE returns the path of the cue CLI pinned to the version of
// cuelang.org/go in go.mod: $AMLC_CUE, else cue on PATH. scripts/test.sh
// and .ci/run install it from the module proxy and set AMLC_CUE. When it
// is missing, or another version, the test is Unavailable.
func CUE(t testing.TB) string {
	t.Helper()
	want := CUEVersion(t)
	howto := "scripts/test.sh installs it (or: GOBIN=DIR go install cuelang.org/go/cmd/cue@" + want + " and set AMLC_CUE=DIR/cue)"
	bin := os.Getenv("AMLC_CUE")
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("cue"); err != nil {
			Unavailable(t, "the cue CLI is not installed", howto)
		}
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		Unavailable(t, bin+" version: "+err.Error(), howto)
	}
	got := strings.TrimPrefix(strings.SplitN(string(out), "\n", 2)[0], "cue version ")
	if got != want {
		Unavailable(t, bin+" is cue "+got+", not "+want+" as go.mod pins", howto)
	}
	return bin
}

// CUEVersion is the version of cuelang.org/go that go.mod pins.
func CUEVersion(t testing.TB) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(RepoRoot(t), "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := cueRequireRE.FindSubmatch(data)
	if m == nil {
		t.Fatal("go.mod does not require cuelang.org/go")
	}
	return string(m[1])
}

var cueRequireRE = regexp.MustCompile(`(?m)^\s*(?:require\s+)?cuelang\.org/go\s+(v\S+)`)
