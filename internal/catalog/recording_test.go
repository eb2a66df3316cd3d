package catalog

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// The recordings in testdata/azure-catalog/ of the repository (see
// SOURCES.md there): the generator's source and the parser's real input.
const (
	vmSizesRecording = "aml-vmsizes-eastus-2025-11-04.azure-powershell-recording.json"
	usagesRecording  = "aml-usages-eastus-2025-11-04.azure-powershell-recording.json"
)

// recordingDir returns testdata/azure-catalog of the repository (the
// directory holding go.mod). It does not use internal/testkit, which
// imports schema and so this package.
func recordingDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "testdata", "azure-catalog")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// readRecording reads one recording of testdata/azure-catalog; it is part
// of the repository, so a missing file fails the test.
func readRecording(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(recordingDir(t), name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// recordedBody decodes a recording of testdata/azure-catalog without the
// package's own decoder: the API body is the JSON string in
// <only key>.Response.Content.
func recordedBody(t *testing.T, name string) []byte {
	t.Helper()
	var rec map[string]struct {
		Response struct {
			Content string
		}
	}
	if err := json.Unmarshal(readRecording(t, name), &rec); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(rec) != 1 {
		t.Fatalf("%s: %d keys, want 1", name, len(rec))
	}
	for _, x := range rec {
		return []byte(x.Response.Content)
	}
	panic("unreachable")
}
