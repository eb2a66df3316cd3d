package diag

import (
	"path/filepath"
	"testing"
)

func TestRelPath(t *testing.T) {
	cwd := filepath.Join(t.TempDir(), "proj")
	sibling := filepath.Join(filepath.Dir(cwd), "project", "x.cue")
	outside := filepath.Join(t.TempDir(), "other.cue")
	tests := []struct {
		name, cwd, file, want string
	}{
		{"inside", cwd, filepath.Join(cwd, "a.cue"), "a.cue"},
		{"nested", cwd, filepath.Join(cwd, "specs", "prod", "a.cue"), "specs/prod/a.cue"},
		{"cwd itself", cwd, cwd, "."},
		{"outside", cwd, outside, filepath.ToSlash(outside)},
		{"sibling with cwd as prefix", cwd, sibling, filepath.ToSlash(sibling)},
		{"parent", cwd, filepath.Dir(cwd), filepath.ToSlash(filepath.Dir(cwd))},
		{"relative is cleaned", cwd, filepath.FromSlash("./specs/../specs/a.cue"), "specs/a.cue"},
		{"relative above cwd", cwd, filepath.FromSlash("../x/a.cue"), "../x/a.cue"},
		{"no cwd", "", filepath.Join(cwd, "a.cue"), filepath.ToSlash(filepath.Join(cwd, "a.cue"))},
		{"relative cwd", "proj", filepath.Join(cwd, "a.cue"), filepath.ToSlash(filepath.Join(cwd, "a.cue"))},
		{"empty file", cwd, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RelPath(tt.cwd, tt.file); got != tt.want {
				t.Errorf("RelPath(%q, %q) = %q, want %q", tt.cwd, tt.file, got, tt.want)
			}
		})
	}
}
