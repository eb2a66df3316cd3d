package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// event is one line of `go test -json` (cmd/test2json's TestEvent, plus
// the build events of go test).
type event struct {
	Action     string
	Package    string
	ImportPath string // build-output and build-fail
	Test       string
	Output     string
}

// summary is what a run came to.
type summary struct {
	packages int
	// passed, failedTests and skippedTests count tests and subtests.
	passed, failedTests, skippedTests int
	failed                            []string // failed tests ("pkg TestX") and packages
	skipped                           []string // skipped tests, "pkg TestX: reason"
	notJSON                           int      // lines that were not test events (printed as they are)
}

// key names a test of a package, or the package itself when test is "".
type key struct{ pkg, test string }

// report copies the essentials of a `go test -json` stream from r to w as
// they arrive and returns the run's summary.
func report(r io.Reader, w io.Writer) (summary, error) {
	var sum summary
	output := map[key][]string{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil || e.Action == "" {
			// go test prints some errors (a bad flag, a missing package
			// pattern) as plain text.
			fmt.Fprintf(w, "%s\n", line)
			sum.notJSON++
			continue
		}
		k := key{e.Package, e.Test}
		switch e.Action {
		case "build-output":
			fmt.Fprint(w, e.Output)
		case "build-fail":
			sum.failed = append(sum.failed, e.ImportPath+" (build)")
		case "output":
			output[k] = append(output[k], e.Output)
		case "pass":
			if e.Test != "" {
				sum.passed++
			}
			if e.Test == "" {
				sum.packages++
				printLast(w, output[k])
			}
			delete(output, k)
		case "skip":
			if e.Test == "" { // a package without tests
				sum.packages++
				printLast(w, output[k])
			} else {
				sum.skippedTests++
				reason := skipReason(output[k])
				sum.skipped = append(sum.skipped, e.Package+" "+e.Test+": "+reason)
				fmt.Fprintf(w, "--- SKIP: %s %s: %s\n", e.Package, e.Test, reason)
			}
			delete(output, k)
		case "fail":
			if e.Test == "" {
				sum.packages++
				sum.failed = append(sum.failed, e.Package)
				// Tests that never ended (a timeout, a crash) are
				// the likely cause: show what they printed.
				for _, t := range unfinished(output, e.Package) {
					for _, s := range output[key{e.Package, t}] {
						fmt.Fprint(w, s)
					}
					delete(output, key{e.Package, t})
				}
			} else {
				sum.failedTests++
				sum.failed = append(sum.failed, e.Package+" "+e.Test)
			}
			for _, s := range output[k] {
				fmt.Fprint(w, s)
			}
			delete(output, k)
		}
	}
	return sum, sc.Err()
}

// unfinished returns the tests of pkg that have output but no end, sorted.
func unfinished(output map[key][]string, pkg string) []string {
	var tests []string
	for k := range output {
		if k.pkg == pkg && k.test != "" {
			tests = append(tests, k.test)
		}
	}
	slices.Sort(tests)
	return tests
}

// printLast prints the last line of a package's output: go test's "ok",
// "?" or "FAIL" line.
func printLast(w io.Writer, lines []string) {
	if len(lines) > 0 {
		fmt.Fprint(w, lines[len(lines)-1])
	}
}

// skipReason is what a skipped test logged before its "--- SKIP" line,
// without the "=== RUN" lines: the message of t.Skip.
func skipReason(lines []string) string {
	var msg []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- SKIP") {
			continue
		}
		msg = append(msg, t)
	}
	if len(msg) == 0 {
		return "(no reason given)"
	}
	return strings.Join(msg, " ")
}

// exitCode prints the closing lines and returns the exit code: 1 when
// anything failed, or when noSkip is set and a test was skipped. The last
// line counts the tests: "tests: N passed, N failed, N skipped".
func (s summary) exitCode(w io.Writer, noSkip bool) int {
	code := 0
	defer func() {
		fmt.Fprintf(w, "tests: %d passed, %d failed, %d skipped\n", s.passed, s.failedTests, s.skippedTests)
	}()
	if len(s.skipped) > 0 {
		fmt.Fprintf(w, "\n%d skipped test(s):\n", len(s.skipped))
		for _, t := range s.skipped {
			fmt.Fprintln(w, "  "+t)
		}
		if noSkip {
			fmt.Fprintln(w, "FAIL: tests were skipped, and -no-skip (CI) allows none")
			code = 1
		}
	}
	if len(s.failed) > 0 {
		fmt.Fprintf(w, "\nFAIL: %d failure(s):\n", len(s.failed))
		for _, f := range s.failed {
			fmt.Fprintln(w, "  "+f)
		}
		code = 1
	}
	if s.packages == 0 && len(s.failed) == 0 {
		fmt.Fprintln(w, "FAIL: no test results in the input")
		code = 1
	}
	return code
}
