package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestSecretValues(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "pw")
	if err := os.WriteFile(file, []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AMLC_SECRET_envSecret", "from-env")
	t.Setenv("AMLC_SECRET_UPPER", "from-upper")
	files, err := secretFiles([]string{"fileSecret=@" + file})
	if err != nil {
		t.Fatal(err)
	}
	got, missing, err := secretValues(context.Background(), files, []string{"fileSecret", "envSecret", "upper", "absent"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"fileSecret": "from-file", "envSecret": "from-env", "upper": "from-upper"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if !slices.Equal(missing, []string{"absent"}) {
		t.Errorf("missing = %v", missing)
	}
	if _, err := secretFiles([]string{"name=literal-value"}); err == nil || bytes.Contains([]byte(err.Error()), []byte("literal-value")) {
		t.Errorf("a literal value: err = %v", err)
	}
}
