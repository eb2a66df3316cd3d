package redact

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/amlc-dev/amlc/internal/testkit"
)

// The encoders below are written from the standard library and from the
// formats' definitions, independently of the matcher, so that a gap in
// the matcher shows as a failure.

type encoder struct {
	name string
	enc  func(string) string
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func jsonNoHTML(s string) string {
	var buf bytes.Buffer
	e := json.NewEncoder(&buf)
	e.SetEscapeHTML(false)
	_ = e.Encode(s)
	return strings.TrimSpace(buf.String())
}

// asciiJSON escapes every character as \uXXXX (upper-case hex), surrogate
// pairs beyond the BMP, as Python's json.dumps with ensure_ascii does for
// non-ASCII.
func asciiJSON(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r > 0xFFFF {
			r -= 0x10000
			fmt.Fprintf(&b, `\u%04X\u%04X`, 0xD800+(r>>10), 0xDC00+(r&0x3FF))
			continue
		}
		fmt.Fprintf(&b, `\u%04X`, r)
	}
	return b.String()
}

// percentAll percent-encodes every byte, lower-case hex.
func percentAll(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, "%%%02x", s[i])
	}
	return b.String()
}

// htmlNumeric writes every character as a decimal or hex reference.
func htmlNumeric(hexa bool) func(string) string {
	return func(s string) string {
		var b strings.Builder
		for _, r := range s {
			if hexa {
				fmt.Fprintf(&b, "&#x%X;", r)
			} else {
				fmt.Fprintf(&b, "&#%d;", r)
			}
		}
		return b.String()
	}
}

// cBytes writes every byte as \xHH, or as octal.
func cBytes(octal bool) func(string) string {
	return func(s string) string {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			if octal {
				fmt.Fprintf(&b, `\%03o`, s[i])
			} else {
				fmt.Fprintf(&b, `\x%02X`, s[i])
			}
		}
		return b.String()
	}
}

var encoders = []encoder{
	{"raw", func(s string) string { return s }},
	{"json", jsonString},
	{"json without HTML escapes", jsonNoHTML},
	{"json twice", func(s string) string { return jsonString(jsonString(s)) }},
	{"json three times", func(s string) string { return jsonString(jsonString(jsonString(s))) }},
	{"ascii json", asciiJSON},
	{"ascii json in json", func(s string) string { return jsonString(asciiJSON(s)) }},
	{"go %q", func(s string) string { return fmt.Sprintf("%q", s) }},
	{"go %+q", func(s string) string { return fmt.Sprintf("%+q", s) }},
	{"strconv.QuoteToASCII", strconv.QuoteToASCII},
	{"query escape", url.QueryEscape},
	{"path escape", url.PathEscape},
	{"query escape twice", func(s string) string { return url.QueryEscape(url.QueryEscape(s)) }},
	{"every byte percent-encoded", percentAll},
	{"json, then query escape", func(s string) string { return url.QueryEscape(jsonString(s)) }},
	{"html", html.EscapeString},
	{"html twice", func(s string) string { return html.EscapeString(html.EscapeString(s)) }},
	{"html decimal", htmlNumeric(false)},
	{"html hex", htmlNumeric(true)},
	{"json in html", func(s string) string { return html.EscapeString(jsonString(s)) }},
	{"\\x bytes", cBytes(false)},
	{"octal bytes", cBytes(true)},
	{"base64", func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }},
	{"base64 url raw", func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }},
	{"hex", func(s string) string { return hex.EncodeToString([]byte(s)) }},
	{"HEX", func(s string) string { return strings.ToUpper(hex.EncodeToString([]byte(s))) }},
}

var values = []string{
	"Tr0ub4dor-and-3",
	`p<a&s"s w/o+rd%é\x`,
	"emoji😀pass'word",
	"line one\nline two\ttab",
	"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tIn0.c2lnbmF0dXJl",
	"ab\xffcd\x00ef",
}

func TestRedactEveryEncoding(t *testing.T) {
	for _, v := range values {
		var s Set
		s.Add(v)
		for _, e := range encoders {
			enc := e.enc(v)
			in := "before " + enc + " after"
			out := string(s.Redact([]byte(in)))
			if strings.Contains(out, enc) || strings.Contains(out, v) || !strings.Contains(out, Placeholder) {
				t.Errorf("%q, %s: %q → %q", v, e.name, in, out)
				continue
			}
			if !strings.HasPrefix(out, "before ") || !strings.HasSuffix(out, " after") {
				t.Errorf("%q, %s: redacted more than the value: %q", v, e.name, out)
			}
		}
	}
}

// TestRedactBase64Inside: a value inside a longer base64 text, at each
// alignment, leaves at most two of its bytes readable.
func TestRedactBase64Inside(t *testing.T) {
	v := "Tr0ub4dor-and-3-and-more"
	var s Set
	s.Add(v)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		for k := range 3 {
			for tail := range 3 {
				data := append(append(bytes.Repeat([]byte{'A'}, 9+k), v...), bytes.Repeat([]byte{'Z'}, 9+tail)...)
				text := enc.EncodeToString(data)
				out := string(s.Redact([]byte(text)))
				before, after, ok := strings.Cut(out, Placeholder)
				if !ok {
					t.Errorf("alignment %d: not redacted: %s", k, out)
					continue
				}
				// Characters left before: they decode the first
				// len*6/8 bytes; after: the last ones.
				shownFront := len(before)*6/8 - (9 + k)
				padding := strings.Count(after, "=")
				shownBack := (len(after)-padding)*6/8 - (9 + tail)
				if shown := max(shownFront, 0) + max(shownBack, 0); shown > 2 {
					t.Errorf("alignment %d, tail %d: %d bytes of the value readable in %s", k, tail, shown, out)
				}
			}
		}
	}
}

func TestRedactLeavesOtherTextAlone(t *testing.T) {
	var s Set
	s.Add("Tr0ub4dor-and-3")
	s.Add("token-abc.def")
	text := `{"a": "\u003cb\u003e", "c": "%2F%5C", "d": "&lt;&amp;", "e": "\\\\", "f": "Tr0ub4dor-and", "g": "token-abc"}` + "\n"
	if got := string(s.Redact([]byte(text))); got != text {
		t.Errorf("changed text without a value:\n%s\n%s", text, got)
	}
}

func TestRedactLongestFirstAndOverlaps(t *testing.T) {
	var s Set
	s.Add("secret")
	s.Add("my-secret-value")
	got := s.String("a my-secret-value b secret c secretsecret")
	want := "a (sensitive) b (sensitive) c (sensitive)"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestAddMultiline(t *testing.T) {
	var s Set
	s.Add("-----BEGIN KEY-----\nAAAAB3NzaC1yc2EAAAADAQABAAABAQ\n-----END KEY-----")
	got := s.String("line: AAAAB3NzaC1yc2EAAAADAQABAAABAQ\n")
	if strings.Contains(got, "AAAAB3Nza") {
		t.Errorf("a line of a multi-line value shows: %q", got)
	}
}

// TestWriterSplitWrites: a value written in pieces, even one byte at a
// time, is redacted as a whole.
func TestWriterSplitWrites(t *testing.T) {
	var s Set
	s.Add(`p<a&s"s w/o+rd%é\x`)
	text := "error: " + jsonString(`p<a&s"s w/o+rd%é\x`) + " and " + url.QueryEscape(`p<a&s"s w/o+rd%é\x`) + "\nnext line\npartial"
	var out bytes.Buffer
	w := s.Writer(&out)
	for i := 0; i < len(text); i++ {
		if _, err := w.Write([]byte{text[i]}); err != nil {
			t.Fatal(err)
		}
	}
	if strings.Contains(out.String(), "partial") {
		t.Errorf("a partial line was written before Flush: %q", out.String())
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := `error: "(sensitive)" and (sensitive)` + "\nnext line\npartial"
	if out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}

func TestNilAndEmpty(t *testing.T) {
	var s *Set
	s.Add("x")
	if got := s.String("x"); got != "x" {
		t.Error(got)
	}
	var e Set
	e.Add("")
	if e.Len() != 0 || e.String("abc") != "abc" {
		t.Error("an empty value was added")
	}
}

// FuzzRedact: whatever the value and the text around it, no encoding of
// the value survives, and any text at all is redacted without a panic.
func FuzzRedact(f *testing.F) {
	for _, v := range values {
		f.Add(v, "before ", " after", uint8(0))
	}
	f.Add("abc", `\\\\\\\\`, `%25%25%25`, uint8(3))
	f.Add("&amp;", "&amp;amp;", "&#", uint8(15))
	f.Fuzz(func(t *testing.T, v, before, after string, which uint8) {
		e := encoders[int(which)%len(encoders)]
		var s Set
		s.Add(v)
		_ = s.Redact([]byte(before + v + after)) // any text: no panic
		enc := e.enc(v)
		if len(v) < 4 || !utf8.ValidString(v) || strings.Contains(Placeholder, enc) ||
			strings.Contains(before, v) || strings.Contains(after, v) {
			return
		}
		out := s.String(before + " " + enc + " " + after)
		if strings.Contains(out, " "+enc+" ") {
			t.Errorf("%s of %q survived: %q", e.name, v, out)
		}
	})
}

// TestRedactWithholdsWhatItCannotRead: text made to be slow to match
// (long runs of backslashes against a value of backslashes) is withheld
// from where the bound on work ran out, never printed unread.
func TestRedactWithholdsWhatItCannotRead(t *testing.T) {
	var s Set
	v := strings.Repeat(`\`, 40) + "x"
	s.Add(v)
	text := strings.Repeat(`\`, 200000) + "x tail"
	out := s.String(text)
	if strings.Contains(out, v) || !strings.Contains(out, Placeholder) || len(out) >= len(text) {
		t.Errorf("%d bytes out of %d; placeholder %t", len(out), len(text), strings.Contains(out, Placeholder))
	}
}

// TestRedactEncodedBody: a JSON body holding the value, echoed whole in
// base64 or hex (at any offset), no longer decodes to the value or its
// JSON string.
func TestRedactEncodedBody(t *testing.T) {
	v := `S3cr<et&"pw d/é`
	var s Set
	s.Add(v)
	js := strings.Trim(jsonString(v), `"`)
	for pad := range 6 {
		body, _ := json.Marshal(map[string]any{"a": strings.Repeat("x", pad), "parameters": map[string]any{"pw": map[string]string{"value": v}}})
		for _, text := range []string{
			base64.StdEncoding.EncodeToString(body),
			base64.URLEncoding.EncodeToString(body),
			hex.EncodeToString(body),
		} {
			out := s.String("echo: " + text + " end")
			for _, d := range testkit.DecodedRuns(out) {
				if strings.Contains(d, v) || strings.Contains(d, js) {
					t.Errorf("pad %d: %q decodes to the value: %q", pad, out, d)
				}
			}
		}
	}
}

// BenchmarkRedactPlan redacts a text plan of 500 changed clusters (about
// what amlc diff --live prints for the bench's live plan) with a token
// and a secret to find.
func BenchmarkRedactPlan(b *testing.B) {
	var s Set
	s.Add("eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tIn0.c2lnbmF0dXJl")
	s.Add("Tr0ub4dor-and-3")
	var plan strings.Builder
	for i := range 500 {
		fmt.Fprintf(&plan, "  ~ ml-ws-%02d/cluster-%03d (update)\n      ~ maxNodes: 4 → 6\n      ~ tags: {\"team\":\"vision\",\"cost-center\":\"cc-%d\"} → {\"team\":\"vision\"}\n      requests:\n        PATCH /subscriptions/6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ml-ws-%02d/computes/cluster-%03d?api-version=2026-05-01\n", i/20, i, i, i/20, i)
	}
	text := []byte(plan.String())
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		s.Redact(text)
	}
}
