package main

import (
	"bytes"
	"context"
	"errors"
	"io"
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

// TestReadLineGivesUpOnCancel: the confirmation prompt stops waiting when
// Ctrl-C cancels the context, though nobody types anything.
func TestReadLineGivesUpOnCancel(t *testing.T) {
	r, w := io.Pipe()
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := readLine(ctx, r)
		done <- err
	}()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	r2, w2 := io.Pipe()
	defer w2.Close()
	go w2.Write([]byte("yes\n"))
	if line, err := readLine(context.Background(), r2); line != "yes\n" || err != nil {
		t.Errorf("a line: %q, %v", line, err)
	}
}
