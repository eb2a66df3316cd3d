package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/amlc-dev/amlc/internal/redact"
	"github.com/amlc-dev/amlc/internal/textdist"
)

// Exit codes (docs/commands.md).
const (
	exitOK      = 0
	exitFailed  = 1 // findings with errors, or a failed operation
	exitUsage   = 2
	exitChanges = 3 // diff --detailed-exitcode with changes
)

// env is what a command may use of its surroundings; tests substitute it.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	cwd            string
	// sensitive are the secret values and tokens known so far; stdout,
	// stderr and the files amlc writes never show them (redact.go).
	sensitive *redact.Set

	// usageTo is where a command's usage goes: stdout when asked for
	// (--help, amlc help CMD), stderr after a usage error.
	usageTo io.Writer
	// describe makes a command stop at parseFlags, its flags defined but
	// not parsed, and leave them in flags: how completion learns them.
	describe bool
	flags    *pflag.FlagSet
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
		{"import", "write a CUE spec from az ml compute YAML files or live clusters", runImport},
		{"schema", "print the embedded CUE schema, or a JSON Schema for editors", runSchema},
		{"completion", "print a shell completion script: bash, zsh, fish or powershell", runCompletion},
		{"help", "show help for amlc or a command", runHelp},
		{"version", "print amlc's version", runVersion},
	}
}

// findCommand returns the command named name.
func findCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
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
	e.stdin = os.Stdin
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help":
		usage(stdout)
		return exitOK
	case "--version":
		return runVersion(e, nil)
	case probeCommand:
		return runProbe(e, args[1:])
	}
	if c, ok := findCommand(args[0]); ok {
		return c.run(e, args[1:])
	}
	return unknownCommand(e, args[0])
}

// unknownCommand reports a command amlc does not have, with the closest
// one it has.
func unknownCommand(e *env, name string) int {
	msg := fmt.Sprintf("amlc: unknown command %q", name)
	if strings.HasPrefix(name, "-") {
		msg = fmt.Sprintf("amlc: unknown flag %q before the command", name)
	}
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	if s := closest(strings.TrimLeft(name, "-"), names); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	fmt.Fprintln(e.stderr, msg)
	fmt.Fprintln(e.stderr, "Run 'amlc help' for the list of commands.")
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "amlc keeps Azure Machine Learning compute clusters in a repository: it vets")
	fmt.Fprintln(w, "CUE, JSON or YAML specs, builds ARM and Bicep templates, plans and applies changes.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: amlc <command> [flags] [PATH...]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'amlc help <command>' or 'amlc <command> --help' for a command's flags.")
	fmt.Fprintln(w, "Exit codes: 0 success; 1 findings with errors or a failed operation; 2 usage error; 3 diff --detailed-exitcode with changes.")
}

// newFlags returns the flag set of a subcommand. Its usage names the
// command, says what it does and lists the flags.
func newFlags(e *env, name, args string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.SortFlags = false
	fs.Usage = func() {
		w := e.usageTo
		if w == nil {
			w = e.stderr
		}
		fmt.Fprintf(w, "Usage: amlc %s %s\n\n", name, args)
		if c, ok := findCommand(name); ok {
			fmt.Fprintf(w, "%s%s.\n\n", strings.ToUpper(c.summary[:1]), c.summary[1:])
		}
		if fs.HasAvailableFlags() {
			fmt.Fprintf(w, "Flags:\n%s", fs.FlagUsages())
		}
	}
	return fs
}

// parseFlags parses args and returns the exit code to stop with, or -1 to
// go on. --help prints the usage on stdout and exits 0; a bad flag is a
// usage error, with the usage on stderr.
func parseFlags(e *env, fs *pflag.FlagSet, args []string) int {
	if e.describe {
		e.flags = fs
		return exitOK
	}
	help := fs.BoolP("help", "h", false, "show this help")
	err := fs.Parse(args)
	if err == nil && *help {
		e.usageTo = e.stdout
		fs.Usage()
		e.usageTo = e.stderr
		return exitOK
	}
	if err == nil {
		return -1
	}
	msg := err.Error()
	if s := suggestFlag(fs, msg); s != "" {
		msg += "; did you mean " + s + "?"
	}
	fmt.Fprintf(e.stderr, "amlc %s: %s\n", fs.Name(), msg)
	fs.Usage()
	return exitUsage
}

// suggestFlag returns the flag closest to the unknown one an error of
// pflag names ("unknown flag: --fromat"), or "".
func suggestFlag(fs *pflag.FlagSet, msg string) string {
	name, ok := strings.CutPrefix(msg, "unknown flag: --")
	if !ok {
		return ""
	}
	name, _, _ = strings.Cut(name, "=")
	var names []string
	fs.VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, f.Name)
		}
	})
	if s := closest(name, names); s != "" {
		return "--" + s
	}
	return ""
}

// closest returns the name nearest to s: one that s is a prefix of, or
// within an edit distance of a third of its length (at most 2); "" when
// none is.
func closest(s string, names []string) string {
	if s == "" {
		return ""
	}
	best, bestD := "", min(2, max(1, len(s)/3))+1
	for _, n := range names {
		d := textdist.OSA(strings.ToLower(s), strings.ToLower(n))
		if strings.HasPrefix(n, s) && len(s) >= 2 {
			d = 0
		}
		if d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

func usageError(e *env, cmd, format string, args ...any) int {
	fmt.Fprintf(e.stderr, "amlc %s: %s\n", cmd, fmt.Sprintf(format, args...))
	return exitUsage
}

// runHelp shows amlc's usage, or a command's, on stdout.
func runHelp(e *env, args []string) int {
	switch {
	case len(args) == 0:
		usage(e.stdout)
		return exitOK
	case len(args) > 1:
		return usageError(e, "help", "give one command; got %q", strings.Join(args, " "))
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(e.stdout, "Usage: amlc help [COMMAND]")
		fmt.Fprintln(e.stdout)
		fmt.Fprintln(e.stdout, "Show help for amlc or a command.")
		return exitOK
	}
	c, ok := findCommand(args[0])
	if !ok {
		return unknownCommand(e, args[0])
	}
	return c.run(e, []string{"--help"})
}

func runVersion(e *env, args []string) int {
	fs := newFlags(e, "version", "")
	if code := parseFlags(e, fs, args); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(e, "version", "takes no arguments")
	}
	fmt.Fprintln(e.stdout, "amlc", buildVersion().String())
	return exitOK
}
