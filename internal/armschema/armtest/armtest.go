// Package armtest gives tests the truth checks of package armschema and the
// Bicep oracle (tools/bicep-oracle), located from the repository:
//
//   - the ARM schemas are read from testdata/arm-schemas in the repository
//     (the directory holding go.mod; provenance in its SOURCES.md); they
//     are part of the repository, so a missing file always fails;
//   - the oracle runs as `node tools/bicep-oracle/bicep2arm.js FILE`, with
//     its node_modules installed by `npm ci --prefix tools/bicep-oracle`.
//     When node or the packages are missing, a test fails if the
//     environment variable CI is set (and says how to install them), and
//     is skipped with that message otherwise.
package armtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/amlc-dev/amlc/internal/testkit"

	"github.com/amlc-dev/amlc/internal/armschema"
	"github.com/google/go-cmp/cmp"
)

// SchemaDir is where the ARM schemas are, given the repository root.
func SchemaDir(root string) string {
	return filepath.Join(root, "testdata", "arm-schemas")
}

var validator struct {
	once sync.Once
	v    *armschema.Validator
	err  error
}

// Validator returns the validator for the schemas in [SchemaDir], compiled
// once per test binary.
func Validator(t testing.TB) *armschema.Validator {
	t.Helper()
	dir := SchemaDir(RepoRoot(t))
	if _, err := os.Stat(filepath.Join(dir, "schemas")); err != nil {
		t.Fatalf("the ARM schemas are missing from the repository: %v (testdata/arm-schemas/SOURCES.md lists them)", err)
	}
	validator.once.Do(func() { validator.v, validator.err = armschema.New(dir) })
	if validator.err != nil {
		t.Fatal(validator.err)
	}
	return validator.v
}

// OracleDir is the Bicep oracle's directory, given the repository root.
func OracleDir(root string) string { return filepath.Join(root, "tools", "bicep-oracle") }

var oracle struct {
	once   sync.Once
	err    error // why the oracle cannot run
	always bool  // whether err is a failure even outside CI
}

// RequireOracle skips or fails the test (see [Unavailable]) unless node and
// the oracle's pinned node_modules are there; installed packages of other
// versions than package.json pins always fail. It checks once per test
// binary.
func RequireOracle(t testing.TB) {
	t.Helper()
	dir := OracleDir(RepoRoot(t))
	howto := "install Node.js 20+, then run `npm ci --prefix tools/bicep-oracle` in the repository root"
	oracle.once.Do(func() {
		if _, err := exec.LookPath("node"); err != nil {
			oracle.err = errors.New("node is not on PATH")
			return
		}
		pkg, err := os.ReadFile(filepath.Join(dir, "package.json"))
		if err != nil {
			oracle.err, oracle.always = err, true
			return
		}
		var manifest struct{ Dependencies map[string]string }
		if err := json.Unmarshal(pkg, &manifest); err != nil {
			oracle.err, oracle.always = err, true
			return
		}
		for name, want := range manifest.Dependencies {
			data, err := os.ReadFile(filepath.Join(dir, "node_modules", name, "package.json"))
			if err != nil {
				oracle.err = fmt.Errorf("%s is not installed in %s/node_modules", name, dir)
				return
			}
			var got struct{ Version string }
			if err := json.Unmarshal(data, &got); err != nil || got.Version != want {
				oracle.err, oracle.always = fmt.Errorf("node_modules has %s %s, package.json pins %s: rerun npm ci", name, got.Version, want), true
				return
			}
		}
	})
	switch {
	case oracle.err == nil:
	case oracle.always:
		t.Fatalf("the Bicep oracle cannot run: %v (%s)", oracle.err, howto)
	default:
		Unavailable(t, "the Bicep oracle cannot run: "+oracle.err.Error(), howto)
	}
}

// BicepToARM runs the oracle on a .bicep file and returns the classic ARM
// template the file denotes. The error carries the oracle's messages
// (FILE:LINE:COL: …) when the file has a syntax error or leaves the subset
// the oracle understands.
func BicepToARM(t testing.TB, file string) ([]byte, error) {
	t.Helper()
	RequireOracle(t)
	cmd := exec.Command("node", filepath.Join(OracleDir(RepoRoot(t)), "bicep2arm.js"), file)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == 1 {
			return nil, errors.New(strings.TrimSpace(stderr.String()))
		}
		t.Fatalf("running the Bicep oracle: %v\n%s", err, stderr.Bytes())
	}
	return stdout.Bytes(), nil
}

// CompareBicep checks that a Bicep file parses with no ERROR or MISSING
// node and denotes the same template as armJSON. name (e.g. "ml-prod.bicep")
// is used for the temporary file, so messages point at it. The error is the
// oracle's report, or a cmp.Diff (-ARM +Bicep) of the canonical templates.
func CompareBicep(t testing.TB, name string, bicep, armJSON []byte) error {
	t.Helper()
	file := filepath.Join(t.TempDir(), filepath.Base(name))
	if err := os.WriteFile(file, bicep, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := BicepToARM(t, file)
	if err != nil {
		return err
	}
	diff, err := Diff(armJSON, got)
	if err != nil {
		return err
	}
	if diff != "" {
		return fmt.Errorf("%s denotes another template than the ARM JSON (-ARM +Bicep, canonical form):\n%s", name, diff)
	}
	return nil
}

// Diff compares two ARM templates given as JSON text after bringing both
// into [armschema.Canonical] form, and returns cmp.Diff(want, got): empty
// when they deploy the same thing.
func Diff(want, got []byte) (string, error) {
	var docs [2]any
	for i, data := range [][]byte{want, got} {
		v, err := armschema.Decode(data)
		if err != nil {
			return "", err
		}
		if docs[i], err = armschema.Canonical(v); err != nil {
			return "", err
		}
	}
	return cmp.Diff(docs[0], docs[1]), nil
}

// InCI, Unavailable and RepoRoot are testkit's, kept here for the callers
// of this package.
var (
	InCI        = testkit.InCI
	Unavailable = testkit.Unavailable
	RepoRoot    = testkit.RepoRoot
)
