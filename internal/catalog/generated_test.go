package catalog

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"github.com/amlc-dev/amlc/internal/catalog/internal/generate"
)

// TestGeneratedUpToDate runs the generator in memory and compares its output
// with the committed files. With AMLC_UPDATE=1 it rewrites them instead.
func TestGeneratedUpToDate(t *testing.T) {
	rec := readRecording(t, vmSizesRecording)
	files, err := generate.Generate(rec, vmSizesRecording)
	if err != nil {
		t.Fatal(err)
	}
	again, err := generate.Generate(rec, vmSizesRecording)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(files.JSON, again.JSON) || !bytes.Equal(files.Go, again.Go) {
		t.Fatal("the generator is not deterministic")
	}
	for name, want := range map[string][]byte{generate.JSONFile: files.JSON, generate.GoFile: files.Go} {
		if os.Getenv("AMLC_UPDATE") == "1" {
			if err := os.WriteFile(name, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run `go generate ./internal/catalog` (or AMLC_UPDATE=1 go test ./internal/catalog)", name)
		}
	}
	if !bytes.HasPrefix(files.Go, []byte(generate.Header+"\n")) {
		t.Errorf("%s does not start with %q", generate.GoFile, generate.Header)
	}
	if !bytes.HasSuffix(files.JSON, []byte("}\n")) || bytes.Contains(files.JSON, []byte("\t")) {
		t.Errorf("%s is not 2-space indented with a final newline", generate.JSONFile)
	}
}

// TestEmbeddedMatchesRecording checks, without the generator, that every
// recorded size is in the catalog with the same values.
func TestEmbeddedMatchesRecording(t *testing.T) {
	var body struct{ Value []Size }
	if err := json.Unmarshal(recordedBody(t, vmSizesRecording), &body); err != nil {
		t.Fatal(err)
	}
	if got := len(Default().Sizes()); got != len(body.Value) {
		t.Errorf("the catalog has %d sizes, the recording %d", got, len(body.Value))
	}
	for _, want := range body.Value {
		got, ok := Default().Lookup(want.Name)
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: catalog has %+v, recording %+v", want.Name, got, want)
		}
	}
}
