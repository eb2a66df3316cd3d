package doccheck

import (
	"strings"
	"testing"
)

// TestSpecExample: the example of docs/spec.md is the spec that the
// testscript vet_spec_example.txtar vets and builds, so it cannot rot.
func TestSpecExample(t *testing.T) {
	root, _ := repoFiles(t)
	doc := read(t, root, "docs/spec.md")
	_, rest, ok := strings.Cut(doc, "## An example\n\n```cue\n")
	if !ok {
		t.Fatal("docs/spec.md has no cue block under \"## An example\"")
	}
	example, _, _ := strings.Cut(rest, "```")
	script := read(t, root, "cmd/amlc/testdata/script/vet_spec_example.txtar")
	_, spec, ok := strings.Cut(script, "-- spec/spec.cue --\n")
	if !ok {
		t.Fatal("vet_spec_example.txtar has no spec/spec.cue")
	}
	spec, _, _ = strings.Cut(spec, "\n-- ")
	if strings.TrimSpace(example) != strings.TrimSpace(spec) {
		t.Errorf("the example of docs/spec.md differs from spec/spec.cue of cmd/amlc/testdata/script/vet_spec_example.txtar; keep them one text")
	}
}
