package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"
)

// shells are the shells amlc writes completion scripts for.
var shells = []string{"bash", "zsh", "fish", "powershell"}

func runCompletion(e *env, args []string) int {
	fs := newFlags(e, "completion", "bash|zsh|fish|powershell")
	if code := parseFlags(e, fs, args); code >= 0 {
		return code
	}
	if fs.NArg() != 1 {
		return usageError(e, "completion", "give one shell: %s", strings.Join(shells, ", "))
	}
	cmds := describeCommands()
	var err error
	switch fs.Arg(0) {
	case "bash":
		err = writeBash(e.stdout, cmds)
	case "zsh":
		err = writeZsh(e.stdout, cmds)
	case "fish":
		err = writeFish(e.stdout, cmds)
	case "powershell":
		err = writePowerShell(e.stdout, cmds)
	default:
		msg := fmt.Sprintf("unknown shell %q (%s)", fs.Arg(0), strings.Join(shells, ", "))
		if s := closest(fs.Arg(0), shells); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		return usageError(e, "completion", "%s", msg)
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "amlc completion:", err)
		return exitFailed
	}
	return exitOK
}

// valuesAnnotation is the flag annotation that lists the values a flag
// takes, for completion.
const valuesAnnotation = "amlc_values"

// setValues records the values a flag takes, for completion.
func setValues(fs *pflag.FlagSet, name string, values ...string) {
	_ = fs.SetAnnotation(name, valuesAnnotation, values)
}

// compCommand is what completion knows of a command.
type compCommand struct {
	name, summary string
	flags         []compFlag
	// words are the fixed arguments it takes (help: commands; completion:
	// shells); none means paths.
	words []string
}

// compFlag is what completion knows of a flag.
type compFlag struct {
	long, short string
	usage       string
	value       bool     // takes a value
	repeat      bool     // may be given more than once
	values      []string // the values it takes, when they are few
	files       bool     // its value is a file or directory
}

// describeCommands learns every command's flags from the command itself:
// in describe mode a command defines its flags and stops at parseFlags.
func describeCommands() []compCommand {
	var out []compCommand
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	for _, c := range commands() {
		cc := compCommand{name: c.name, summary: c.summary}
		switch c.name {
		case "help":
			cc.words = names
		case "completion":
			cc.words = shells
		}
		e := &env{stdout: io.Discard, stderr: io.Discard, describe: true}
		c.run(e, nil)
		if e.flags != nil {
			e.flags.VisitAll(func(f *pflag.Flag) {
				if !f.Hidden {
					cc.flags = append(cc.flags, describeFlag(f))
				}
			})
		}
		cc.flags = append(cc.flags, compFlag{long: "help", short: "h", usage: "show this help"})
		out = append(out, cc)
	}
	return out
}

func describeFlag(f *pflag.Flag) compFlag {
	varname, usage := pflag.UnquoteUsage(f)
	cf := compFlag{long: f.Name, short: f.Shorthand, usage: shortUsage(usage)}
	typ := f.Value.Type()
	cf.value = typ != "bool"
	cf.repeat = strings.HasSuffix(typ, "Array") || strings.HasSuffix(typ, "Slice")
	cf.values = f.Annotations[valuesAnnotation]
	if cf.value && len(cf.values) == 0 {
		l := strings.ToLower(varname + " " + usage)
		cf.files = strings.Contains(l, "file") || strings.Contains(l, "dir") || strings.Contains(l, "path")
	}
	return cf
}

// shortUsage is the first clause of a flag's usage, for a one-line
// description.
func shortUsage(u string) string {
	for _, sep := range []string{"; ", " (", ": "} {
		if i := strings.Index(u, sep); i > 0 {
			u = u[:i]
		}
	}
	if len(u) > 70 {
		if i := strings.LastIndex(u[:70], " "); i > 0 {
			u = u[:i] + "…"
		}
	}
	return u
}

func commandNames(cmds []compCommand) []string {
	var out []string
	for _, c := range cmds {
		out = append(out, c.name)
	}
	return out
}

// writeBash writes a bash completion function. Flags that take a value
// complete their values, or file names; everything else completes file
// names (-o default).
func writeBash(w io.Writer, cmds []compCommand) error {
	var b strings.Builder
	b.WriteString(`# bash completion for amlc, written by 'amlc completion bash'. Load it with
#   source <(amlc completion bash)
# or save it as ~/.local/share/bash-completion/completions/amlc.
_amlc() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	if [[ $prev == "=" && $COMP_CWORD -ge 2 ]]; then
		prev=${COMP_WORDS[COMP_CWORD-2]}
	elif [[ $cur == "=" ]]; then
		cur=""
	fi
	if [[ $COMP_CWORD -eq 1 ]]; then
		COMPREPLY=($(compgen -W "`)
	b.WriteString(strings.Join(commandNames(cmds), " "))
	b.WriteString(`" -- "$cur"))
		return
	fi
	case ${COMP_WORDS[1]} in
`)
	for _, c := range cmds {
		fmt.Fprintf(&b, "\t%s)\n", c.name)
		var valued, all []string
		b.WriteString("\t\tcase $prev in\n")
		for _, f := range c.flags {
			names := []string{"--" + f.long}
			if f.short != "" {
				names = append(names, "-"+f.short)
			}
			all = append(all, names...)
			switch {
			case len(f.values) > 0:
				fmt.Fprintf(&b, "\t\t%s) COMPREPLY=($(compgen -W %q -- \"$cur\")); return ;;\n", strings.Join(names, "|"), strings.Join(f.values, " "))
			case f.value:
				valued = append(valued, names...) // file names, or nothing to offer
			}
		}
		if len(valued) > 0 {
			fmt.Fprintf(&b, "\t\t%s) return ;;\n", strings.Join(valued, "|"))
		}
		b.WriteString("\t\tesac\n")
		fmt.Fprintf(&b, "\t\tif [[ $cur == -* ]]; then COMPREPLY=($(compgen -W %q -- \"$cur\")); return; fi\n", strings.Join(all, " "))
		if len(c.words) > 0 {
			fmt.Fprintf(&b, "\t\tCOMPREPLY=($(compgen -W %q -- \"$cur\"))\n", strings.Join(c.words, " "))
		}
		b.WriteString("\t\t;;\n")
	}
	b.WriteString(`	esac
}
complete -o default -F _amlc amlc
`)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeZsh writes a zsh completion function (#compdef amlc).
func writeZsh(w io.Writer, cmds []compCommand) error {
	var b strings.Builder
	b.WriteString(`#compdef amlc
# zsh completion for amlc, written by 'amlc completion zsh'. Load it with
#   source <(amlc completion zsh)
# or save it as _amlc in a directory of $fpath.

_amlc() {
	local -a commands
	commands=(
`)
	for _, c := range cmds {
		fmt.Fprintf(&b, "\t\t%s\n", zshQuote(c.name+":"+c.summary))
	}
	b.WriteString(`	)
	if (( CURRENT == 2 )); then
		_describe -t commands 'amlc command' commands
		return
	fi
	local cmd=${words[2]}
	shift words
	(( CURRENT-- ))
	case $cmd in
`)
	for _, c := range cmds {
		fmt.Fprintf(&b, "\t%s)\n\t\t_arguments -s -S \\\n", c.name)
		for _, f := range c.flags {
			desc := "[" + zshDesc(f.usage) + "]"
			action := ""
			if f.value {
				switch {
				case len(f.values) > 0:
					action = ":" + f.long + ":(" + strings.Join(f.values, " ") + ")"
				case f.files:
					action = ":" + f.long + ":_files"
				default:
					action = ":" + f.long + ": "
				}
			}
			rep := ""
			if f.repeat {
				rep = "*"
			}
			long, short := "--"+f.long, "-"+f.short
			if f.value {
				long += "="
				short += "+"
			}
			fmt.Fprintf(&b, "\t\t\t%s \\\n", zshQuote(rep+long+desc+action))
			if f.short != "" {
				fmt.Fprintf(&b, "\t\t\t%s \\\n", zshQuote(rep+short+desc+action))
			}
		}
		switch {
		case len(c.words) > 0:
			fmt.Fprintf(&b, "\t\t\t%s\n", zshQuote("1:"+c.name+":("+strings.Join(c.words, " ")+")"))
		default:
			fmt.Fprintf(&b, "\t\t\t%s\n", zshQuote("*:path:_files"))
		}
		b.WriteString("\t\t;;\n")
	}
	b.WriteString(`	esac
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
	_amlc "$@"
else
	compdef _amlc amlc
fi
`)
	_, err := io.WriteString(w, b.String())
	return err
}

// zshQuote quotes s for zsh in single quotes.
func zshQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// zshDesc makes a description safe inside an _arguments spec's [...].
func zshDesc(s string) string {
	return strings.NewReplacer("[", "(", "]", ")", ":", `\:`, `\`, `\\`).Replace(s)
}

// writeFish writes fish completions.
func writeFish(w io.Writer, cmds []compCommand) error {
	var b strings.Builder
	b.WriteString(`# fish completion for amlc, written by 'amlc completion fish'. Load it with
#   amlc completion fish | source
# or save it as ~/.config/fish/completions/amlc.fish.
complete -c amlc -e
`)
	for _, c := range cmds {
		fmt.Fprintf(&b, "complete -c amlc -n __fish_use_subcommand -f -a %s -d %s\n", fishQuote(c.name), fishQuote(c.summary))
	}
	for _, c := range cmds {
		cond := fishQuote("__fish_seen_subcommand_from " + c.name)
		for _, f := range c.flags {
			fmt.Fprintf(&b, "complete -c amlc -n %s -l %s", cond, f.long)
			if f.short != "" {
				fmt.Fprintf(&b, " -s %s", f.short)
			}
			switch {
			case len(f.values) > 0:
				fmt.Fprintf(&b, " -x -a %s", fishQuote(strings.Join(f.values, " ")))
			case f.value && f.files:
				b.WriteString(" -r -F")
			case f.value:
				b.WriteString(" -x")
			}
			fmt.Fprintf(&b, " -d %s\n", fishQuote(f.usage))
		}
		if len(c.words) > 0 {
			fmt.Fprintf(&b, "complete -c amlc -n %s -f -a %s\n", cond, fishQuote(strings.Join(c.words, " ")))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// fishQuote quotes s for fish in single quotes.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'"
}

// writePowerShell writes a PowerShell argument completer. When it returns
// nothing, PowerShell completes file names.
func writePowerShell(w io.Writer, cmds []compCommand) error {
	var b strings.Builder
	b.WriteString(`# PowerShell completion for amlc, written by 'amlc completion powershell'.
# Load it with
#   amlc completion powershell | Out-String | Invoke-Expression
# or add that line to your $PROFILE.
Register-ArgumentCompleter -Native -CommandName amlc -ScriptBlock {
	param($wordToComplete, $commandAst, $cursorPosition)
	$commands = [ordered]@{
`)
	for _, c := range cmds {
		fmt.Fprintf(&b, "\t\t%s = %s\n", psQuote(c.name), psQuote(c.summary))
	}
	b.WriteString("\t}\n\t$flags = @{\n")
	for _, c := range cmds {
		var fl []string
		for _, f := range c.flags {
			fl = append(fl, psQuote("--"+f.long))
			if f.short != "" {
				fl = append(fl, psQuote("-"+f.short))
			}
		}
		fmt.Fprintf(&b, "\t\t%s = @(%s)\n", psQuote(c.name), strings.Join(fl, ", "))
	}
	b.WriteString("\t}\n\t$values = @{\n")
	for _, c := range cmds {
		for _, f := range c.flags {
			if len(f.values) == 0 {
				continue
			}
			var vs []string
			for _, v := range f.values {
				vs = append(vs, psQuote(v))
			}
			fmt.Fprintf(&b, "\t\t%s = @(%s)\n", psQuote(c.name+" --"+f.long), strings.Join(vs, ", "))
			if f.short != "" {
				fmt.Fprintf(&b, "\t\t%s = @(%s)\n", psQuote(c.name+" -"+f.short), strings.Join(vs, ", "))
			}
		}
	}
	b.WriteString("\t}\n\t$words = @{\n")
	for _, c := range cmds {
		if len(c.words) == 0 {
			continue
		}
		var ws []string
		for _, x := range c.words {
			ws = append(ws, psQuote(x))
		}
		fmt.Fprintf(&b, "\t\t%s = @(%s)\n", psQuote(c.name), strings.Join(ws, ", "))
	}
	b.WriteString(`	}
	# The words before the one being completed.
	$before = @()
	foreach ($el in $commandAst.CommandElements) {
		if ($el.Extent.EndOffset -lt $cursorPosition -or ($el.Extent.EndOffset -eq $cursorPosition -and $wordToComplete -eq '')) {
			$before += $el.Extent.Text
		}
	}
	$candidates = @()
	if ($before.Count -le 1) {
		foreach ($name in $commands.Keys) {
			if ($name -like "$wordToComplete*") {
				[System.Management.Automation.CompletionResult]::new($name, $name, 'ParameterValue', $commands[$name])
			}
		}
		return
	}
	$cmd = $before[1]
	$prev = $before[$before.Count - 1]
	if ($before.Count -gt 2 -and $values.ContainsKey("$cmd $prev")) {
		$candidates = $values["$cmd $prev"]
	} elseif ($wordToComplete -like '-*') {
		$candidates = $flags[$cmd]
	} elseif ($words.ContainsKey($cmd)) {
		$candidates = $words[$cmd]
	}
	foreach ($c in $candidates) {
		if ($c -like "$wordToComplete*") {
			[System.Management.Automation.CompletionResult]::new($c, $c, 'ParameterValue', $c)
		}
	}
}
`)
	_, err := io.WriteString(w, b.String())
	return err
}

// psQuote quotes s for PowerShell in single quotes.
func psQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
