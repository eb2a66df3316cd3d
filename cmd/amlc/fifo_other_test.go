//go:build !unix

package main

import "github.com/rogpeppe/go-internal/testscript"

// cmdMkfifo: named pipes are a Unix thing; scripts that need one skip
// elsewhere ([!unix] skip).
func cmdMkfifo(ts *testscript.TestScript, neg bool, args []string) {
	ts.Fatalf("mkfifo: no named pipes on this system")
}

func cmdHoldfifo(ts *testscript.TestScript, neg bool, args []string) {
	ts.Fatalf("holdfifo: no named pipes on this system")
}
