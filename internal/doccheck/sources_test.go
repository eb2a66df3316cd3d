package doccheck

import (
	"go/scanner"
	"go/token"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// sourceTag is a source tag as the code cites it: [SW], [DOC-Q],
// [ISS-18889]. Single letters ([T]) are Go type parameters, not tags.
var sourceTag = regexp.MustCompile(`\[([A-Z][A-Z0-9]+(?:-[A-Za-z0-9]+)*)\]`)

// tagRow is a table row that defines a tag: "| SW |" or "| [SW] |".
var tagRow = regexp.MustCompile(`(?m)^\| \[?([A-Z][A-Z0-9]+(?:-[A-Za-z0-9]+)*)\]? \|`)

// citedTags returns the tags a file cites: in Go, in comments and in
// string literals that start with a tag (a mutability row's Source); in
// CUE, in comments; in Markdown, outside code and links.
func citedTags(name, text string) []string {
	var texts []string
	switch {
	case strings.HasSuffix(name, ".go"):
		var s scanner.Scanner
		fset := token.NewFileSet()
		s.Init(fset.AddFile(name, -1, len(text)), []byte(text), nil, scanner.ScanComments)
		for {
			_, tok, lit := s.Scan()
			if tok == token.EOF {
				break
			}
			switch tok {
			case token.COMMENT:
				texts = append(texts, lit)
			case token.STRING:
				if v, err := strconv.Unquote(lit); err == nil && strings.HasPrefix(v, "[") {
					texts = append(texts, v)
				}
			}
		}
	case strings.HasSuffix(name, ".cue"):
		for _, line := range strings.Split(text, "\n") {
			if _, c, ok := strings.Cut(line, "//"); ok {
				texts = append(texts, c)
			}
		}
	case strings.HasSuffix(name, ".md"):
		blank := func(s string) string { return strings.Repeat(" ", len(s)) }
		text = fence.ReplaceAllStringFunc(text, blank)
		text = codeSpan.ReplaceAllStringFunc(text, blank)
		text = inlineLink.ReplaceAllStringFunc(text, blank)
		texts = append(texts, text)
	}
	var tags []string
	for _, t := range texts {
		for _, m := range sourceTag.FindAllStringSubmatch(t, -1) {
			tags = append(tags, m[1])
		}
	}
	return tags
}

// TestSourceTags: every source tag the code and the pages cite is defined
// by a table row of a page in docs/ (docs/sources.md holds most).
func TestSourceTags(t *testing.T) {
	root, files := repoFiles(t)
	defined := map[string]bool{}
	for _, f := range files {
		if strings.HasPrefix(f, "docs/") && strings.HasSuffix(f, ".md") {
			for _, m := range tagRow.FindAllStringSubmatch(read(t, root, f), -1) {
				defined[m[1]] = true
			}
		}
	}
	if len(defined) < 10 {
		t.Fatalf("docs/ defines %d tags; is the table of docs/sources.md still | TAG | …?", len(defined))
	}
	missing := map[string][]string{}
	for _, f := range files {
		if strings.HasPrefix(f, "testdata/") || strings.HasSuffix(f, "/SOURCES.md") || strings.HasSuffix(f, "_test.go") {
			continue
		}
		for _, tag := range citedTags(f, read(t, root, f)) {
			if !defined[tag] && !slices.Contains(missing[tag], f) {
				missing[tag] = append(missing[tag], f)
			}
		}
	}
	for tag, where := range missing {
		t.Errorf("[%s] (cited in %s) is defined by no table row of docs/ (add it to docs/sources.md)", tag, strings.Join(where, ", "))
	}
}

// TestCitedTags: tags are found where the code cites them, not in other
// brackets.
func TestCitedTags(t *testing.T) {
	goSrc := "package p\n// The PATCH body [SW] [EX-patch].\nvar a = Field{Source: \"[DOC-Q] (docs)\"}\nvar u = \"usage: amlc help [COMMAND]\"\nfunc f[T any]() {}\n"
	if got := strings.Join(citedTags("p.go", goSrc), " "); got != "SW EX-patch DOC-Q" {
		t.Errorf("Go: %q", got)
	}
	md := "Routes [TF] and [CLI2], `[NOTATAG]`, a [README](README.md) link.\n```\n[FENCED]\n```\n"
	if got := strings.Join(citedTags("p.md", md), " "); got != "TF CLI2" {
		t.Errorf("Markdown: %q", got)
	}
}
