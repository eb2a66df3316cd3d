//go:build unix

package main

import (
	"errors"
	"os"
	"syscall"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdMkfifo makes a named pipe: mkfifo PATH.
func cmdMkfifo(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: mkfifo PATH")
	}
	if err := syscall.Mkfifo(ts.MkAbs(args[0]), 0o600); err != nil {
		ts.Fatalf("mkfifo: %v", err)
	}
}

// cmdHoldfifo waits until a process has a named pipe open for reading,
// then opens it for writing and holds it open, writing nothing, until the
// script ends: the reader is then blocked in read.
//
//	holdfifo PATH
func cmdHoldfifo(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: holdfifo PATH")
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		// Opening for writing without blocking fails with ENXIO while
		// no reader has the pipe open.
		w, err := os.OpenFile(ts.MkAbs(args[0]), os.O_WRONLY|syscall.O_NONBLOCK, 0)
		if err == nil {
			ts.Defer(func() { w.Close() })
			return
		}
		if !errors.Is(err, syscall.ENXIO) || time.Now().After(deadline) {
			ts.Fatalf("holdfifo: no reader opened %s: %v", args[0], err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
