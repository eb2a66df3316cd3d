package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/amlc-dev/amlc/internal/bound"
	"github.com/amlc-dev/amlc/schema"
)

// probeCommand is the hidden command that evaluates specs for the guard,
// in a process of its own. It is not listed anywhere: only amlc runs it.
const probeCommand = "__evaluate-in-probe"

// guarded returns opts with the guard of schema.Options.Guard: specs that
// could ask for more memory than the machine has in one allocation are
// first evaluated by a child amlc (probeCommand), so that a fatal error
// ends the child, not this process, and is reported as a finding.
func guarded(e *env, paths []string, opts schema.Options) schema.Options {
	opts.Guard = func() error { return probe(e, paths, opts) }
	return opts
}

// probe evaluates paths in a child amlc and returns the error that stopped
// it: the bound it went past, or the fatal error that ended it. It returns
// nil when the child got through, or could not be started (then this
// process evaluates the specs with its own bound).
func probe(e *env, paths []string, opts schema.Options) error {
	exe, err := os.Executable()
	if err != nil {
		return nil
	}
	dir := opts.Dir
	if dir == "" {
		dir = e.cwd
	}
	lim := bound.Limits{Memory: bound.DefaultMemory, Time: bound.DefaultTime}
	if opts.Limits != nil {
		lim = *opts.Limits
	}
	args := []string{os.Args[0], probeCommand, "--dir", dir}
	for _, t := range opts.Tags {
		args = append(args, "--inject", t)
	}
	args = append(append(args, "--"), paths...)
	wait := time.Duration(0)
	if lim.Time > 0 {
		wait = lim.Time + 30*time.Second
	}
	ctx, cancel := context.WithCancel(context.Background())
	if wait > 0 {
		ctx, cancel = context.WithTimeout(context.Background(), wait)
	}
	defer cancel()
	cmd := exec.CommandContext(ctx, exe)
	cmd.Args = args
	cmd.Env = append(os.Environ(),
		bound.MemoryEnv+"="+fmt.Sprint(lim.Memory),
		bound.TimeEnv+"="+lim.Time.String())
	var stderr headBuffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	// A spec from standard input (-) is read once, by this process: the
	// child gets the same bytes.
	cmd.Stdin = bytes.NewReader(opts.Stdin)
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return nil
	case !errors.As(err, &exit):
		return nil // not started: evaluate here, under the bound
	case exit.ExitCode() == exitFailed:
		if msg, ok := strings.CutPrefix(firstLine(stderr.String()), probeCommand+": "); ok {
			return errors.New(msg)
		}
		return nil // a failure of its own, which this process will meet and report
	}
	if ctx.Err() != nil {
		return &bound.ExceededError{Limits: lim, Took: wait}
	}
	if fatal := fatalLine(stderr.String()); fatal != "" {
		return fmt.Errorf("evaluating the specs ended the evaluating process with a fatal error (%s): a value such as a repeated string, bytes or list needs more memory than the machine can give", fatal)
	}
	return fmt.Errorf("evaluating the specs ended the evaluating process (%v): a value such as a repeated string, bytes or list needs more memory than the machine can give", exit)
}

// runProbe is probeCommand: it evaluates the specs and exits 0 when the
// evaluation got through (whatever it found), or 1 with the reason on the
// first line of stderr when a bound stopped it.
func runProbe(e *env, args []string) int {
	fs := newFlags(e, probeCommand, "--dir DIR [--inject TAG...] -- PATH...")
	dir := fs.String("dir", "", "working directory")
	tags := fs.StringArray("inject", nil, "build tag")
	if code := parseFlags(e, fs, args); code >= 0 {
		return code
	}
	lim, err := bound.FromEnv()
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %v\n", probeCommand, err)
		return exitFailed
	}
	paths, stdin, code := stdinPaths(e, probeCommand, fs.Args())
	if code >= 0 {
		return code
	}
	res := schema.Vet(paths, schema.Options{Dir: *dir, Tags: *tags, Limits: &lim, Stdin: stdin})
	for _, d := range res.Diags {
		if d.Code == "input/limit" {
			fmt.Fprintf(e.stderr, "%s: %s\n", probeCommand, d.Summary)
			return exitFailed
		}
	}
	return exitOK
}

// evalLimits reads the bounds of evaluation from the environment
// (AMLC_EVAL_MEMORY, AMLC_EVAL_TIMEOUT).
func evalLimits(e *env, cmd string) (*bound.Limits, int) {
	lim, err := bound.FromEnv()
	if err != nil {
		return nil, usageError(e, cmd, "%v", err)
	}
	return &lim, -1
}

// vetGuarded is schema.Vet with the guard.
func vetGuarded(e *env, paths []string, opts schema.Options) *schema.Result {
	return schema.Vet(paths, guarded(e, paths, opts))
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(line)
}

// fatalLine returns what follows "fatal error: " in a Go runtime's crash
// output, or "".
func fatalLine(s string) string {
	for line := range strings.Lines(s) {
		if rest, ok := strings.CutPrefix(line, "fatal error: "); ok {
			return strings.TrimSpace(rest)
		}
	}
	return ""
}

// headBuffer keeps the first 64 KiB written to it: enough for the reason
// and the start of a crash report, never a flood.
type headBuffer struct{ bytes.Buffer }

func (b *headBuffer) Write(p []byte) (int, error) {
	if room := 64<<10 - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
