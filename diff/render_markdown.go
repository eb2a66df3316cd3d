package diff

import (
	"fmt"
	"io"
	"strings"
)

// RenderMarkdown writes the plan as a pull-request comment: a heading, the
// summary line, the change of the monthly cost, a table of the clusters
// that change, a table of their cost, the warnings, and per
// change its field changes and requests in a fenced diff block (GitHub
// colours the + and - lines).
func RenderMarkdown(w io.Writer, p *Plan) error {
	m := &textWriter{w: w}
	m.line("## amlc plan")
	m.line("")
	m.line("**" + summary(p) + "**")
	if c := p.Cost; c != nil {
		m.line("")
		m.line(fmt.Sprintf("**Monthly cost at maxNodes: %s** (%s → %s)", deltaText(c.CeilingChange, c.UpTo),
			money(c.Before.Ceiling, c.Before.CeilingUpTo), money(c.After.Ceiling, c.After.CeilingUpTo)))
	}
	var shownChanges []*Change
	for i := range p.Changes {
		if shown(&p.Changes[i]) {
			shownChanges = append(shownChanges, &p.Changes[i])
		}
	}
	if len(shownChanges) > 0 {
		m.line("")
		m.line("| Cluster | Action | Why |")
		m.line("|---|---|---|")
		for _, c := range shownChanges {
			m.line(fmt.Sprintf("| `%s` | %s | %s |", c.Address, c.Action, cell(strings.Join(c.Reasons, "; "))))
		}
	}
	markdownCost(m, p, shownChanges)
	if len(p.Warnings) > 0 {
		m.line("")
		m.line("### Warnings")
		m.line("")
		for _, wn := range p.Warnings {
			m.line(fmt.Sprintf("- `%s`: %s (`%s`)", wn.Address, wn.Message, wn.Code))
		}
	}
	if len(shownChanges) > 0 {
		m.line("")
		m.line("### Details")
		for _, c := range shownChanges {
			m.line("")
			m.line(fmt.Sprintf("#### `%s` %s", c.Address, actionHeader.For(c.Action)))
			m.line("")
			var block []string
			for j := range c.Fields {
				f := &c.Fields[j]
				text, comment := fieldText(f)
				line := fieldSymbol(c.Action, f) + " " + text
				if comment != "" {
					line += " # " + comment
				}
				block = append(block, line)
			}
			for _, r := range c.Requests {
				block = append(block, "# "+r.Method+" "+r.Path)
			}
			fence := fenceFor(block)
			m.line(fence + "diff")
			for _, l := range block {
				m.line(l)
			}
			m.line(fence)
		}
	}
	return m.err
}

// cell escapes a table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}

// fenceFor returns a code fence longer than any run of backticks in lines,
// so that a value cannot close the block early.
func fenceFor(lines []string) string {
	longest := 0
	for _, l := range lines {
		run := 0
		for _, r := range l {
			if r == '`' {
				run++
				longest = max(longest, run)
			} else {
				run = 0
			}
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}

// markdownCost writes the cost table: per shown change its floor and
// ceiling before and after and the change at maxNodes, then the whole
// plan, then where the prices come from.
func markdownCost(m *textWriter, p *Plan, shownChanges []*Change) {
	c := p.Cost
	if c == nil {
		return
	}
	m.line("")
	m.line("### Monthly cost")
	m.line("")
	m.line("| Cluster | Floor (minNodes) | Ceiling (maxNodes) | Change at maxNodes |")
	m.line("|---|--:|--:|--:|")
	for _, ch := range shownChanges {
		cc := ch.Cost
		if cc == nil {
			continue
		}
		delta := "no price"
		if cc.CeilingChange != nil {
			delta = deltaText(*cc.CeilingChange, cc.ceilingUpTo())
		}
		m.line(fmt.Sprintf("| `%s` | %s | %s | %s |", ch.Address, sideText(cc, floorFig), sideText(cc, ceilingFig), delta))
	}
	m.line(fmt.Sprintf("| **All clusters** | %s → %s | %s → %s | **%s** |",
		money(c.Before.Floor, c.Before.FloorUpTo), money(c.After.Floor, c.After.FloorUpTo),
		money(c.Before.Ceiling, c.Before.CeilingUpTo), money(c.After.Ceiling, c.After.CeilingUpTo), deltaText(c.CeilingChange, c.UpTo)))
	m.line("")
	line := pricesLine(c)
	if len(c.NoPrice) > 0 {
		line += " Not counted, no price: " + strings.Join(c.NoPrice, ", ") + "."
	}
	m.line("_" + cell(line) + "_")
}
