package main

import (
	"bytes"
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
	got, missing, err := secretValues([]string{"fileSecret=@" + file}, []string{"fileSecret", "envSecret", "upper", "absent"})
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
	if _, _, err := secretValues([]string{"name=literal-value"}, nil); err == nil || bytes.Contains([]byte(err.Error()), []byte("literal-value")) {
		t.Errorf("a literal value: err = %v", err)
	}
}

func TestRedactor(t *testing.T) {
	var b bytes.Buffer
	w := newRedactor(&b, map[string]string{"a": "hunter2", "b": "hunter22"})
	if _, err := w.Write([]byte("pw hunter22 and hunter2.\n")); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "pw (sensitive) and (sensitive).\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
