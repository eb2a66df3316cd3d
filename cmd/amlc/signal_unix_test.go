//go:build unix

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/amlc-dev/amlc/internal/armfake"
	"github.com/amlc-dev/amlc/schema"
)

// TestSIGTERMStopsBlockedRead: SIGTERM stops amlc apply while it is
// blocked reading a named pipe that a writer holds open and never writes
// to — a --secret file, or the saved plan — with exit 1 and a clear
// message, and nothing is sent. (Ctrl-C is shown by the script
// trust_limits; testscript's kill sends only INT and KILL.) amlc runs as a
// process of its own: this test binary, started under the name amlc.
func TestSIGTERMStopsBlockedRead(t *testing.T) {
	fixture := filepath.Join("..", "..", "fixtures", "secure-vnet")
	res := schema.Vet([]string{fixture}, schema.Options{})
	var opts armfake.Options
	for _, w := range res.Spec.Workspaces {
		opts.Workspaces = append(opts.Workspaces, armfake.Workspace{Subscription: w.Subscription, ResourceGroup: w.ResourceGroup, Name: w.Name, Location: w.Location})
	}
	s, err := armfake.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	dir := t.TempDir()
	cert := filepath.Join(dir, "cert.pem")
	if err := os.WriteFile(cert, s.CertPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	amlc := filepath.Join(dir, "amlc")
	if err := os.Symlink(exe, amlc); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name string
		args func(fifo string) []string
		want string
	}{
		{"secret", func(fifo string) []string {
			return []string{"apply", "--live", "--yes", "--secret", "gpuAdminPassword=@" + fifo, fixture}
		}, "amlc apply: --secret gpuAdminPassword: interrupted while reading "},
		{"plan", func(fifo string) []string { return []string{"apply", "--yes", fifo} }, "amlc apply: interrupted while reading "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.Reset()
			fifo := filepath.Join(t.TempDir(), "fifo")
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(amlc, tc.args(fifo)...)
			cmd.Env = append(os.Environ(), "AMLC_ARM_ENDPOINT="+s.URL(), "SSL_CERT_FILE="+cert, "AMLC_ACCESS_TOKEN=sigterm-test-token",
				"AMLC_POLL_INTERVAL=5ms", "AMLC_RETRY_DELAY=5ms")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			// Open the pipe for writing once amlc has it open for
			// reading (until then the open fails with ENXIO), and keep it
			// open: amlc is then blocked in read.
			var w *os.File
			deadline := time.Now().Add(30 * time.Second)
			for {
				w, err = os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0)
				if err == nil {
					break
				}
				if !errors.Is(err, syscall.ENXIO) || time.Now().After(deadline) {
					t.Fatalf("amlc never opened the pipe: %v; stderr: %s", err, stderr.String())
				}
				time.Sleep(5 * time.Millisecond)
			}
			defer w.Close()
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				t.Fatalf("amlc did not stop on SIGTERM; stderr: %s", stderr.String())
			}
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != exitFailed {
				t.Errorf("exit: %v; stderr: %s", err, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.want+fifo) {
				t.Errorf("stderr: %s", stderr.String())
			}
			for _, r := range s.Requests() {
				if r.Method != "GET" {
					t.Errorf("sent %s %s", r.Method, r.Path)
				}
			}
		})
	}
}
