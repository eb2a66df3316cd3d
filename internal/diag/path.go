package diag

import (
	"path/filepath"
	"strings"
)

// RelPath returns file as users should see it: relative to cwd when file is
// an absolute path inside cwd, otherwise as it is, and always with forward
// slashes. A relative file is taken to be relative to cwd already and is only
// cleaned ("./a.cue" becomes "a.cue"). An empty file stays empty.
func RelPath(cwd, file string) string {
	switch {
	case file == "":
		return ""
	case !filepath.IsAbs(file):
		return filepath.ToSlash(filepath.Clean(file))
	case cwd == "":
		return filepath.ToSlash(file)
	}
	rel, err := filepath.Rel(cwd, file)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(file)
	}
	return filepath.ToSlash(rel)
}

// relPos returns p with its file name made relative to cwd by RelPath.
func relPos(cwd string, p Pos) Pos {
	p.Filename = RelPath(cwd, p.Filename)
	return p
}
