// Command testreport reads the output of `go test -json` on stdin and
// prints what a person needs from it: one line per package (as go test
// prints it), the full output of every failing test, every build error,
// and every skipped test with its reason, so that no test is skipped
// silently. scripts/test.sh pipes the whole suite through it.
//
//	go test -json ./... | go run ./tools/testreport [-no-skip]
//
// It exits 1 when a test or a build failed, or, with -no-skip (which CI
// sets), when any test was skipped; 0 otherwise.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	noSkip := flag.Bool("no-skip", false, "fail when any test reports SKIP")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: go test -json ./... | testreport [-no-skip]")
		os.Exit(2)
	}
	sum, err := report(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testreport:", err)
		os.Exit(1)
	}
	os.Exit(sum.exitCode(os.Stdout, *noSkip))
}
