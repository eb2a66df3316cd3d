package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/pflag"

	"github.com/amlc-dev/amlc/internal/redact"
)

// Exit codes (SPEC.md §3).
const (
	exitOK      = 0
	exitFailed  = 1 // findings with errors, or a failed operation
	exitUsage   = 2
	exitChanges = 3 // diff --detailed-exitcode with changes
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// env is what a command may use of its surroundings; tests substitute it.
type env struct {
	stdout, stderr io.Writer
	cwd            string
	// sensitive are the secret values and tokens known so far; stdout,
	// stderr and the files amlc writes never show them (redact.go).
	sensitive *redact.Set
}

type command struct {
	name    string
	summary string
	run     func(e *env, args []string) int
}

func commands() []command {
	return []command{
		{"vet", "validate spec files against the schema and Azure's limits", runVet},
		{"build", "write ARM JSON and Bicep templates that create the clusters", runBuild},
		{"diff", "plan the changes from a base (git revision, directory or live Azure) to the specs", runDiff},
		{"apply", "carry out a saved live plan, or plan against live Azure and apply it", runApply},
		{"import", "write a CUE spec from az ml compute YAML files", runImport},
		{"schema", "print the embedded CUE schema", runSchema},
		{"version", "print amlc's version", runVersion},
	}
}

// run is amlc's entry point: it dispatches to a subcommand and returns the
// process exit code. It never panics on user input.
func run(args []string, rawStdout, rawStderr io.Writer) (code int) {
	e := &env{sensitive: sensitiveFromEnv()}
	out, errOut := e.sensitive.Writer(rawStdout), e.sensitive.Writer(rawStderr)
	e.stdout, e.stderr = out, errOut
	stdout, stderr := e.stdout, e.stderr
	defer func() {
		out.Flush()
		errOut.Flush()
	}()
	// A bug must not greet the user with a stack trace: say what happened
	// and fail. The tests and fuzzers are what keep this from running.
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "amlc: internal error: %v (please report it with the command and inputs that caused it)\n", r)
			code = exitFailed
		}
	}()
	cwd, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(stderr, "amlc: cannot determine the working directory:", err)
		return exitFailed
	}
	e.cwd = cwd
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help", "help":
		usage(stdout)
		return exitOK
	case "--version":
		return runVersion(e, nil)
	case probeCommand:
		return runProbe(e, args[1:])
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(e, args[1:])
		}
	}
	fmt.Fprintf(stderr, "amlc: unknown command %q\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: amlc <command> [flags] [PATH...]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'amlc <command> --help' for a command's flags.")
	fmt.Fprintln(w, "Exit codes: 0 success; 1 findings with errors or a failed operation; 2 usage error; 3 diff --detailed-exitcode with changes.")
}

// newFlags returns a flag set for a subcommand whose usage goes to stderr.
func newFlags(e *env, name, args string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: amlc %s %s\n\nFlags:\n%s", name, args, fs.FlagUsages())
	}
	return fs
}

// parseFlags parses args and returns the exit code to stop with, or -1 to
// go on. --help exits 0; a bad flag is a usage error.
func parseFlags(e *env, fs *pflag.FlagSet, args []string) int {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return -1
	case errors.Is(err, pflag.ErrHelp):
		return exitOK
	}
	fmt.Fprintf(e.stderr, "amlc %s: %v\n", fs.Name(), err)
	fs.Usage()
	return exitUsage
}

func usageError(e *env, cmd, format string, args ...any) int {
	fmt.Fprintf(e.stderr, "amlc %s: %s\n", cmd, fmt.Sprintf(format, args...))
	return exitUsage
}

func runVersion(e *env, _ []string) int {
	fmt.Fprintln(e.stdout, "amlc", version)
	return exitOK
}
