package main

import (
	"debug/buildinfo"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/amlc-dev/amlc/internal/testkit"
)

func TestVersionFrom(t *testing.T) {
	vcs := []debug.BuildSetting{
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "4bbe091a2b3c4d5e6f708192a3b4c5d6e7f80912"},
		{Key: "vcs.time", Value: "2026-12-07T21:15:30Z"},
		{Key: "vcs.modified", Value: "true"},
	}
	for _, tc := range []struct {
		name  string
		stamp string
		info  *debug.BuildInfo
		want  string
	}{
		{"release archive", "v1.2.0", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "v1.2.0"},
		{"go install @version", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}, "v1.2.0"},
		{"go install in a clone", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261207211530-4bbe091a2b3c+dirty"}, Settings: vcs},
			"v0.0.0-20261207211530-4bbe091a2b3c+dirty (revision 4bbe091a2b3c4d5e6f708192a3b4c5d6e7f80912, 2026-12-07T21:15:30Z, modified)"},
		{"revision without a module version", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs},
			"devel-4bbe091a2b3c+dirty (revision 4bbe091a2b3c4d5e6f708192a3b4c5d6e7f80912, 2026-12-07T21:15:30Z, modified)"},
		{"-buildvcs=false", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dev (built without version information: -buildvcs=false, or outside a git checkout)"},
		{"no build information", "", nil, "dev (built without version information: -buildvcs=false, or outside a git checkout)"},
	} {
		if got := versionFrom(tc.stamp, tc.info).String(); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

// TestVersionInstalled builds amlc as `go install ./cmd/amlc` does, with
// version control stamping asked for on the command line (it overrides a
// GOFLAGS=-buildvcs=false such as .ci/run's), and checks that `amlc
// version` and SARIF's tool version report what the binary records: in a
// clone, the commit checked out.
func TestVersionInstalled(t *testing.T) {
	root := testkit.RepoRoot(t)
	gobin := t.TempDir()
	install := exec.Command("go", "install", "-buildvcs=true", "./cmd/amlc")
	install.Dir = root
	install.Env = append(os.Environ(), "GOBIN="+gobin)
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("go install -buildvcs=true ./cmd/amlc: %v\n%s", err, out)
	}
	bin := filepath.Join(gobin, "amlc")
	info, err := buildinfo.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	want := versionFrom("", info)
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(out)); got != "amlc "+want.String() {
		t.Errorf("amlc version printed %q, want %q", got, "amlc "+want.String())
	}
	sarif := exec.Command(bin, "vet", "--format", "sarif", "fixtures/quickstart")
	sarif.Dir = root
	if out, err := sarif.Output(); err != nil || !strings.Contains(string(out), `"version": "`+want.Version+`"`) {
		t.Errorf("SARIF's tool version is not %q (%v):\n%s", want.Version, err, out)
	}

	// The go command stamps the commit only where .git is a directory: a
	// clone, not a git worktree.
	if st, err := os.Stat(filepath.Join(root, ".git")); err != nil || !st.IsDir() {
		if testkit.InCI() {
			t.Fatalf("CI runs in a clone, where go stamps the revision; %s/.git is not a directory", root)
		}
		t.Logf("%s/.git is not a directory (a git worktree?), where go stamps no revision: checked only that amlc reports what it records (%s)", root, want)
		return
	}
	rev := exec.Command("git", "rev-parse", "HEAD")
	rev.Dir = root
	head, err := rev.Output()
	if err != nil {
		t.Fatalf("git rev-parse HEAD: %v", err)
	}
	if h := strings.TrimSpace(string(head)); want.Revision != h || !strings.Contains(string(out), "revision "+h) || strings.HasPrefix(want.Version, "dev") {
		t.Errorf("amlc version printed %q, want the version and revision %s of the checkout", out, h)
	}
}
