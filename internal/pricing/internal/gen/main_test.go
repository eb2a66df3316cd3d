package main

import (
	"path/filepath"
	"testing"

	"github.com/amlc-dev/amlc/internal/testkit"
)

// The committed price table is what gen writes, run as go generate runs
// it from the pricing package.
func TestCommittedTableIsCurrent(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	flags := testkit.GenerateFlags(t, "table.go", "gen")
	out := filepath.Join(t.TempDir(), "zz_generated.go")
	if err := run(flags["in"], flags["source"], flags["date"], out); err != nil {
		t.Fatal(err)
	}
	testkit.SameFile(t, out, "zz_generated.go", "internal/pricing/zz_generated.go")
}
