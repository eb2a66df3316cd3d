package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/amlc-dev/amlc/internal/testkit"
)

// The committed response bodies are what gendata writes from the
// recordings in the repository, run as go generate runs it.
func TestCommittedBodiesAreCurrent(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	src := "../../testdata/azure-catalog"
	if len(testkit.GenerateFlags(t, "catalogdata.go", "gendata")) != 0 {
		t.Fatal("catalogdata.go's go:generate line passes flags this test does not read")
	}
	out := t.TempDir()
	for _, f := range files {
		if err := extract(filepath.Join(src, f.recording), filepath.Join(out, f.body)); err != nil {
			t.Fatal(err)
		}
		testkit.SameFile(t, filepath.Join(out, f.body), filepath.Join("data", f.body), "internal/armfake/data/"+f.body)
	}
}

func TestExtractRefusesWhatIsNotARecording(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"two.json":    `{"a": {"Response": {"Content": "{}"}}, "b": {"Response": {"Content": "{}"}}}`,
		"base64.json": `{"a": {"Response": {"Content": "e30=", "isContentBase64": true}}}`,
		"nojson.json": `{"a": {"Response": {"Content": "not json"}}}`,
		"broken.json": `{`,
	} {
		src := filepath.Join(dir, name)
		if err := os.WriteFile(src, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := extract(src, filepath.Join(dir, "out-"+name)); err == nil {
			t.Errorf("%s: extracted a body", name)
		}
	}
}
