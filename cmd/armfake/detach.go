package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// childEnv marks the process that --detach starts: it serves, writes its
// export line or its errors to file descriptor 3 (a pipe to the parent),
// and closes that once it serves.
const childEnv = "ARMFAKE_DETACHED_CHILD"

// readyTimeout bounds the wait for the detached server.
const readyTimeout = 60 * time.Second

// detach starts armfake again with the same arguments in a process of its
// own (a new session, no terminal, stdin, stdout and stderr on the null
// device), waits until it serves, and prints its export line with
// ARMFAKE_PID added. When it fails to start, its messages go to stderr
// and its exit code is returned.
func detach(args []string, stdout, stderr io.Writer) int {
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintln(stderr, "armfake: --detach:", err)
		return 1
	}
	r, w, err := os.Pipe()
	if err != nil {
		fmt.Fprintln(stderr, "armfake: --detach:", err)
		return 1
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.ExtraFiles = []*os.File{w}
	cmd.SysProcAttr = detachedAttr()
	if cmd.SysProcAttr == nil {
		fmt.Fprintln(stderr, "armfake: --detach is not supported on this system; run armfake in another terminal")
		return 2
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(stderr, "armfake: --detach:", err)
		return 1
	}
	w.Close()
	// The child closes the pipe once it serves, or exits on an error.
	got := make(chan []byte, 1)
	go func() {
		data, _ := io.ReadAll(r)
		got <- data
	}()
	var out []byte
	select {
	case out = <-got:
	case <-time.After(readyTimeout):
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		fmt.Fprintf(stderr, "armfake: --detach: the server did not start within %s\n", readyTimeout)
		return 1
	}
	r.Close()
	line, rest, _ := bytes.Cut(out, []byte("\n"))
	if !strings.HasPrefix(string(line), "export ") {
		// It did not start: pass its messages on, and its exit code.
		stderr.Write(out)
		if err := cmd.Wait(); err != nil {
			if code := cmd.ProcessState.ExitCode(); code > 0 {
				return code
			}
		}
		return 1
	}
	stderr.Write(rest)
	fmt.Fprintf(stdout, "%s ARMFAKE_PID=%s\n", line, strconv.Itoa(cmd.Process.Pid))
	_ = cmd.Process.Release()
	return 0
}

// runChild is the detached server: run with its output on file
// descriptor 3, closed once it serves.
func runChild(args []string, stop <-chan os.Signal) int {
	pipe := os.NewFile(3, "armfake-ready")
	if pipe == nil {
		fmt.Fprintln(os.Stderr, "armfake: "+childEnv+" is set, but file descriptor 3 is not open")
		return 2
	}
	cfg, code, ok := parseFlags(args, pipe)
	if !ok {
		return code
	}
	// Writes after the close fail with os.ErrClosed and are dropped.
	return serve(cfg, pipe, pipe, stop, func() { pipe.Close() })
}
