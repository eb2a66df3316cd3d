package catalog

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// The recordings in ../shared/azure/catalog/ (relative to the repository root).
const (
	vmSizesRecording = "aml-vmsizes-eastus-2025-11-04.azure-powershell-recording.json"
	usagesRecording  = "aml-usages-eastus-2025-11-04.azure-powershell-recording.json"
)

// sharedCatalogDir returns ../shared/azure/catalog relative to the
// repository root (the directory holding go.mod), skipping the test when it
// is absent.
func sharedCatalogDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared", "azure", "catalog")
	if _, err := os.Stat(shared); err != nil {
		t.Skipf("the reference data %s is not available (it lives next to the repository, in ../shared): %v", shared, err)
	}
	return shared
}

// readShared reads one file of the shared reference data.
func readShared(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(sharedCatalogDir(t), name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// recordedBody decodes a recording in ../shared/azure/catalog without the
// package's own decoder: the API body is the JSON string in
// <only key>.Response.Content.
func recordedBody(t *testing.T, name string) []byte {
	t.Helper()
	var rec map[string]struct {
		Response struct {
			Content string
		}
	}
	if err := json.Unmarshal(readShared(t, name), &rec); err != nil {
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
