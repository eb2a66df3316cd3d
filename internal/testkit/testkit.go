// Package testkit holds what amlc's tests share: finding the repository
// and its reference data (the top-level testdata/ folder), the rule for a
// missing tool (fail in CI, skip elsewhere), and reading a model from the
// JSON that golden archives hold. Only tests import it.
package testkit

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amlc-dev/amlc/schema"
	"golang.org/x/tools/txtar"
)

// InCI reports whether the environment variable CI asks for a strict run,
// where a missing tool or data file is a failure rather than a skip.
func InCI() bool {
	v := os.Getenv("CI")
	return v != "" && v != "0" && !strings.EqualFold(v, "false")
}

// Unavailable fails the test in CI and skips it elsewhere, saying what is
// missing and how to get it.
func Unavailable(t testing.TB, problem, howto string) {
	t.Helper()
	if InCI() {
		t.Fatalf("%s (CI is set, so this fails rather than skips); %s", problem, howto)
	}
	t.Skipf("%s; %s", problem, howto)
}

// RepoRoot returns the directory of the nearest go.mod at or above the
// working directory.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod at or above the working directory")
		}
		dir = up
	}
}

// Testdata returns the path of rel (slash-separated) inside the
// repository's top-level testdata/ folder: Azure's schemas, examples and
// recordings, each subfolder with its SOURCES.md. The data is part of the
// repository, so a missing file fails the test, in CI or not.
func Testdata(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(RepoRoot(t), "testdata", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("reference data missing from the repository: %v", err)
	}
	return p
}

// ReadTestdata reads the file rel of the repository's testdata/ folder
// (see [Testdata]).
func ReadTestdata(t testing.TB, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(Testdata(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// DecodeSpec reads a JSON encoding of a schema.Spec as golden archives hold
// it: encoding/json with unknown fields refused, except that
// IdleTimeBeforeScaleDown is a duration string (Go or ISO 8601) rather than
// nanoseconds.
func DecodeSpec(data []byte) (*schema.Spec, error) {
	var raw any
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	if err := durations(raw); err != nil {
		return nil, err
	}
	norm, err := json.Marshal(raw)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(norm))
	dec.DisallowUnknownFields()
	var spec schema.Spec
	if err := dec.Decode(&spec); err != nil {
		return nil, err
	}
	return &spec, nil
}

func durations(v any) error {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if s, ok := e.(string); ok && k == "IdleTimeBeforeScaleDown" {
				d, err := schema.ParseDuration(s)
				if err != nil {
					return err
				}
				v[k] = int64(d)
				continue
			}
			if err := durations(e); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range v {
			if err := durations(e); err != nil {
				return err
			}
		}
	}
	return nil
}

// Update reports whether the run should rewrite golden files rather than
// compare with them: AMLC_UPDATE=1, the one switch for every package.
func Update() bool { return os.Getenv("AMLC_UPDATE") == "1" }

// Section returns the named file of a txtar archive.
func Section(ar *txtar.Archive, name string) ([]byte, bool) {
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data, true
		}
	}
	return nil, false
}
