package importer

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/amlc-dev/amlc/internal/testkit"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/tools/txtar"

	"github.com/amlc-dev/amlc/schema"
)

// The golden tests: each testdata/*.txtar archive has a comment saying why
// it exists, input sections (*.yml, *.yaml: the compute YAML files),
// optionally a "workspace" section (key=value lines that override
// testWorkspace's fields), and the wanted sections: want.cue (what Format
// writes for the imported model) or error.txt (the import's error), and
// notes.txt (one note a line).
//
// Besides the comparison, every golden checks that
//   - want.cue reads back into the very model FromYAML returned, unless
//     vet.txt pins an error;
//   - no admin password of the inputs appears in any output.
//
// AMLC_UPDATE=1 go test ./internal/importer/ rewrites the wanted sections.

// wantSections are the sections the test writes, in archive order.
var wantSections = []string{"want.cue", "error.txt", "notes.txt", "vet.txt"}

var testWorkspace = WorkspaceRef{
	Key:           "ml-prod",
	Subscription:  "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
	ResourceGroup: "rg-ml-prod",
	Location:      "eastus",
}

func TestGolden(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no golden archives in testdata")
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			testGolden(t, path)
		})
	}
}

func testGolden(t *testing.T, path string) {
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(string(ar.Comment)) == "" {
		t.Errorf("%s: the archive needs a comment saying why it exists", path)
	}
	ws := testWorkspace
	files := map[string][]byte{}
	var inputs []txtar.File
	for _, f := range ar.Files {
		switch {
		case f.Name == "workspace":
			ws = parseWorkspace(t, ws, f.Data)
			inputs = append(inputs, f)
		case strings.HasSuffix(f.Name, ".yml") || strings.HasSuffix(f.Name, ".yaml"):
			files[f.Name] = f.Data
			inputs = append(inputs, f)
		case slices.Contains(wantSections, f.Name):
		default:
			t.Fatalf("%s: unknown section %q", path, f.Name)
		}
	}
	if len(files) == 0 {
		t.Fatalf("%s: no YAML input", path)
	}

	spec, notes, err := FromYAML(files, ws)
	var got []txtar.File
	var findings string
	if err != nil {
		got = append(got, txtar.File{Name: "error.txt", Data: []byte(err.Error() + "\n")})
	} else {
		out, ferr := Format(spec)
		if ferr != nil {
			t.Fatalf("Format: %v", ferr)
		}
		got = append(got, txtar.File{Name: "want.cue", Data: out})
		findings = vetRoundTrip(t, spec, out)
	}
	var nb strings.Builder
	for _, n := range notes {
		nb.WriteString(n.String() + "\n")
	}
	got = append(got, txtar.File{Name: "notes.txt", Data: []byte(nb.String())})
	if err == nil {
		got = append(got, txtar.File{Name: "vet.txt", Data: []byte(findings)})
	}

	pws := inputPasswords(files)
	if len(pws) == 0 && bytes.Contains(txtar.Format(ar), []byte("admin_password")) {
		t.Errorf("%s has an admin_password whose value the test does not find", path)
	}
	for _, pw := range pws {
		for _, f := range got {
			if bytes.Contains(f.Data, []byte(pw)) {
				t.Errorf("the admin password of the input appears in %s", f.Name)
			}
		}
	}

	if testkit.Update() {
		ar.Files = append(inputs, got...)
		if err := os.WriteFile(path, txtar.Format(ar), 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, g := range got {
		want, ok := testkit.Section(ar, g.Name)
		if !ok {
			t.Errorf("no %s section; got:\n%s", g.Name, g.Data)
			continue
		}
		if d := cmp.Diff(string(want), string(g.Data)); d != "" {
			t.Errorf("%s mismatch (-want +got):\n%s", g.Name, d)
		}
	}
	for _, name := range wantSections {
		if _, ok := testkit.Section(ar, name); ok && !slices.ContainsFunc(got, func(f txtar.File) bool { return f.Name == name }) {
			t.Errorf("the archive has a %s section, but the import gave none", name)
		}
	}
}

// vetRoundTrip writes the formatted spec to a directory, vets it, and
// returns the findings as vet.txt holds them. Without errors the model vet
// reads must be the one it came from.
func vetRoundTrip(t *testing.T, spec *schema.Spec, out []byte) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "clusters.cue"), out, 0o666); err != nil {
		t.Fatal(err)
	}
	res := schema.Vet([]string{dir}, schema.Options{})
	var b strings.Builder
	for _, d := range res.Diags {
		fmt.Fprintf(&b, "clusters.cue:%d:%d: %s: %s [%s]\n", d.Pos.Line, d.Pos.Column, d.Severity, d.Summary, d.Code)
	}
	if !res.Diags.HasErrors() {
		if d := cmp.Diff(spec, res.Spec, cmpopts.EquateEmpty()); d != "" {
			t.Errorf("vet of the output gives another model (-imported +vetted):\n%s", d)
		}
	}
	return b.String()
}

func parseWorkspace(t *testing.T, ws WorkspaceRef, data []byte) WorkspaceRef {
	t.Helper()
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("workspace section: %q is not key=value", line)
		}
		switch k {
		case "key":
			ws.Key = v
		case "name":
			ws.Name = v
		case "subscription":
			ws.Subscription = v
		case "resourceGroup":
			ws.ResourceGroup = v
		case "location":
			ws.Location = v
		default:
			t.Fatalf("workspace section: unknown key %q", k)
		}
	}
	return ws
}

// testPasswordRE finds admin passwords in test inputs the simple way, on
// purpose independent of the importer's own scan.
// It also finds misspelt keys (admin_pasword) and nested values.
var testPasswordRE = regexp.MustCompile(`(?:admin_pas\w*|nested):\s*(?:!!\w+\s+)?["']?([^"'\n#]+)`)

func inputPasswords(files map[string][]byte) []string {
	var pws []string
	for _, data := range files {
		for _, m := range testPasswordRE.FindAllSubmatch(data, -1) {
			if pw := strings.TrimSpace(string(m[1])); pw != "" {
				pws = append(pws, pw)
			}
		}
	}
	return pws
}
