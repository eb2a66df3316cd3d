package testkit

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
)

// cueCLI is the cue binary built for this test process, once.
var cueCLI struct {
	once sync.Once
	path string
	err  string
}

// CueCLI returns the path of the real cue command-line tool at the version
// of cuelang.org/go that amlc is built with (go.mod), built from the module
// proxy as bench/ builds it: GOBIN=<tmp> go install cuelang.org/go/cmd/cue@V.
// It is built once into the user's cache directory and reused by later
// runs. Without go or the module proxy the test is Unavailable (a failure
// in CI).
//
// AMLC_CUE names a cue binary to use instead (.ci/run builds one for its
// own steps); it must be the same version.
func CueCLI(t testing.TB) string {
	t.Helper()
	cueCLI.once.Do(func() {
		version := cueVersion()
		if version == "" {
			version = goModCUEVersion(t)
		}
		if version == "" {
			cueCLI.err = "cannot tell which cuelang.org/go version amlc is built with"
			return
		}
		if bin := os.Getenv("AMLC_CUE"); bin != "" {
			out, err := exec.Command(bin, "version").Output()
			if err != nil {
				cueCLI.err = fmt.Sprintf("AMLC_CUE=%s: %v", bin, err)
				return
			}
			if !strings.HasPrefix(string(out), "cue version "+version+"\n") {
				cueCLI.err = fmt.Sprintf("AMLC_CUE=%s is %q, not cue %s", bin, strings.SplitN(string(out), "\n", 2)[0], version)
				return
			}
			cueCLI.path = bin
			return
		}
		base, err := os.UserCacheDir()
		if err != nil {
			base = os.TempDir()
		}
		dir := filepath.Join(base, "amlc-test", "cue-"+version)
		bin := filepath.Join(dir, "cue")
		if out, err := exec.Command(bin, "version").Output(); err == nil && strings.HasPrefix(string(out), "cue version "+version+"\n") {
			cueCLI.path = bin
			return
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			cueCLI.err = err.Error()
			return
		}
		cmd := exec.Command("go", "install", "cuelang.org/go/cmd/cue@"+version)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOBIN="+dir, "GOFLAGS=", "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			cueCLI.err = "go install cuelang.org/go/cmd/cue@" + version + ": " + err.Error() + "\n" + string(out)
			return
		}
		cueCLI.path = bin
	})
	if cueCLI.err != "" {
		Unavailable(t, "the cue CLI could not be built: "+cueCLI.err, "it needs go and the Go module proxy")
	}
	return cueCLI.path
}

// cueVersion is the version of cuelang.org/go in the test binary.
func cueVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, m := range info.Deps {
		if m.Path == "cuelang.org/go" {
			if m.Replace != nil {
				return strings.TrimSpace(m.Replace.Version)
			}
			return m.Version
		}
	}
	return ""
}

// goModCUEVersion is the version of cuelang.org/go that go.mod requires,
// for a test binary that does not link it (fixtures).
func goModCUEVersion(t testing.TB) string {
	data, err := os.ReadFile(filepath.Join(RepoRoot(t), "go.mod"))
	if err != nil {
		return ""
	}
	m := cueRequireRE.FindSubmatch(data)
	if m == nil {
		return ""
	}
	return string(m[1])
}

var cueRequireRE = regexp.MustCompile(`(?m)^\s*(?:require\s+)?cuelang\.org/go\s+(v\S+)`)
