package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/amlc-dev/amlc/fixtures"
	"github.com/amlc-dev/amlc/internal/testkit"
)

// TestBuildStdout: build -o - writes, as a txtar archive, exactly the files
// build -o DIR writes, for every fixture.
func TestBuildStdout(t *testing.T) {
	root := testkit.RepoRoot(t)
	for _, name := range fixtures.Names {
		dir := filepath.Join(t.TempDir(), "out")
		spec := filepath.Join(root, "fixtures", name)
		var stdout, stderr bytes.Buffer
		if code := run([]string{"build", spec, "-o", dir}, &stdout, &stderr); code != 0 {
			t.Fatalf("%s: build -o DIR: exit %d: %s", name, code, stderr.String())
		}
		stdout.Reset()
		stderr.Reset()
		if code := run([]string{"build", spec, "-o", "-"}, &stdout, &stderr); code != 0 {
			t.Fatalf("%s: build -o -: exit %d: %s", name, code, stderr.String())
		}
		ar := txtar.Parse(stdout.Bytes())
		if len(ar.Comment) != 0 {
			t.Errorf("%s: text before the first file: %q", name, ar.Comment)
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(ar.Files) != len(entries) {
			t.Errorf("%s: %d files on stdout, %d in the directory", name, len(ar.Files), len(entries))
		}
		for _, f := range ar.Files {
			want, err := os.ReadFile(filepath.Join(dir, f.Name))
			if err != nil {
				t.Errorf("%s: %s is on stdout, not in the directory", name, f.Name)
				continue
			}
			if !bytes.Equal(f.Data, want) {
				t.Errorf("%s: %s on stdout differs from the file", name, f.Name)
			}
		}
	}
}
