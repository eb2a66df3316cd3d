package diff

import (
	"fmt"
	"io"
	"strings"
)

// ANSI colours of the text view.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
)

// RenderText writes the plan for a terminal, in the manner of a Terraform
// plan: a legend of the symbols in use, then per cluster a header comment
// with the reasons, the field changes ("~ maxNodes: 4 → 8", "# forces
// replacement"), the monthly cost and the requests, then the "Plan: …"
// line and the cost of the whole plan (or that cost and "No changes."), then the warnings. With color, symbols are green (create),
// yellow (update) and red (delete), as are the warnings in yellow.
func RenderText(w io.Writer, p *Plan, color bool) error {
	t := &textWriter{w: w, color: color}
	if used := usedActions(p); len(used) > 0 {
		t.line("amlc uses these symbols for the planned actions:")
		for _, a := range used {
			t.line(t.symbol(a) + " " + actionLegend.For(a))
		}
		t.line("")
		t.line("amlc will perform the following actions:")
		t.line("")
	}
	for i := range p.Changes {
		c := &p.Changes[i]
		if !shown(c) {
			continue
		}
		t.line("  # " + c.Address + " " + actionHeader.For(c.Action))
		for _, r := range c.Reasons {
			t.line("  #   " + r)
		}
		t.line(t.symbol(c.Action) + " " + c.Address)
		for j := range c.Fields {
			f := &c.Fields[j]
			text, comment := fieldText(f)
			sym := fieldSymbol(c.Action, f)
			line := "      " + t.paint(fieldColor(sym), sym) + " " + text
			if comment != "" {
				col := ""
				if f.ForcesReplace {
					col = ansiRed
				}
				line += " " + t.paint(col, "# "+comment)
			}
			t.line(line)
		}
		if l := changeCostText(c.Cost); l != "" {
			t.line("      " + l)
		}
		if len(c.Requests) > 0 {
			t.line("      requests:")
			for _, r := range c.Requests {
				t.line("        " + r.Method + " " + r.Path)
			}
		}
		t.line("")
	}
	// The verdict comes last: "Plan: …" and then what it costs, or the
	// cost and then "No changes.", so that a plan without changes ends
	// with those words (as the README's offline demo shows).
	verdict := summary(p)
	if verdict != noChanges {
		t.line(t.paint(ansiBold, verdict))
	}
	for _, l := range planCostLines(p.Cost) {
		t.line(l)
	}
	if verdict == noChanges {
		t.line(t.paint(ansiBold, verdict))
	}
	if len(p.Warnings) > 0 {
		t.line("")
		for _, wn := range p.Warnings {
			t.line(t.paint(ansiYellow, "Warning:") + " " + wn.Address + ": " + wn.Message + " [" + wn.Code + "]")
		}
	}
	return t.err
}

type textWriter struct {
	w     io.Writer
	color bool
	err   error
}

func (t *textWriter) line(s string) {
	if t.err == nil {
		_, t.err = fmt.Fprintln(t.w, strings.TrimRight(s, " "))
	}
}

func (t *textWriter) paint(code, s string) string {
	if !t.color || code == "" {
		return s
	}
	return code + s + ansiReset
}

// symbol is the coloured three-column symbol of an action; a replacement
// is a red "-" and a green "+".
func (t *textWriter) symbol(a Action) string {
	s := actionSymbol.For(a)
	if !t.color {
		return s
	}
	return ActionCases[string]{
		Create:  "  " + t.paint(ansiGreen, "+"),
		Update:  "  " + t.paint(ansiYellow, "~"),
		Replace: t.paint(ansiRed, "-") + "/" + t.paint(ansiGreen, "+"),
		Delete:  "  " + t.paint(ansiRed, "-"),
		NoOp:    s,
	}.For(a)
}

func fieldColor(sym string) string {
	switch sym {
	case "+":
		return ansiGreen
	case "-":
		return ansiRed
	}
	return ansiYellow
}
