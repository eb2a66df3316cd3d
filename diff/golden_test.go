package diff

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amlc-dev/amlc/internal/testkit"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"

	"github.com/amlc-dev/amlc/schema"
)

// The golden tests. Plans are reviewed as whole files rather than asserted
// piecemeal, because what a reviewer of a pull request sees (the text, the
// Markdown comment, and the exact requests in the JSON) is the contract.
//
// Each testdata/*.txtar archive has a comment saying why it exists, two
// inputs, desired.json and base.json (JSON encodings of a schema.Spec, see
// decodeSpec), and three outputs: plan.txt (RenderText without colour),
// plan.json (RenderJSON) and plan.md (RenderMarkdown).
//
// AMLC_UPDATE=1 go test ./diff/ rewrites the outputs.

var outputs = []string{"plan.txt", "plan.json", "plan.md"}

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
			ar, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if strings.TrimSpace(string(ar.Comment)) == "" {
				t.Errorf("%s: the archive needs a comment saying why it exists", path)
			}
			desired := mustSection(t, ar, "desired.json")
			base := mustSection(t, ar, "base.json")
			p := Compute(desired, base)
			got := map[string][]byte{}
			var buf bytes.Buffer
			if err := RenderText(&buf, p, false); err != nil {
				t.Fatal(err)
			}
			got["plan.txt"] = bytes.Clone(buf.Bytes())
			buf.Reset()
			if err := RenderJSON(&buf, p); err != nil {
				t.Fatal(err)
			}
			got["plan.json"] = bytes.Clone(buf.Bytes())
			buf.Reset()
			if err := RenderMarkdown(&buf, p); err != nil {
				t.Fatal(err)
			}
			got["plan.md"] = bytes.Clone(buf.Bytes())

			if testkit.Update() {
				files := []txtar.File{}
				for _, f := range ar.Files {
					if f.Name == "desired.json" || f.Name == "base.json" {
						files = append(files, f)
					}
				}
				for _, name := range outputs {
					files = append(files, txtar.File{Name: name, Data: got[name]})
				}
				ar.Files = files
				if err := os.WriteFile(path, txtar.Format(ar), 0o666); err != nil {
					t.Fatal(err)
				}
				return
			}
			for _, name := range outputs {
				want, ok := testkit.Section(ar, name)
				if !ok {
					t.Errorf("no %s section (AMLC_UPDATE=1 writes it)", name)
					continue
				}
				if d := cmp.Diff(string(want), string(got[name])); d != "" {
					t.Errorf("%s mismatch (-want +got):\n%s", name, d)
				}
			}
			// The JSON form reads back into a Plan with the same shape.
			var back Plan
			if err := json.Unmarshal(got["plan.json"], &back); err != nil {
				t.Fatalf("plan.json does not read back: %v", err)
			}
			if len(back.Changes) != len(p.Changes) {
				t.Errorf("plan.json reads back with %d changes, want %d", len(back.Changes), len(p.Changes))
			}
		})
	}
}

func mustSection(t *testing.T, ar *txtar.Archive, name string) *schema.Spec {
	t.Helper()
	data, ok := testkit.Section(ar, name)
	if !ok {
		t.Fatalf("no %s section", name)
	}
	spec, err := testkit.DecodeSpec(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return spec
}
