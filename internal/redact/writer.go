package redact

import (
	"bytes"
	"io"
	"sync"
)

// Writer redacts what is written through it, a line at a time: complete
// lines are redacted and passed on at once; a partial line waits for the
// rest of its line or for Flush. It is safe for concurrent use.
type Writer struct {
	set *Set
	mu  sync.Mutex
	w   io.Writer
	buf []byte
}

// Writer returns a redacting writer to w.
func (s *Set) Writer(w io.Writer) *Writer { return &Writer{set: s, w: w} }

// Write redacts the complete lines of p, with what waited before them,
// and writes them to the underlying writer.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	i := bytes.LastIndexByte(w.buf, '\n')
	if i < 0 {
		return len(p), nil
	}
	if err := w.emit(w.buf[:i+1]); err != nil {
		return 0, err
	}
	w.buf = append(w.buf[:0], w.buf[i+1:]...)
	return len(p), nil
}

// Flush redacts and writes a partial last line, if any: before waiting
// for input after a prompt, and when the program ends.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.buf) == 0 {
		return nil
	}
	err := w.emit(w.buf)
	w.buf = w.buf[:0]
	return err
}

func (w *Writer) emit(b []byte) error {
	_, err := w.w.Write(w.set.Redact(b))
	return err
}

// Unwrap returns the underlying writer (to ask whether it is a terminal).
func (w *Writer) Unwrap() io.Writer { return w.w }
