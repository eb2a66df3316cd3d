// Package armtest gives tests the truth checks of package armschema and the
// Bicep oracle (tools/bicep-oracle), located from the repository:
//
//   - the ARM schemas are read from testdata/arm-schemas in the repository
//     (the directory holding go.mod; provenance in its SOURCES.md); they
//     are part of the repository, so a missing file always fails;
//   - the oracle runs as `node tools/bicep-oracle/bicep2arm.js FILE`, with
//     its node_modules installed by `npm ci --prefix tools/bicep-oracle`.
//     When the packages are missing and npm is on PATH, the first test
//     that needs them installs them (as scripts/test.sh does). When node or
//     the packages are still missing, a test fails if the environment
//     variable CI is set (and says how to install them), and is skipped
//     with that message otherwise.
package armtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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
		if name := missingPackage(dir, manifest.Dependencies); name != "" {
			if err := installOracle(dir, manifest.Dependencies); err != nil {
				oracle.err = fmt.Errorf("%s is not installed in %s/node_modules, and installing it failed: %v", name, dir, err)
				return
			}
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

// BicepTypesFile is where Bicep's type table of
// Microsoft.MachineLearningServices at an API version is expected (the
// layout of Azure/bicep-types-az under [SchemaDir]).
func BicepTypesFile(root, apiVersion string) string {
	return filepath.Join(SchemaDir(root), "bicep-types-az", "generated", "machinelearningservices",
		"microsoft.machinelearningservices", apiVersion, "types.json")
}

var bicepTypes sync.Map // path → *armschema.BicepTypes

// BicepTypes returns Bicep's type table of Microsoft.MachineLearningServices
// at an API version, read once per test binary.
func BicepTypes(t testing.TB, apiVersion string) *armschema.BicepTypes {
	t.Helper()
	path := BicepTypesFile(RepoRoot(t), apiVersion)
	if v, ok := bicepTypes.Load(path); ok {
		return v.(*armschema.BicepTypes)
	}
	if _, err := os.Stat(path); err != nil {
		Unavailable(t, "Bicep's type table is missing: no "+path,
			"copy generated/machinelearningservices/microsoft.machinelearningservices/"+apiVersion+"/types.json of Azure/bicep-types-az there")
	}
	bt, err := armschema.LoadBicepTypes(path)
	if err != nil {
		t.Fatal(err)
	}
	bicepTypes.Store(path, bt)
	return bt
}

// CheckBicepTypes type-checks the resources of a Bicep file as the Bicep
// compiler would, with Bicep's type table: every resource's type@version
// must be in the table (the existing workspace too), and the body of
// every resource amlc creates must have only known, writable properties of
// the right types, its required ones, and a name (the last segment, as a
// child of its parent) that matches the name's pattern. It returns the
// problems found.
func CheckBicepTypes(t testing.TB, bt *armschema.BicepTypes, name string, bicep []byte) []string {
	t.Helper()
	var problems []string
	for _, m := range resourceDecl.FindAllSubmatch(bicep, -1) {
		if !bt.HasResource(string(m[1])) {
			problems = append(problems, fmt.Sprintf("%s: Bicep's types have no %s", name, m[1]))
		}
	}
	file := filepath.Join(t.TempDir(), filepath.Base(name))
	if err := os.WriteFile(file, bicep, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := BicepToARM(t, file)
	if err != nil {
		return append(problems, err.Error())
	}
	doc, err := armschema.Decode(out)
	if err == nil {
		doc, err = armschema.Canonical(doc)
	}
	if err != nil {
		t.Fatal(err)
	}
	resources, _ := doc.(map[string]any)["resources"].([]any)
	for i, r := range resources {
		res, _ := r.(map[string]any)
		body := map[string]any{}
		for k, v := range res {
			switch k {
			case "type", "apiVersion", "dependsOn":
			case "name":
				// A child's name under parent: is its last segment.
				s, _ := v.(string)
				body[k] = s[strings.LastIndex(s, "/")+1:]
			default:
				body[k] = v
			}
		}
		typ := fmt.Sprintf("%v@%v", res["type"], res["apiVersion"])
		if !bt.HasResource(typ) {
			problems = append(problems, fmt.Sprintf("%s: resources[%d]: Bicep's types have no %s", name, i, typ))
			continue
		}
		ps, err := bt.Check(typ, body)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			problems = append(problems, fmt.Sprintf("%s: resources[%d] (%s) %s", name, i, body["name"], p))
		}
	}
	return problems
}

// resourceDecl finds the type@version of every resource declaration.
var resourceDecl = regexp.MustCompile(`(?m)^resource \w+ '([^']+)'`)
