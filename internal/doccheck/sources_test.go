package doccheck

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// sourceTag is a source tag as the code cites it: [SW], [DOC-Q],
// [ISS-18889]. Single letters ([T]) are Go type parameters, not tags.
var sourceTag = regexp.MustCompile(`\[([A-Z][A-Z0-9]+(?:-[A-Za-z0-9]+)*)\]`)

// TestSourceTags: every source tag cited in Go, CUE and Markdown files is
// a row of docs/sources.md.
func TestSourceTags(t *testing.T) {
	root, files := repoFiles(t)
	listed := map[string]bool{}
	row := regexp.MustCompile(`(?m)^\| ([A-Z][A-Z0-9]+(?:-[A-Za-z0-9]+)*) \|`)
	for _, m := range row.FindAllStringSubmatch(read(t, root, "docs/sources.md"), -1) {
		listed[m[1]] = true
	}
	if len(listed) < 10 {
		t.Fatalf("docs/sources.md lists %d tags; is its table still | TAG | …?", len(listed))
	}
	missing := map[string][]string{}
	for _, f := range files {
		if !strings.HasSuffix(f, ".go") && !strings.HasSuffix(f, ".cue") && !strings.HasSuffix(f, ".md") {
			continue
		}
		if strings.HasPrefix(f, "testdata/") || strings.HasSuffix(f, "/SOURCES.md") {
			continue
		}
		text := read(t, root, f)
		for _, loc := range sourceTag.FindAllStringSubmatchIndex(text, -1) {
			tag := text[loc[2]:loc[3]]
			if end := loc[1]; end < len(text) && strings.ContainsRune("([:", rune(text[end])) {
				continue // a Markdown link such as [README](…), not a tag
			}
			if !listed[tag] && !slices.Contains(missing[tag], f) {
				missing[tag] = append(missing[tag], f)
			}
		}
	}
	for tag, where := range missing {
		t.Errorf("[%s] (cited in %s) is not in docs/sources.md", tag, strings.Join(where, ", "))
	}
}
