package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/amlc-dev/amlc/internal/testkit"
)

// TestMain lets the test binary stand in for armfake when --detach starts
// it again.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		main()
	}
	os.Exit(m.Run())
}

// fake is armfake started by run in the test's process.
type fake struct {
	env    map[string]string // the export line's variables
	stop   chan os.Signal
	done   chan int
	stderr *testkit.SyncBuffer
}

// startRun runs armfake with args until the test ends and returns it once
// it has printed its export line. It fails the test at once when run
// returns first, and after 30 s when nothing comes: never a hang.
func startRun(t *testing.T, args ...string) *fake {
	t.Helper()
	pr, pw := io.Pipe()
	f := &fake{stop: make(chan os.Signal, 1), done: make(chan int, 1), stderr: &testkit.SyncBuffer{}}
	go func() {
		code := run(args, pw, f.stderr, f.stop)
		pw.Close() // before done: the reader below must not wait for a line that never comes
		f.done <- code
	}()
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(pr).ReadString('\n')
		line <- s
		_, _ = io.Copy(io.Discard, pr)
	}()
	var l string
	select {
	case l = <-line:
	case <-time.After(30 * time.Second):
		t.Fatalf("armfake %q printed no line in 30s; stderr:\n%s", args, f.stderr)
	}
	if l == "" {
		t.Fatalf("armfake %q ended (exit code %d) before it printed the export line; stderr:\n%s", args, <-f.done, f.stderr)
	}
	f.env = parseExport(t, strings.TrimSuffix(l, "\n"))
	t.Cleanup(func() {
		select {
		case f.stop <- os.Interrupt:
		default:
		}
	})
	return f
}

// exportVars are the variables an export line may set.
var exportVars = []string{"AMLC_ARM_ENDPOINT", "SSL_CERT_FILE", "AMLC_ACCESS_TOKEN", "ARMFAKE_PID"}

// parseExport runs an export line in sh and returns the variables it sets,
// checking that it sets amlc's three.
func parseExport(t *testing.T, line string) map[string]string {
	t.Helper()
	if !strings.HasPrefix(line, "export ") || strings.Count(strings.TrimSpace(line), "\n") > 0 {
		t.Fatalf("printed %q, want one export line", line)
	}
	script := line
	for _, k := range exportVars {
		script += "; printf '%s=%s\\0' " + k + ` "$` + k + `"`
	}
	out, err := exec.Command("sh", "-c", script).Output()
	if err != nil {
		t.Fatalf("sh -c %q: %v", script, err)
	}
	env := map[string]string{}
	for _, kv := range strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00") {
		if k, v, _ := strings.Cut(kv, "="); v != "" {
			env[k] = v
		}
	}
	for _, k := range exportVars[:3] {
		if env[k] == "" {
			t.Fatalf("the export line %q does not set %s", line, k)
		}
	}
	return env
}

// end stops the server and returns run's exit code.
func (f *fake) end(t *testing.T) int {
	t.Helper()
	f.stop <- os.Interrupt
	select {
	case code := <-f.done:
		return code
	case <-time.After(30 * time.Second):
		t.Fatal("armfake did not stop within 30s of SIGINT")
		return -1
	}
}

// client trusts the certificate file the export line names.
func client(t *testing.T, env map[string]string) *http.Client {
	t.Helper()
	pem, err := os.ReadFile(env["SSL_CERT_FILE"])
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		t.Fatal("the certificate file holds no certificate")
	}
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}
}

// send makes a request and returns the status and body.
func send(t *testing.T, c *http.Client, method, url, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

const listPath = "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.MachineLearningServices/workspaces/ws-1/computes?api-version=2026-05-01"

// TestRun: armfake serves from the embedded data wherever it runs, prints
// the line that points amlc at it, and removes its temporary certificate
// when it stops.
func TestRun(t *testing.T) {
	t.Chdir(t.TempDir()) // no go.mod, no data: everything is embedded
	f := startRun(t, "--workspace", "sub-1/rg-1/ws-1/eastus", "--polls", "-1")
	url, token := f.env["AMLC_ARM_ENDPOINT"], f.env["AMLC_ACCESS_TOKEN"]
	if !strings.HasPrefix(url, "https://127.0.0.1:") {
		t.Errorf("AMLC_ARM_ENDPOINT=%s, want https://127.0.0.1:PORT", url)
	}
	if !strings.Contains(f.stderr.String(), "serving "+url+" until interrupted") {
		t.Errorf("stderr %q does not say where it serves", f.stderr)
	}
	c := client(t, f.env)
	if code, _ := send(t, c, "GET", url+listPath, ""); code != http.StatusUnauthorized {
		t.Errorf("without a token: %d", code)
	}
	if code, body := send(t, c, "GET", url+listPath, token); code != http.StatusOK || body != `{"value":[]}` {
		t.Errorf("list: %d %s", code, body)
	}
	code, body := send(t, c, "GET", url+"/subscriptions/sub-1/providers/Microsoft.MachineLearningServices/locations/eastus/vmSizes?api-version=2026-05-01", token)
	if code != http.StatusOK || strings.Count(body, `"family"`) != 260 {
		t.Errorf("vmSizes: %d, %d sizes, want the 260 embedded", code, strings.Count(body, `"family"`))
	}
	if code := f.end(t); code != 0 {
		t.Errorf("exit code %d", code)
	}
	if _, err := os.Stat(f.env["SSL_CERT_FILE"]); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the temporary certificate %s is still there: %v", f.env["SSL_CERT_FILE"], err)
	}
}

// TestRunFixed: --addr, --cert-out and --token fix what the export line
// says, so that a README can print it.
func TestRunFixed(t *testing.T) {
	cert := filepath.Join(t.TempDir(), "my cert.pem")
	f := startRun(t, "--addr", "127.0.0.1:0", "--cert-out", cert, "--token", "s3cret")
	if f.env["SSL_CERT_FILE"] != cert || f.env["AMLC_ACCESS_TOKEN"] != "s3cret" {
		t.Errorf("export line variables %v, want --cert-out and --token", f.env)
	}
	if code := f.end(t); code != 0 {
		t.Errorf("exit code %d", code)
	}
	if _, err := os.Stat(cert); err != nil {
		t.Errorf("--cert-out %s was removed: %v", cert, err)
	}
}

// TestRunFails: a server that cannot start ends run at once with 1, and
// startRun's reader does not wait for it (the deadlock of an earlier
// version of this test).
func TestRunFails(t *testing.T) {
	done := make(chan int, 1)
	var stderr testkit.SyncBuffer
	go func() { done <- run([]string{"--catalog", t.TempDir()}, io.Discard, &stderr, nil) }()
	select {
	case code := <-done:
		if code != 1 || !strings.Contains(stderr.String(), "no *vmsizes*.json file") {
			t.Errorf("exit code %d, stderr %q; want 1 and the missing file", code, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("run did not return within 30s")
	}
}

func TestRunUsage(t *testing.T) {
	for _, args := range [][]string{{"--workspace", "a/b/c"}, {"extra"}, {"--nope"}, {"--config", "/does/not/exist"}} {
		if code := run(args, io.Discard, io.Discard, nil); code != 2 {
			t.Errorf("%v: exit code %d, want 2", args, code)
		}
	}
	if code := run([]string{"--addr", "0.0.0.0:0"}, io.Discard, io.Discard, nil); code != 1 {
		t.Errorf("a non-loopback address: exit code %d, want 1", code)
	}
	if code := run([]string{"--help"}, io.Discard, io.Discard, nil); code != 0 {
		t.Errorf("--help: exit code %d, want 0", code)
	}
}

func TestRunControl(t *testing.T) {
	f := startRun(t, "--workspace", "sub-1/rg-1/ws-1/eastus", "--control")
	url := f.env["AMLC_ARM_ENDPOINT"]
	c := client(t, f.env)
	for range 2 {
		send(t, c, "GET", url+listPath, "demo")
	}
	if code, body := send(t, c, "GET", url+"/_armfake/stats", ""); code != http.StatusOK || body != `{"requests":2,"inFlight":0,"maxInFlight":1}` {
		t.Errorf("stats: %d %s", code, body)
	}
	if code, _ := send(t, c, "POST", url+"/_armfake/reset", ""); code != http.StatusNoContent {
		t.Errorf("reset: %d", code)
	}
	if code, body := send(t, c, "GET", url+"/_armfake/stats", ""); code != http.StatusOK || body != `{"requests":0,"inFlight":0,"maxInFlight":0}` {
		t.Errorf("stats after the reset: %d %s", code, body)
	}
	if code := f.end(t); code != 0 {
		t.Errorf("exit code %d", code)
	}
}

// TestExportLine: a POSIX shell reads the line back as it was meant.
func TestExportLine(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Fatalf("no sh on PATH: %v", err)
	}
	line := exportLine("https://127.0.0.1:8443", "/tmp/my dir/it's.pem", "a$b")
	out, err := exec.Command(sh, "-c", line+`; printf '%s|%s|%s' "$AMLC_ARM_ENDPOINT" "$SSL_CERT_FILE" "$AMLC_ACCESS_TOKEN"`).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", line, err, out)
	}
	if want := "https://127.0.0.1:8443|/tmp/my dir/it's.pem|a$b"; string(out) != want {
		t.Errorf("sh read %q from %s, want %q", out, line, want)
	}
	if got := exportLine("https://127.0.0.1:8443", "/tmp/armfake-1.pem", "armfake"); got != "export AMLC_ARM_ENDPOINT=https://127.0.0.1:8443 SSL_CERT_FILE=/tmp/armfake-1.pem AMLC_ACCESS_TOKEN=armfake" {
		t.Errorf("a plain line is quoted: %s", got)
	}
}
