package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestHelp: --help, -h and amlc help CMD print the command's usage on
// stdout and exit 0, for every command.
func TestHelp(t *testing.T) {
	for _, c := range commands() {
		for _, args := range [][]string{{c.name, "--help"}, {c.name, "-h"}, {"help", c.name}} {
			var stdout, stderr bytes.Buffer
			code := run(args, &stdout, &stderr)
			if code != exitOK {
				t.Errorf("amlc %s: exit %d", strings.Join(args, " "), code)
			}
			if !strings.HasPrefix(stdout.String(), "Usage: amlc "+c.name) {
				t.Errorf("amlc %s: stdout does not start with the usage:\n%s", strings.Join(args, " "), stdout.String())
			}
			if stderr.Len() > 0 {
				t.Errorf("amlc %s: stderr: %s", strings.Join(args, " "), stderr.String())
			}
		}
	}
}

// TestUsageErrors: unknown commands and flags exit 2 with a suggestion.
func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string // on stderr
	}{
		{[]string{"vte"}, `amlc: unknown command "vte"; did you mean "vet"?`},
		{[]string{"biuld"}, `did you mean "build"?`},
		{[]string{"comp"}, `did you mean "completion"?`},
		{[]string{"frobnicate"}, `amlc: unknown command "frobnicate"` + "\n"},
		{[]string{"help", "dif"}, `amlc: unknown command "dif"; did you mean "diff"?`},
		{[]string{"vet", "--fromat", "json"}, `amlc vet: unknown flag: --fromat; did you mean --format?`},
		{[]string{"diff", "--detailed-exit-code"}, `did you mean --detailed-exitcode?`},
		{[]string{"completion", "bsh"}, `unknown shell "bsh" (bash, zsh, fish, powershell); did you mean "bash"?`},
		{[]string{"completion"}, `give one shell`},
		{[]string{"version", "x"}, `takes no arguments`},
		{nil, "Usage: amlc <command>"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		if code := run(tt.args, &stdout, &stderr); code != exitUsage {
			t.Errorf("amlc %s: exit %d, want %d", strings.Join(tt.args, " "), code, exitUsage)
		}
		if !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("amlc %s: stderr does not hold %q:\n%s", strings.Join(tt.args, " "), tt.want, stderr.String())
		}
		if stdout.Len() > 0 {
			t.Errorf("amlc %s: stdout: %s", strings.Join(tt.args, " "), stdout.String())
		}
	}
}
