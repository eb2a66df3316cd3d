package main

import (
	"context"
	"fmt"

	"github.com/amlc-dev/amlc/internal/readlimit"
)

// Bounds on the files amlc reads besides specs: a secret is a password or
// an SSH public key (a 16384-bit RSA key is under 3 KiB), and a plan of
// 10,000 clusters is a few MiB. A larger file is refused with a clear
// error instead of filling the memory (a --secret @/dev/zero once grew to
// 22.9 GB).
const (
	maxSecretBytes = 64 << 10
	maxPlanBytes   = 64 << 20
)

// readFileCtx reads the file at path, at most limit bytes, and returns
// early when ctx is done: opening a FIFO blocks until a writer comes, and
// reading one until it writes, so Ctrl-C and SIGTERM must not wait for
// either. (The read left behind ends with the process.)
func readFileCtx(ctx context.Context, path, what string, limit int64) ([]byte, error) {
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := readFileLimit(path, what, limit)
		done <- result{data, err}
	}()
	select {
	case r := <-done:
		return r.data, r.err
	case <-ctx.Done():
		return nil, fmt.Errorf("interrupted while reading %s", path)
	}
}

// readFileLimit reads at most limit bytes of path; a larger file is an
// error that says the bound, as the spec files' bound does ("x is larger
// than 64 KiB, the most amlc reads from a secret file"): one reader,
// internal/readlimit, for every file amlc is given.
func readFileLimit(path, what string, limit int64) ([]byte, error) {
	return readlimit.ReadFile(path, path, what, limit)
}
