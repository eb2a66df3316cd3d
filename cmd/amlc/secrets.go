package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
)

// secretValues finds the value of each named secret: from --secret
// NAME=@FILE (the file's content, one final newline dropped), else from
// the environment variable AMLC_SECRET_<NAME> (as written, then in upper
// case). A value never comes from the command line itself, where other
// processes could read it. Missing secrets are listed, not an error: the
// caller refuses the plan before any call.
func secretValues(flags []string, names []string) (map[string]string, []string, error) {
	files := map[string]string{}
	for _, f := range flags {
		name, file, ok := strings.Cut(f, "=@")
		if !ok || name == "" || file == "" {
			return nil, nil, fmt.Errorf("--secret takes NAME=@FILE (a value on the command line would be visible to other processes); got %q", redactArg(f))
		}
		files[name] = file
	}
	values := map[string]string{}
	var missing []string
	for _, n := range names {
		if file, ok := files[n]; ok {
			data, err := os.ReadFile(file)
			if err != nil {
				return nil, nil, fmt.Errorf("--secret %s: %v", n, err)
			}
			v := strings.TrimSuffix(strings.TrimSuffix(string(data), "\n"), "\r")
			if v == "" {
				return nil, nil, fmt.Errorf("--secret %s: %s is empty", n, file)
			}
			values[n] = v
			continue
		}
		v, ok := os.LookupEnv("AMLC_SECRET_" + n)
		if !ok {
			v, ok = os.LookupEnv("AMLC_SECRET_" + strings.ToUpper(n))
		}
		if ok && v != "" {
			values[n] = v
			continue
		}
		missing = append(missing, n)
	}
	slices.Sort(missing)
	return values, missing, nil
}

// redactArg shows a malformed --secret argument without what may be its
// value.
func redactArg(s string) string {
	if name, _, ok := strings.Cut(s, "="); ok {
		return name + "=…"
	}
	return "…"
}

// redactor is a writer that replaces every secret value with
// "(sensitive)" before it reaches w: a last line of defence, so that no
// value is ever printed even if an error message from Azure echoed one.
type redactor struct {
	mu      sync.Mutex
	w       io.Writer
	secrets [][]byte
}

func newRedactor(w io.Writer, values map[string]string) io.Writer {
	r := &redactor{w: w}
	for _, v := range values {
		if v != "" {
			r.secrets = append(r.secrets, []byte(v))
		}
	}
	if len(r.secrets) == 0 {
		return w
	}
	// Longer values first, so that one containing another is replaced whole.
	slices.SortFunc(r.secrets, func(a, b []byte) int { return len(b) - len(a) })
	return r
}

func (r *redactor) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := p
	for _, s := range r.secrets {
		out = bytes.ReplaceAll(out, s, []byte("(sensitive)"))
	}
	if _, err := r.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}
