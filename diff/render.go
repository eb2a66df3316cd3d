package diff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// What the renderers share. Rendering only reads a Plan: everything it
// prints is in the plan's JSON form.

// summary is the one-line count of a plan, Terraform's "Plan: …" line, or
// "No changes." when every change is a no-op.
func summary(p *Plan) string {
	if !p.HasChanges() {
		return noChanges
	}
	n := p.Counts()
	return fmt.Sprintf("Plan: %d to create, %d to update, %d to replace, %d to delete.",
		n[Create], n[Update], n[Replace], n[Delete])
}

// actionSymbol is the symbol of an action, three columns wide.
var actionSymbol = ActionCases[string]{Create: "  +", Update: "  ~", Replace: "-/+", Delete: "  -", NoOp: "   "}

// actionHeader says what happens to a cluster.
var actionHeader = ActionCases[string]{
	Create:  "will be created",
	Update:  "will be updated in place",
	Replace: "must be replaced",
	Delete:  "will be destroyed",
	NoOp:    "has changes that are not applied",
}

// actionLegend explains a symbol.
var actionLegend = ActionCases[string]{
	Create:  "create",
	Update:  "update in place",
	Replace: "replace (delete, then create)",
	Delete:  "destroy",
}

// shown reports whether a renderer prints a change: every change but a
// no-op with no fields.
func shown(c *Change) bool { return c.Action != NoOp || len(c.Fields) > 0 }

// fieldSymbol is "+" for a value that appears, "-" for one that goes and
// "~" for one that changes.
func fieldSymbol(a Action, f *FieldChange) string {
	switch {
	case a == Create:
		return "+"
	case a == Delete:
		return "-"
	case f.Sensitive:
		return "~"
	case f.Before == nil && f.After != nil:
		return "+"
	case f.Before != nil && f.After == nil:
		return "-"
	}
	return "~"
}

// fieldText is a field line without its symbol: "maxNodes: 4 → 8",
// "vmSize: "Standard_D2_v2"", "ssh.password: (sensitive)", followed by the
// comment: "# forces replacement" and the note.
func fieldText(f *FieldChange) (text, comment string) {
	var b strings.Builder
	b.WriteString(f.Path + ": ")
	switch {
	case f.Sensitive:
		b.WriteString("(sensitive)")
	case f.Before != nil && f.After != nil:
		b.WriteString(formatValue(f.Before) + " → " + formatValue(f.After))
	case f.Before != nil:
		b.WriteString(formatValue(f.Before))
	case f.After != nil:
		b.WriteString(formatValue(f.After))
	default:
		b.WriteString("(none)")
	}
	var notes []string
	if f.ForcesReplace {
		notes = append(notes, "forces replacement")
	}
	if f.Note != "" {
		notes = append(notes, f.Note)
	}
	return b.String(), strings.Join(notes, "; ")
}

// formatValue prints a value as compact JSON, < > & unescaped.
func formatValue(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

// usedActions are the actions of the shown changes, in summary order.
func usedActions(p *Plan) []Action {
	used := map[Action]bool{}
	for i := range p.Changes {
		used[p.Changes[i].Action] = true
	}
	var as []Action
	for _, a := range Actions() {
		if used[a] && a != NoOp {
			as = append(as, a)
		}
	}
	return as
}

// noChanges is the summary of a plan whose every change is a no-op.
const noChanges = "No changes."
