// Package redact keeps sensitive values — secret values and access
// tokens — out of everything amlc prints or writes.
//
// A [Set] holds the values known so far (they are added as amlc learns
// them: a secret read from a file, a token handed out by a credential).
// [Set.Redact] replaces every occurrence of a value with [Placeholder],
// not only as it is but in every encoding a server echoing it, or amlc
// quoting it, could produce:
//
//   - per character, any mix of: the character itself, preceded by any
//     number of backslashes (JSON's \" \\ \/, shell and nested escaping);
//     C, JSON, JavaScript, Python and Go escapes (\n \t …, \uXXXX with
//     either case of hex digits and surrogate pairs, \U0000XXXX, \u{X},
//     \xHH, octal \OOO), at any nesting depth; percent-encoding of its
//     UTF-8 bytes in either case, also double-encoded (%253C); + for a
//     space; HTML character references (&lt; &#60; &#x3C; &amp;lt; …);
//   - for the whole value: base64 (standard and URL alphabets, padded or
//     not, at each of the three alignments inside a longer base64 text)
//     and hexadecimal in either case.
//
// [Set.Writer] redacts a stream line by line, so that a value split
// across two writes of one line is still found; Flush writes a last
// partial line.
package redact

import (
	"bytes"
	"slices"
	"strings"
	"sync"
)

// Placeholder is what a sensitive value is replaced with.
const Placeholder = "(sensitive)"

// Set is a set of sensitive values. It is safe for concurrent use; the
// zero value is empty and ready.
type Set struct {
	mu     sync.RWMutex
	values []*value // longest first
}

// Add adds a sensitive value. An empty value is ignored. A value with
// line breaks is also added line by line, so that a stream redacted line
// by line cannot show it either.
func (s *Set) Add(v string) {
	if s == nil || v == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.add(v)
	if strings.ContainsAny(v, "\r\n") {
		for _, line := range strings.FieldsFunc(v, func(r rune) bool { return r == '\n' || r == '\r' }) {
			s.add(line)
		}
	}
}

func (s *Set) add(v string) {
	for _, x := range s.values {
		if x.raw == v {
			return
		}
	}
	s.values = append(s.values, newValue(v))
	slices.SortStableFunc(s.values, func(a, b *value) int { return len(b.raw) - len(a.raw) })
}

// Len returns how many values the set holds.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.values)
}

// Redact returns b with every occurrence of a value, in any encoding the
// package knows, replaced by Placeholder. It returns b itself when there
// is nothing to replace.
func (s *Set) Redact(b []byte) []byte {
	if s == nil {
		return b
	}
	s.mu.RLock()
	values := s.values
	s.mu.RUnlock()
	if len(values) == 0 || len(b) == 0 {
		return b
	}
	depth := 0
	if bytes.IndexByte(b, '\\') >= 0 || bytes.Contains(b, []byte("5C")) || bytes.Contains(b, []byte("5c")) {
		depth = maxDepth
	}
	// A bound on the characters read while matching, far above what
	// real text needs (most positions are passed over at once).
	budget := 16*len(b) + 1<<16
	var spans []span
	for _, v := range values {
		spans = v.find(b, depth, &budget, spans)
	}
	if len(spans) == 0 {
		return b
	}
	spans = merge(spans)
	var out bytes.Buffer
	out.Grow(len(b))
	at := 0
	for _, sp := range spans {
		out.Write(b[at:sp.start])
		out.WriteString(Placeholder)
		at = sp.end
	}
	out.Write(b[at:])
	return out.Bytes()
}

// String is Redact for a string.
func (s *Set) String(str string) string {
	if s.Len() == 0 {
		return str
	}
	return string(s.Redact([]byte(str)))
}

// span is a half-open byte range of a match.
type span struct{ start, end int }

// merge sorts spans and joins those that overlap or touch.
func merge(spans []span) []span {
	slices.SortFunc(spans, func(a, b span) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end
	})
	out := spans[:1]
	for _, sp := range spans[1:] {
		last := &out[len(out)-1]
		if sp.start <= last.end {
			last.end = max(last.end, sp.end)
			continue
		}
		out = append(out, sp)
	}
	return out
}
