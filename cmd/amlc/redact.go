package main

import (
	"io"
	"os"
	"strings"

	"github.com/amlc-dev/amlc/internal/redact"
)

// What amlc never shows. Every command writes through writers that
// redact the values of e.sensitive (internal/redact: in every encoding a
// server echoing them, or amlc quoting them, could produce), and so are
// the files it writes from live data (plans, imported specs). The set
// starts with the token of AMLC_ACCESS_TOKEN and the values of the
// AMLC_SECRET_<NAME> variables, and grows as amlc learns more: the
// secrets read with --secret NAME=@FILE and every token the credential
// hands out.

// sensitiveFromEnv returns the sensitive values the environment holds.
func sensitiveFromEnv() *redact.Set {
	s := &redact.Set{}
	s.Add(os.Getenv("AMLC_ACCESS_TOKEN"))
	for _, kv := range os.Environ() {
		if name, v, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(name, "AMLC_SECRET_") {
			s.Add(v)
		}
	}
	return s
}

// flusher is a writer that holds a partial line (redact.Writer).
type flusher interface{ Flush() error }

// flush writes out what w holds of a partial line, before amlc waits for
// input after a prompt.
func flush(w io.Writer) {
	if f, ok := w.(flusher); ok {
		f.Flush()
	}
}

// unwrap returns the writer under a redacting writer.
func unwrap(w io.Writer) io.Writer {
	for {
		u, ok := w.(interface{ Unwrap() io.Writer })
		if !ok {
			return w
		}
		w = u.Unwrap()
	}
}

// writeOutput writes a file amlc made from live data, redacted, through
// a temporary file and a rename.
func (e *env) writeOutput(path string, data []byte) error {
	return writeFileAtomic(path, e.sensitive.Redact(data))
}
