package testkit

import (
	"os"
	"strings"
	"testing"
)

// GenerateFlags reads the //go:generate line of file (in the working
// directory) that runs `go run ./internal/PROG`, and returns its flags by
// name (-in X → "in": "X"; "…" quotes a value with spaces), so that a
// generator's test runs it exactly as go generate does.
func GenerateFlags(t testing.TB, file, prog string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	prefix := "//go:generate go run ./internal/" + prog
	for _, line := range strings.Split(string(data), "\n") {
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), prefix)
		if !ok || rest != "" && rest[0] != ' ' {
			continue
		}
		words := splitWords(t, rest)
		flags := map[string]string{}
		for i := 0; i < len(words); i++ {
			name, ok := strings.CutPrefix(words[i], "-")
			if !ok || i+1 == len(words) {
				t.Fatalf("%s: %q: want -flag value pairs", file, line)
			}
			flags[strings.TrimPrefix(name, "-")] = words[i+1]
			i++
		}
		return flags
	}
	t.Fatalf("%s has no line %q", file, prefix)
	return nil
}

// splitWords splits s at spaces, keeping "…" together without the quotes
// (as go generate does).
func splitWords(t testing.TB, s string) []string {
	var words []string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		if s[0] == '"' {
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				t.Fatalf("unterminated quote in %q", s)
			}
			words = append(words, s[1:end+1])
			s = s[end+2:]
			continue
		}
		word, rest, _ := strings.Cut(s, " ")
		words = append(words, word)
		s = rest
	}
	return words
}

// SameFile fails the test unless the files at got and want hold the same
// bytes; what names the generated file and how to regenerate it.
func SameFile(t testing.TB, got, want, what string) {
	t.Helper()
	g, err := os.ReadFile(got)
	if err != nil {
		t.Fatal(err)
	}
	w, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	if string(g) != string(w) {
		t.Errorf("%s is not what its generator writes today: run go generate in its package", what)
	}
}
