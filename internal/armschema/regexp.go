package armschema

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Work-around: Go's regexp package (RE2) has no lookahead, but the
// Microsoft.MachineLearningServices schema of 2026-05-01 writes the compute
// name rule with one, as the REST spec does:
//
//	^[a-zA-Z](?![a-zA-Z0-9-]*-\d+$)[a-zA-Z0-9\-]{2,23}$
//
// ("a name must not end in '-' and digits"). The schemas are ECMA-262
// patterns; [lookaheadEngine] compiles every pattern with Go's package, and
// a pattern of the form ^A(?!B)C — one negative lookahead, after a prefix
// anchored at the start, none of A, B and C holding another lookaround —
// as the three RE2 expressions it is made of. Any other lookaround is an
// error, so a schema that needs more fails loudly instead of validating
// less.

// lookaheadEngine is the [jsonschema.RegexpEngine] of the validator.
func lookaheadEngine(pattern string) (jsonschema.Regexp, error) {
	i := strings.Index(pattern, "(?!")
	if i < 0 {
		return regexp.Compile(pattern)
	}
	end := closingParen(pattern, i)
	if end < 0 {
		return nil, fmt.Errorf("armschema: pattern %q: unclosed lookahead", pattern)
	}
	head, ahead, tail := pattern[:i], pattern[i+3:end], pattern[end+1:]
	if !strings.HasPrefix(head, "^") {
		return nil, fmt.Errorf("armschema: pattern %q: a lookahead is supported only after a prefix anchored with ^", pattern)
	}
	for _, part := range []string{head, ahead, tail} {
		if strings.Contains(part, "(?=") || strings.Contains(part, "(?!") || strings.Contains(part, "(?<") {
			return nil, fmt.Errorf("armschema: pattern %q: only one negative lookahead is supported", pattern)
		}
	}
	var la lookahead
	var err error
	if la.head, err = regexp.Compile(`^(?:` + head[1:] + `)$`); err != nil {
		return nil, err
	}
	if la.ahead, err = regexp.Compile(`^(?:` + ahead + `)`); err != nil {
		return nil, err
	}
	if la.tail, err = regexp.Compile(`^(?:` + tail + `)`); err != nil {
		return nil, err
	}
	la.src = pattern
	return &la, nil
}

// closingParen returns the index of the parenthesis that closes the group
// opened at open, or -1; escaped characters and character classes are
// skipped.
func closingParen(p string, open int) int {
	depth := 0
	inClass := false
	for i := open; i < len(p); i++ {
		switch c := p[i]; {
		case c == '\\':
			i++
		case inClass:
			inClass = c != ']'
		case c == '[':
			inClass = true
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// lookahead matches ^A(?!B)C: some prefix of s matches A entirely, B does
// not match at the end of that prefix, and C matches from there.
type lookahead struct {
	src               string
	head, ahead, tail *regexp.Regexp
}

func (l *lookahead) String() string { return l.src }

func (l *lookahead) MatchString(s string) bool {
	for i := 0; i <= len(s); i++ {
		if l.head.MatchString(s[:i]) && !l.ahead.MatchString(s[i:]) && l.tail.MatchString(s[i:]) {
			return true
		}
	}
	return false
}
