package main

import (
	"path/filepath"
	"testing"

	"github.com/amlc-dev/amlc/internal/catalog/internal/generate"
	"github.com/amlc-dev/amlc/internal/testkit"
)

// The committed catalog files are what gen writes, run as go generate
// runs it from the catalog package.
func TestCommittedCatalogIsCurrent(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	flags := testkit.GenerateFlags(t, "default.go", "gen")
	src := defaultSrc
	if s, ok := flags["src"]; ok {
		src = s
	}
	out := t.TempDir()
	if err := run(src, out); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{generate.JSONFile, generate.GoFile} {
		testkit.SameFile(t, filepath.Join(out, name), name, "internal/catalog/"+name)
	}
}

func TestRunFailsOnAMissingRecording(t *testing.T) {
	if err := run(filepath.Join(t.TempDir(), "none.json"), t.TempDir()); err == nil {
		t.Error("run wrote a catalog from a recording that does not exist")
	}
}
