package main

import (
	"bytes"
	"strings"
	"testing"
)

// run is `go test -json` output of three packages: one with a skipped test
// and a failing subtest, one that does not build, and one that passes.
const run = `{"Action":"start","Package":"m/a"}
{"Action":"run","Package":"m/a","Test":"TestA"}
{"Action":"output","Package":"m/a","Test":"TestA","Output":"=== RUN   TestA\n"}
{"Action":"output","Package":"m/a","Test":"TestA","Output":"    a_test.go:4: node is not on PATH; install Node.js\n"}
{"Action":"output","Package":"m/a","Test":"TestA","Output":"--- SKIP: TestA (0.00s)\n"}
{"Action":"skip","Package":"m/a","Test":"TestA","Elapsed":0}
{"Action":"run","Package":"m/a","Test":"TestB"}
{"Action":"output","Package":"m/a","Test":"TestB","Output":"=== RUN   TestB\n"}
{"Action":"run","Package":"m/a","Test":"TestB/sub"}
{"Action":"output","Package":"m/a","Test":"TestB/sub","Output":"=== RUN   TestB/sub\n"}
{"Action":"output","Package":"m/a","Test":"TestB/sub","Output":"    b_test.go:3: bad\n"}
{"Action":"output","Package":"m/a","Test":"TestB/sub","Output":"--- FAIL: TestB/sub (0.00s)\n"}
{"Action":"fail","Package":"m/a","Test":"TestB/sub","Elapsed":0}
{"Action":"output","Package":"m/a","Test":"TestB","Output":"--- FAIL: TestB (0.00s)\n"}
{"Action":"fail","Package":"m/a","Test":"TestB","Elapsed":0}
{"Action":"output","Package":"m/a","Output":"FAIL\n"}
{"Action":"output","Package":"m/a","Output":"FAIL\tm/a\t0.005s\n"}
{"Action":"fail","Package":"m/a","Elapsed":0.005}
{"ImportPath":"m/c [m/c.test]","Action":"build-output","Output":"# m/c [m/c.test]\n"}
{"ImportPath":"m/c [m/c.test]","Action":"build-output","Output":"c/c.go:1:23: undefined: y\n"}
{"ImportPath":"m/c [m/c.test]","Action":"build-fail"}
{"Action":"start","Package":"m/c"}
{"Action":"output","Package":"m/c","Output":"FAIL\tm/c [build failed]\n"}
{"Action":"fail","Package":"m/c","Elapsed":0,"FailedBuild":"m/c [m/c.test]"}
{"Action":"start","Package":"m/d"}
{"Action":"run","Package":"m/d","Test":"TestD"}
{"Action":"output","Package":"m/d","Test":"TestD","Output":"=== RUN   TestD\n"}
{"Action":"output","Package":"m/d","Test":"TestD","Output":"    d_test.go:9: a log line nobody needs\n"}
{"Action":"output","Package":"m/d","Test":"TestD","Output":"--- PASS: TestD (0.00s)\n"}
{"Action":"pass","Package":"m/d","Test":"TestD","Elapsed":0}
{"Action":"output","Package":"m/d","Output":"PASS\n"}
{"Action":"output","Package":"m/d","Output":"ok  \tm/d\t0.003s\n"}
{"Action":"pass","Package":"m/d","Elapsed":0.003}
{"Action":"start","Package":"m/f"}
{"Action":"run","Package":"m/f","Test":"TestHang"}
{"Action":"output","Package":"m/f","Test":"TestHang","Output":"=== RUN   TestHang\n"}
{"Action":"output","Package":"m/f","Output":"panic: test timed out after 10m0s\n"}
{"Action":"output","Package":"m/f","Output":"FAIL\tm/f\t600.005s\n"}
{"Action":"fail","Package":"m/f","Elapsed":600}
{"Action":"start","Package":"m/e"}
{"Action":"output","Package":"m/e","Output":"?   \tm/e\t[no test files]\n"}
{"Action":"skip","Package":"m/e","Elapsed":0}
`

func TestReport(t *testing.T) {
	var out bytes.Buffer
	sum, err := report(strings.NewReader(run), &out)
	if err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"--- SKIP: m/a TestA: a_test.go:4: node is not on PATH; install Node.js\n",
		"    b_test.go:3: bad\n--- FAIL: TestB/sub",
		"FAIL\tm/a\t0.005s\n",
		"c/c.go:1:23: undefined: y\n",
		"ok  \tm/d\t0.003s\n",
		"?   \tm/e\t[no test files]\n",
		"=== RUN   TestHang\npanic: test timed out after 10m0s\nFAIL\tm/f\t600.005s\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the report lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "nobody needs") || strings.Contains(got, "=== RUN   TestD") {
		t.Errorf("the report shows a passing test's output:\n%s", got)
	}
	if sum.passed != 1 || sum.failedTests != 2 || sum.skippedTests != 1 {
		t.Errorf("summary %+v, want 1 test passed, 2 failed, 1 skipped", sum)
	}
	if sum.packages != 5 || len(sum.skipped) != 1 || len(sum.failed) != 6 {
		t.Errorf("summary %+v, want 5 packages, 1 skipped, 6 failed (2 tests, 1 build, 3 packages)", sum)
	}
}

func TestExitCode(t *testing.T) {
	pass := "{\"Action\":\"output\",\"Package\":\"m/d\",\"Output\":\"ok  \\tm/d\\t0.003s\\n\"}\n{\"Action\":\"pass\",\"Package\":\"m/d\"}\n"
	skip := "{\"Action\":\"output\",\"Package\":\"m/d\",\"Test\":\"TestT\",\"Output\":\"    t_test.go:1: the Bicep oracle cannot run\\n\"}\n{\"Action\":\"skip\",\"Package\":\"m/d\",\"Test\":\"TestT\"}\n"
	for _, tc := range []struct {
		name, input string
		noSkip      bool
		want        int
		wantOut     string
	}{
		{"pass", pass, true, 0, "tests: 0 passed, 0 failed, 0 skipped\n"},
		{"skip allowed", skip + pass, false, 0, "1 skipped test(s):\n  m/d TestT: t_test.go:1: the Bicep oracle cannot run\n"},
		{"skip refused", skip + pass, true, 1, "-no-skip (CI) allows none"},
		{"failure", run, false, 1, "FAIL: 6 failure(s)"},
		{"closing line", run, false, 1, "\ntests: 1 passed, 2 failed, 1 skipped\n"},
		{"nothing ran", "", false, 1, "no test results"},
		{"plain text", "go: no Go files in /x\n", false, 1, "go: no Go files in /x\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			sum, err := report(strings.NewReader(tc.input), &out)
			if err != nil {
				t.Fatal(err)
			}
			if code := sum.exitCode(&out, tc.noSkip); code != tc.want {
				t.Errorf("exit code %d, want %d:\n%s", code, tc.want, out.String())
			}
			if !strings.Contains(out.String(), tc.wantOut) {
				t.Errorf("output lacks %q:\n%s", tc.wantOut, out.String())
			}
		})
	}
}
