// Package readlimit reads files with an upper bound on their size, so that
// a mistaken input (a device such as /dev/zero, a named pipe that never
// ends, a multi-gigabyte dump) fails fast with a clear error instead of
// filling memory. Every file amlc reads from a path the user gives goes
// through it: spec files, --secret NAME=@FILE, catalogs and plans.
package readlimit

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// TooLargeError is the error for a file past the bound. Its message names
// the file and the bound, in the form every caller shows:
//
//	spec/a.cue is larger than 32 MiB, the most amlc reads from a spec file
type TooLargeError struct {
	Name  string // the file as the user gave it
	What  string // what the file is, e.g. "a spec file", "a secret file"
	Limit int64  // the bound in bytes
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is larger than %s, the most amlc reads from %s", e.Name, Size(e.Limit), e.What)
}

// ReadFile reads the file at path, or fails with a *TooLargeError when it
// holds more than limit bytes. A regular file is judged by its size before
// anything is read; anything else (a pipe, a device) is read up to the
// bound and no further. name is how the error names the file, what says
// what it is.
func ReadFile(path, name, what string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tooLarge := &TooLargeError{Name: name, What: what, Limit: limit}
	size := int64(-1)
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		if fi.Size() > limit {
			return nil, tooLarge
		}
		size = fi.Size()
	}
	buf := make([]byte, 0, max(size+1, 512))
	data, err := readAtMost(f, buf, limit)
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, tooLarge
	}
	return data, nil
}

// readAtMost reads r to its end or until it has read more than limit
// bytes, whichever comes first.
func readAtMost(r io.Reader, buf []byte, limit int64) ([]byte, error) {
	lr := io.LimitReader(r, limit+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// Size formats a byte count the way the errors show it: "32 MiB", "64 KiB"
// or "100 bytes".
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
