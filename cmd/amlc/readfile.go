package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
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

// errTooLarge is the error of a file over its bound.
var errTooLarge = errors.New("too large")

// readFileLimit reads at most limit bytes of path; a larger file is an
// error that says the bound, in the words of the spec files' bound
// ("x is larger than 64 KiB, the most amlc reads from a secret file").
func readFileLimit(path, what string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than %s, the most amlc reads from %s: %w", path, sizeString(limit), what, errTooLarge)
	}
	return data, nil
}

// sizeString writes a bound in KiB or MiB.
func sizeString(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}
