//go:build unix

package main

import (
	"bytes"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestDetach: --detach returns once the server answers, with the export
// line and ARMFAKE_PID; the server outlives the call and stops on SIGTERM,
// removing its temporary certificate.
func TestDetach(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"--detach", "--workspace", "sub-1/rg-1/ws-1/eastus"}, &stdout, &stderr, nil); code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", code, stderr.String())
	}
	env := parseExport(t, strings.TrimSuffix(stdout.String(), "\n"))
	pid, err := strconv.Atoi(env["ARMFAKE_PID"])
	if err != nil {
		t.Fatalf("ARMFAKE_PID in %q: %v", stdout.String(), err)
	}
	t.Cleanup(func() { _ = syscall.Kill(pid, syscall.SIGKILL) })
	if stderr.Len() != 0 {
		t.Errorf("stderr: %s", stderr.String())
	}
	if code, body := send(t, client(t, env), "GET", env["AMLC_ARM_ENDPOINT"]+listPath, env["AMLC_ACCESS_TOKEN"]); code != http.StatusOK || body != `{"value":[]}` {
		t.Errorf("list: %d %s", code, body)
	}
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// The test's process started it, so it reaps it (armfake itself has
	// exited by then, and init does).
	exited := make(chan syscall.WaitStatus, 1)
	go func() {
		var ws syscall.WaitStatus
		_, _ = syscall.Wait4(pid, &ws, 0, nil)
		exited <- ws
	}()
	select {
	case ws := <-exited:
		if ws.ExitStatus() != 0 {
			t.Errorf("exit status %d after SIGTERM, want 0", ws.ExitStatus())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("process %d still runs 30s after SIGTERM", pid)
	}
	if _, err := os.Stat(env["SSL_CERT_FILE"]); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the temporary certificate %s is still there: %v", env["SSL_CERT_FILE"], err)
	}
}

// TestDetachFails: when the detached server cannot start, --detach says
// why and fails with its exit code.
func TestDetachFails(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"--detach", "--addr", "0.0.0.0:0"}, &stdout, &stderr, nil)
	if code != 1 || stdout.Len() != 0 || !strings.Contains(stderr.String(), "loopback") {
		t.Errorf("exit code %d, stdout %q, stderr %q; want 1, nothing, and why", code, stdout.String(), stderr.String())
	}
}
