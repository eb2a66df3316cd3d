package readlimit

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.json")
	if err := os.WriteFile(small, []byte(`{"a": 1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	data, err := ReadFile(small, "small.json", "a spec file", 8)
	if err != nil || string(data) != `{"a": 1}` {
		t.Fatalf("at the limit: %q, %v", data, err)
	}
	_, err = ReadFile(small, "small.json", "a spec file", 7)
	var tl *TooLargeError
	if !errors.As(err, &tl) {
		t.Fatalf("past the limit: %v", err)
	}
	if want := "small.json is larger than 7 bytes, the most amlc reads from a spec file"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	if _, err := ReadFile(filepath.Join(dir, "none"), "none", "a spec file", 8); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// A device that never ends is read up to the bound, quickly.
func TestReadFileDevice(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev/zero on Windows")
	}
	start := time.Now()
	_, err := ReadFile("/dev/zero", "/dev/zero", "a secret file", 1<<20)
	var tl *TooLargeError
	if !errors.As(err, &tl) || !strings.Contains(err.Error(), "larger than 1 MiB") {
		t.Fatalf("/dev/zero: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("/dev/zero took %v", d)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{100: "100 bytes", 64 << 10: "64 KiB", 32 << 20: "32 MiB", 1<<20 + 1: "1048577 bytes"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}
