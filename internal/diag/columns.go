package diag

import (
	"bytes"
	"os"
	"path/filepath"
	"unicode/utf8"
)

// maxColumnFile is the size above which columnConverter does not read a file;
// amlc refuses spec files long before this size.
const maxColumnFile = 16 << 20

// columnConverter turns CUE's byte columns into UTF-16 code-unit columns by
// reading the lines they are on. It reads each file at most once.
type columnConverter struct {
	cwd   string
	files map[string][][]byte // nil when the file could not be read
}

func newColumnConverter(cwd string) *columnConverter {
	return &columnConverter{cwd: cwd, files: make(map[string][][]byte)}
}

// utf16Column returns the 1-based UTF-16 column of the 1-based byte column
// col on line of file, and false when the file cannot be read or has no such
// line or column. Column 1 needs no file. A byte that is not part of valid
// UTF-8 counts as one unit, as its replacement character would.
func (c *columnConverter) utf16Column(file string, line, col int) (int, bool) {
	if col == 1 {
		return 1, true
	}
	lines := c.lines(file)
	if line < 1 || line > len(lines) || col < 1 || col-1 > len(lines[line-1]) {
		return 0, false
	}
	prefix := lines[line-1][:col-1]
	units := 0
	for len(prefix) > 0 {
		r, size := utf8.DecodeRune(prefix)
		units += utf16Len(r)
		prefix = prefix[size:]
	}
	return units + 1, true
}

// lines returns the lines of file, without their "\n", or nil.
func (c *columnConverter) lines(file string) [][]byte {
	if ls, ok := c.files[file]; ok {
		return ls
	}
	path := file
	if !filepath.IsAbs(path) && c.cwd != "" {
		path = filepath.Join(c.cwd, path)
	}
	var ls [][]byte
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Size() <= maxColumnFile {
		if data, err := os.ReadFile(path); err == nil {
			ls = bytes.Split(data, []byte("\n"))
		}
	}
	c.files[file] = ls
	return ls
}

// utf16Len returns how many UTF-16 code units encode r.
func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}
