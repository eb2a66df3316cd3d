package redact

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"
)

// value is one sensitive value, ready to be found in its encodings.
type value struct {
	raw   string
	units []unit
	// first marks the bytes an encoding of the first unit can start with,
	// so that most positions of a text are passed over at once.
	first [256]bool
	// whole are encodings of the whole value, searched as they are.
	whole [][]byte
}

// unit is one character of a value: a rune and its UTF-8 bytes, or (r
// < 0) one byte that is not valid UTF-8.
type unit struct {
	r   rune
	enc []byte
}

func newValue(raw string) *value {
	v := &value{raw: raw}
	for i := 0; i < len(raw); {
		r, n := utf8.DecodeRuneInString(raw[i:])
		if r == utf8.RuneError && n == 1 {
			r = -1
		}
		v.units = append(v.units, unit{r: r, enc: []byte(raw[i : i+n])})
		i += n
	}
	u := v.units[0]
	v.first[u.enc[0]] = true
	if u.r < 0 {
		v.first[replacement.enc[0]] = true
	}
	for _, c := range []byte{'\\', '%', '&'} {
		v.first[c] = true
	}
	if u.r == ' ' {
		v.first['+'] = true
	}
	if len(raw) >= 4 {
		// Base64 and hex of the value, and of its JSON string forms (a
		// request body echoed whole in base64 holds the value escaped).
		for _, form := range jsonForms(raw) {
			v.whole = append(v.whole, wholeForms([]byte(form))...)
		}
		slices.SortFunc(v.whole, func(a, b []byte) int { return bytes.Compare(a, b) })
		v.whole = slices.CompactFunc(v.whole, bytes.Equal)
	}
	return v
}

// jsonForms returns s and the contents of its JSON strings, with and
// without HTML escapes.
func jsonForms(s string) []string {
	forms := []string{s}
	for _, html := range []bool{true, false} {
		var b bytes.Buffer
		e := json.NewEncoder(&b)
		e.SetEscapeHTML(html)
		if e.Encode(s) == nil {
			if f := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(b.String()), `"`), `"`); f != s {
				forms = append(forms, f)
			}
		}
	}
	return forms
}

// wholeForms returns the hexadecimal and base64 encodings of b. Inside a
// longer base64 text, b starts at one of three alignments; the characters
// that depend on b alone are kept for each (at least 8 of them, so that a
// short value does not match random base64 text), so at most the bits of
// two of its bytes that share characters with their neighbours remain.
func wholeForms(b []byte) [][]byte {
	var out [][]byte
	h := hex.EncodeToString(b)
	out = append(out, []byte(h), bytes.ToUpper([]byte(h)))
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		whole := enc.EncodeToString(b)
		out = append(out, []byte(whole), []byte(strings.TrimRight(whole, "=")))
		for k := range 3 {
			// Preceded by k other bytes in its first group of three:
			// characters 2 and 3 (k = 1) or 3 (k = 2) of that group
			// depend on b alone; in the last group, the first one (one
			// byte of b in it) or two (two bytes).
			s := enc.EncodeToString(append(make([]byte, k), b...))
			start := []int{0, 2, 3}[k]
			end := 4*((k+len(b))/3) + []int{0, 1, 2}[(k+len(b))%3]
			if end-start >= 8 {
				out = append(out, []byte(s[start:end]))
			}
		}
	}
	return out
}

// find appends the spans of b where the value occurs.
func (v *value) find(b []byte, depth int, budget *int, spans []span) []span {
	var cur, next []int
	for p := 0; p < len(b); p++ {
		if !v.first[b[p]] {
			continue
		}
		if *budget <= 0 {
			// Text made to be slow to read (runs of backslashes, say):
			// what was not read is withheld rather than printed unread.
			return append(spans, span{p, len(b)})
		}
		var end int
		if end, cur, next = v.matchAt(b, p, depth, budget, cur, next); end > p {
			spans = append(spans, span{p, end})
			p = end - 1
		}
	}
	for _, w := range v.whole {
		for at := 0; ; {
			i := bytes.Index(b[at:], w)
			if i < 0 {
				break
			}
			spans = append(spans, span{at + i, at + i + len(w)})
			at += i + len(w)
		}
	}
	return spans
}

// maxPaths bounds the ways of reading one prefix of a match that are
// followed at once; more are dropped, the longest kept.
const maxPaths = 8

// maxDepth is the deepest nesting of backslash escaping recognised: a
// value inside a JSON string inside a JSON string … four times (a quote
// is then 15 backslashes and the quote).
const maxDepth = 4

// matchAt returns the end of the longest encoding of the value that
// starts at p, or -1. It follows every way of reading the text as the
// value's characters, one character at a time, once per depth of
// backslash escaping up to maxDepth (0 when the text has no backslash):
// each layer of escaping doubles the backslashes before it, so at depth d
// a backslash is 2^d of them, a character a layer escaped with a
// backslash (\") 2^i - 1 of them then the character, and an escape a
// layer made (\u003c, \n) 2^i of them then the escape. cur and next are
// scratch space, returned for reuse.
func (v *value) matchAt(b []byte, p, depth int, budget *int, cur, next []int) (int, []int, []int) {
	best := -1
	for d := 0; d <= depth; d++ {
		cur = append(cur[:0], p)
		for _, u := range v.units {
			next = next[:0]
			for _, q := range cur {
				next = appendForms(next, b, q, u, d)
			}
			*budget -= len(cur)
			if len(next) == 0 {
				break
			}
			slices.Sort(next)
			next = slices.Compact(next)
			if len(next) > maxPaths {
				next = next[len(next)-maxPaths:]
			}
			cur, next = next, cur
		}
		if len(next) > 0 || len(v.units) == 0 {
			best = max(best, cur[len(cur)-1])
		}
	}
	return best, cur, next
}

// appendForms appends the end of every encoding of u at depth d that
// starts at q.
func appendForms(dst []int, b []byte, q int, u unit, d int) []int {
	if q >= len(b) {
		return dst
	}
	if u.r < 0 {
		// A byte that is not UTF-8 is printed as U+FFFD by JSON and
		// other encoders that need valid text.
		dst = appendForms(dst, b, q, replacement, d)
	}
	if d == 0 {
		return appendPlain(dst, b, q, u)
	}
	if u.r == '\\' {
		// At depth d a backslash is 2^d of them (below), or an HTML
		// reference.
		if b[q] == '&' {
			dst = appendHTML(dst, b, q, u.r)
		}
	} else {
		dst = appendPlain(dst, b, q, u)
	}
	var ends [1<<maxDepth + 1]int
	run := backslashes(b, q, ends[:0:1<<d+1])
	n := len(run)
	if n == 0 {
		return dst
	}
	if u.r == '\\' && n >= 1<<d {
		dst = append(dst, run[1<<d-1])
	}
	if n > 1<<d {
		return dst // longer than any escape at depth d
	}
	e := run[n-1]
	if quoted(n, d) {
		dst = appendPlain(dst, b, e, u) // \" \/ \' and the like
	}
	if !escaped(n, d) || e == len(b) {
		return dst
	}
	switch c := b[e]; {
	case c == 'u' || c == 'U':
		if end := unicodeEscape(b, e, u.r, n); end > 0 {
			dst = append(dst, end)
		}
	case u.r >= 0 && u.r < 0x80 && named[c] != 0 && rune(named[c]) == u.r:
		dst = append(dst, e+1)
	}
	if end := byteEscapes(b, q, u.enc, d); end > 0 {
		dst = append(dst, end)
	}
	return dst
}

// quoted reports whether n backslashes before a character are its
// escape made by one of d layers: 2^i - 1 for some i in 1..d.
func quoted(n, d int) bool {
	for i := 1; i <= d; i++ {
		if n == 1<<i-1 {
			return true
		}
	}
	return false
}

// escaped reports whether n backslashes start an escape sequence (\u…,
// \n) made by one of d layers: 2^i for some i in 0..d-1.
func escaped(n, d int) bool {
	return n&(n-1) == 0 && n < 1<<d
}

// appendPlain appends the ends of the forms of u that need no backslash:
// as it is, percent-encoded, + for a space, an HTML reference.
func appendPlain(dst []int, b []byte, q int, u unit) []int {
	if q >= len(b) {
		return dst
	}
	if bytes.HasPrefix(b[q:], u.enc) {
		dst = append(dst, q+len(u.enc))
	}
	switch b[q] {
	case '%':
		if end := percentBytes(b, q, u.enc); end > 0 {
			dst = append(dst, end)
		}
		if u.r == '%' && bytes.HasPrefix(b[q:], []byte("%25")) {
			dst = append(dst, q+3)
		}
		if u.r == ' ' {
			// The + of a form-encoded space, encoded again.
			if end := percentByte(b, q, '+'); end > 0 {
				dst = append(dst, end)
			}
		}
	case '+':
		if u.r == ' ' {
			dst = append(dst, q+1)
		}
	case '&':
		dst = appendHTML(dst, b, q, u.r)
	}
	return dst
}

// backslashes appends to ends the end of each backslash of the run that
// starts at q: a backslash as it is or percent-encoded (%5C, %255C).
func backslashes(b []byte, q int, ends []int) []int {
	for len(ends) < cap(ends) {
		switch {
		case q < len(b) && b[q] == '\\':
			q++
		case q < len(b) && b[q] == '%':
			end := percentByte(b, q, '\\')
			if end < 0 {
				return ends
			}
			q = end
		default:
			return ends
		}
		ends = append(ends, q)
	}
	return ends
}

var replacement = unit{r: utf8.RuneError, enc: []byte(string(utf8.RuneError))}

// named are the one-letter backslash escapes of C, JSON, JavaScript,
// Python and Go.
var named = [256]byte{'n': '\n', 't': '\t', 'r': '\r', 'b': '\b', 'f': '\f', 'v': '\v', 'a': '\a', 'e': 0x1b}

// unicodeEscape reads a \u escape whose u (or U) is at e: \uXXXX (a
// UTF-16 surrogate pair for a rune beyond the BMP, the second half after
// its own backslashes), \UXXXXXXXX or \u{X…}, and returns its end when it
// encodes r.
func unicodeEscape(b []byte, e int, r rune, n int) int {
	if r < 0 {
		return -1
	}
	if b[e] == 'u' && e+1 < len(b) && b[e+1] == '{' {
		end := e + 2
		for end < len(b) && end-e-2 < 8 && isHex(b[end]) {
			end++
		}
		if end < len(b) && b[end] == '}' && end > e+2 && hexValue(b[e+2:end]) == r {
			return end + 1
		}
		return -1
	}
	digits := 4
	if b[e] == 'U' {
		digits = 8
	}
	x, ok := hexDigits(b, e+1, digits)
	switch {
	case !ok:
		return -1
	case x == r:
		return e + 1 + digits
	case digits == 4 && r > 0xFFFF && x >= 0xD800 && x < 0xDC00:
		// The low surrogate, after its own backslashes and u.
		var ends [1 << maxDepth]int
		run := backslashes(b, e+5, ends[:0])
		if len(run) != n {
			return -1
		}
		i := run[len(run)-1]
		if i >= len(b) || b[i] != 'u' {
			return -1
		}
		lo, ok := hexDigits(b, i+1, 4)
		if ok && lo >= 0xDC00 && lo < 0xE000 && 0x10000+(x-0xD800)<<10+(lo-0xDC00) == r {
			return i + 5
		}
	}
	return -1
}

// byteEscapes reads, from q, one escape per byte of enc — percent
// (%HH, also encoded again as %25HH), \xHH or octal \OOO, each after its
// own backslashes — and returns its end, or -1.
func byteEscapes(b []byte, q int, enc []byte, d int) int {
	for _, c := range enc {
		end := percentByte(b, q, c)
		if end < 0 {
			end = backslashByte(b, q, c, d)
		}
		if end < 0 {
			return -1
		}
		q = end
	}
	return q
}

// percentBytes reads enc percent-encoded, one %HH per byte.
func percentBytes(b []byte, q int, enc []byte) int {
	for _, c := range enc {
		if q = percentByte(b, q, c); q < 0 {
			return -1
		}
	}
	return q
}

// percentByte reads c as %HH, or %25…%25HH when encoded again, and
// returns the end of the longest reading (for c = '%', "%2525" is read
// as one % encoded twice; appendPlain adds the shorter reading).
func percentByte(b []byte, q int, c byte) int {
	if q >= len(b) || b[q] != '%' {
		return -1
	}
	end := -1
	for i := q + 1; ; i += 2 {
		x, ok := hexDigits(b, i, 2)
		if ok && x == rune(c) {
			end = i + 2
		}
		if !ok || x != '%' {
			return end
		}
	}
}

// backslashByte reads c as \xHH or octal \OOO after a run of
// backslashes that starts an escape at depth d.
func backslashByte(b []byte, q int, c byte, d int) int {
	var ends [1 << maxDepth]int
	run := backslashes(b, q, ends[:0])
	if len(run) == 0 || !escaped(len(run), d) || run[len(run)-1] == len(b) {
		return -1
	}
	i := run[len(run)-1]
	if b[i] == 'x' || b[i] == 'X' {
		if x, ok := hexDigits(b, i+1, 2); ok && x == rune(c) {
			return i + 3
		}
		return -1
	}
	x, j := rune(0), i
	for j < len(b) && j-i < 3 && b[j] >= '0' && b[j] <= '7' {
		x = x*8 + rune(b[j]-'0')
		j++
	}
	if j > i && x == rune(c) {
		return j
	}
	return -1
}

// appendHTML appends the ends of the HTML character references at q
// that stand for r (&lt;, &#60;, &#x3C;, also escaped again as
// &amp;lt;).
func appendHTML(dst []int, b []byte, q int, r rune) []int {
	if r < 0 {
		return dst
	}
	for e := q + 1; ; e += 4 {
		if end := reference(b, e, r); end > 0 {
			dst = append(dst, end)
		}
		if !bytes.HasPrefix(b[e:], []byte("amp;")) {
			return dst
		}
	}
}

var entities = map[string]rune{"lt": '<', "gt": '>', "amp": '&', "quot": '"', "apos": '\'', "nbsp": 0xA0}

// reference reads one reference after its &.
func reference(b []byte, e int, r rune) int {
	if e >= len(b) {
		return -1
	}
	if b[e] != '#' {
		end := e
		for end < len(b) && end-e < 5 && (b[end] >= 'a' && b[end] <= 'z') {
			end++
		}
		if end < len(b) && b[end] == ';' && entities[string(b[e:end])] == r && end > e {
			return end + 1
		}
		return -1
	}
	i := e + 1
	var x rune
	start := i
	if i < len(b) && (b[i] == 'x' || b[i] == 'X') {
		i++
		start = i
		for i < len(b) && i-start < 8 && isHex(b[i]) {
			i++
		}
		x = hexValue(b[start:i])
	} else {
		for i < len(b) && i-start < 8 && b[i] >= '0' && b[i] <= '9' {
			x = x*10 + rune(b[i]-'0')
			i++
		}
	}
	if i == start || x != r {
		return -1
	}
	if i < len(b) && b[i] == ';' {
		i++
	}
	return i
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// hexDigits reads exactly n hex digits at i.
func hexDigits(b []byte, i, n int) (rune, bool) {
	if i+n > len(b) {
		return 0, false
	}
	for _, c := range b[i : i+n] {
		if !isHex(c) {
			return 0, false
		}
	}
	return hexValue(b[i : i+n]), true
}

func hexValue(h []byte) rune {
	var x rune
	for _, c := range h {
		x <<= 4
		switch {
		case c <= '9':
			x |= rune(c - '0')
		case c >= 'a':
			x |= rune(c-'a') + 10
		default:
			x |= rune(c-'A') + 10
		}
	}
	return x
}
