package doccheck

import (
	"strings"
	"testing"
)

// TestStandsAlone: no file of the repository refers to the reference
// material some developers have beside their checkout; a clone must work
// without it.
func TestStandsAlone(t *testing.T) {
	// Spelled in pieces, so that this file does not match itself.
	needles := []string{".." + "/shared", "/work" + "/shared", `..\` + "shared"}
	root, files := repoFiles(t)
	for _, f := range files {
		text := read(t, root, f)
		for _, n := range needles {
			if i := strings.Index(text, n); i >= 0 {
				line := strings.Count(text[:i], "\n") + 1
				t.Errorf("%s:%d refers to %s, which a clone does not have", f, line, n)
			}
		}
	}
}
