package doccheck

import (
	"net/url"
	"path"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// The Markdown constructs that link somewhere, outside code: inline links
// and images, reference definitions, autolinks, and bare URLs (which
// GitHub links too).
var (
	fence       = regexp.MustCompile("(?ms)^ {0,3}(```|~~~).*?^ {0,3}(```|~~~)[^\n]*$")
	codeSpan    = regexp.MustCompile("`+[^`]*`+")
	inlineLink  = regexp.MustCompile(`!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)`)
	refDef      = regexp.MustCompile(`(?m)^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)`)
	autolink    = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>`)
	bareURL     = regexp.MustCompile(`(?:https?://|www\.)[^\s)>\]]+`)
	headingLine = regexp.MustCompile(`(?m)^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$`)
)

// link is a link target found in a Markdown file.
type link struct {
	file, target string
	line         int
}

// links returns the link targets of a Markdown text, code left out.
func links(file, text string) []link {
	// Blank out code, keeping the line count, so that line numbers hold.
	blank := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == '\n' {
				return r
			}
			return ' '
		}, s)
	}
	text = fence.ReplaceAllStringFunc(text, blank)
	text = codeSpan.ReplaceAllStringFunc(text, blank)
	var out []link
	add := func(re *regexp.Regexp, group int) {
		for _, m := range re.FindAllStringSubmatchIndex(text, -1) {
			start, end := m[2*group], m[2*group+1]
			out = append(out, link{file, text[start:end], strings.Count(text[:start], "\n") + 1})
		}
	}
	add(inlineLink, 1)
	add(refDef, 1)
	add(autolink, 1)
	withoutLinks := inlineLink.ReplaceAllStringFunc(text, blank)
	withoutLinks = refDef.ReplaceAllStringFunc(withoutLinks, blank)
	withoutLinks = autolink.ReplaceAllStringFunc(withoutLinks, blank)
	for _, m := range bareURL.FindAllStringIndex(withoutLinks, -1) {
		out = append(out, link{file, withoutLinks[m[0]:m[1]], strings.Count(withoutLinks[:m[0]], "\n") + 1})
	}
	return out
}

// anchors returns the heading anchors GitHub makes for a Markdown text:
// lower case, spaces to '-', punctuation dropped, repeats numbered.
func anchors(text string) map[string]bool {
	text = fence.ReplaceAllString(text, "")
	seen := map[string]int{}
	out := map[string]bool{}
	for _, m := range headingLine.FindAllStringSubmatch(text, -1) {
		h := inlineLink.ReplaceAllStringFunc(m[1], func(s string) string {
			return s[strings.Index(s, "[")+1 : strings.Index(s, "]")]
		})
		var b strings.Builder
		for _, r := range strings.ToLower(h) {
			switch {
			case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
				b.WriteRune(r)
			case r == ' ':
				b.WriteByte('-')
			}
		}
		a := b.String()
		if n := seen[a]; n > 0 {
			out[a+"-"+itoa(n)] = true
		} else {
			out[a] = true
		}
		seen[a]++
	}
	return out
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + itoa(n%10)
}

// inDocs reports whether a file is one whose links must all stay in the
// repository: README.md and the pages of docs/.
func inDocs(f string) bool {
	return f == "README.md" || strings.HasPrefix(f, "docs/")
}

// TestLinks: in README.md and docs/, every link is relative and resolves
// to a file of the repository (and to a heading of it, given an anchor);
// in the other Markdown files, every relative link does.
func TestLinks(t *testing.T) {
	root, files := repoFiles(t)
	exists := map[string]bool{}
	dirs := map[string]bool{}
	for _, f := range files {
		exists[f] = true
		for d := path.Dir(f); d != "."; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	var docs int
	texts := map[string]string{}
	for _, f := range files {
		if !strings.HasSuffix(f, ".md") || strings.HasPrefix(f, "testdata/") {
			continue
		}
		if inDocs(f) {
			docs++
		}
		texts[f] = read(t, root, f)
	}
	if docs < 2 {
		t.Fatalf("found %d files of README.md and docs/", docs)
	}
	for f, text := range texts {
		for _, l := range links(f, text) {
			u, err := url.Parse(l.target)
			switch {
			case err != nil:
				t.Errorf("%s:%d: link %q: %v", l.file, l.line, l.target, err)
				continue
			case u.Scheme != "" || u.Host != "" || strings.HasPrefix(l.target, "www."):
				if inDocs(f) {
					t.Errorf("%s:%d: %s leads outside the repository; link a page of docs/ instead, or write the address as `code`", l.file, l.line, l.target)
				}
				continue
			}
			target := f
			if u.Path != "" {
				if path.IsAbs(u.Path) {
					t.Errorf("%s:%d: %s: use a relative link", l.file, l.line, l.target)
					continue
				}
				target = path.Join(path.Dir(f), u.Path)
				if strings.HasPrefix(target, "../") || target == ".." {
					t.Errorf("%s:%d: %s leads outside the repository", l.file, l.line, l.target)
					continue
				}
				if !exists[target] && !dirs[target] {
					t.Errorf("%s:%d: %s: no such file or directory in the repository", l.file, l.line, l.target)
					continue
				}
			}
			if u.Fragment != "" && strings.HasSuffix(target, ".md") {
				text, ok := texts[target]
				if !ok {
					text = read(t, root, target)
				}
				if !anchors(text)[u.Fragment] {
					t.Errorf("%s:%d: %s: %s has no heading #%s", l.file, l.line, l.target, target, u.Fragment)
				}
			}
		}
	}
}

// TestLinkScanner: the scanner finds each kind of link, and none in code.
func TestLinkScanner(t *testing.T) {
	text := "# Title\n[a](docs/a.md) ![i](img.png \"t\") <https://x.example>\nsee https://y.example/p.\n" +
		"`[c](code.md)` and\n```\n[d](fenced.md) https://z.example\n```\n[ref]: docs/b.md#sec\n"
	var got []string
	for _, l := range links("f.md", text) {
		got = append(got, l.target)
	}
	want := "docs/a.md img.png docs/b.md#sec https://x.example https://y.example/p."
	if strings.Join(got, " ") != want {
		t.Errorf("links: %q\nwant %q", strings.Join(got, " "), want)
	}
	a := anchors("# Use in CI\n## `amlc vet` flags\n## Use in CI\n```\n# not a heading\n```\n")
	for _, want := range []string{"use-in-ci", "amlc-vet-flags", "use-in-ci-1"} {
		if !a[want] {
			t.Errorf("no anchor %q in %v", want, a)
		}
	}
	if a["not-a-heading"] {
		t.Error("a comment in a code block is a heading")
	}
}
