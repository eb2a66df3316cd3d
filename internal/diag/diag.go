package diag

import (
	"cmp"
	"slices"
	"strings"
)

// Severity says how serious a diagnostic is. The zero value is invalid so a
// forgotten severity is caught by tests rather than silently treated as an
// error or a warning.
type Severity int

// The severities amlc reports.
const (
	_ Severity = iota
	Error
	Warning
	// Note is information that is not a problem: it never fails a run,
	// not even with --strict (for example a file left out of the inputs).
	Note
)

// String returns "error", "warning" or "note".
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Note:
		return "note"
	}
	return "invalid"
}

// level returns the SARIF level of a severity: "warning", "note", or
// "error" otherwise, so that an invalid severity is shown as an error
// rather than hidden.
func level(s Severity) string {
	switch s {
	case Warning:
		return "warning"
	case Note:
		return "note"
	}
	return "error"
}

// Pos is a position in a file. Line and Column are 1-based; a zero Line means
// the diagnostic has no position in any file (for example a missing path).
type Pos struct {
	Filename string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	Column   int    `json:"column,omitempty"`
}

// IsValid reports whether p names a place in a file.
func (p Pos) IsValid() bool { return p.Filename != "" && p.Line > 0 }

// String formats p as file:line:col, or just the file name when it has no line.
func (p Pos) String() string {
	if p.Line == 0 {
		return p.Filename
	}
	var b strings.Builder
	b.WriteString(p.Filename)
	b.WriteByte(':')
	b.WriteString(itoa(p.Line))
	if p.Column > 0 {
		b.WriteByte(':')
		b.WriteString(itoa(p.Column))
	}
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}

// Diagnostic is one finding.
type Diagnostic struct {
	Severity Severity `json:"-"`
	// Code is a stable identifier such as "nodes/min-gt-max"; see Codes.
	Code string `json:"code"`
	// Summary is one line, no trailing period. It never contains a secret.
	Summary string `json:"summary"`
	// Subject names the value the finding is about, a cluster's address
	// ("ml-prod/gpu"), when its position alone does not tell: the position
	// is shared with findings about other values, or a comprehension or
	// definition produced the value. Renderers for people put it before
	// the summary; programs read Path.
	Subject string `json:"-"`
	// Detail is optional prose saying why and what to do.
	Detail string `json:"detail,omitempty"`
	// Path is the CUE path of the offending value, e.g.
	// workspaces."ml-prod".clusters."gpu".maxNodes.
	Path string `json:"path,omitempty"`
	// Pos is the primary position, in the user's file when one exists.
	Pos Pos `json:"position"`
	// Related are other positions that take part (the other side of a
	// conflict, the other cluster of a duplicate name).
	Related []Pos `json:"related,omitempty"`
}

// Diagnostics is a list of findings.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	return slices.ContainsFunc(ds, func(d Diagnostic) bool { return d.Severity == Error })
}

// Count returns the number of errors and warnings; notes are not counted.
func (ds Diagnostics) Count() (errs, warns int) {
	for _, d := range ds {
		switch d.Severity {
		case Error:
			errs++
		case Warning:
			warns++
		}
	}
	return errs, warns
}

// Sorted returns the diagnostics ordered by file, line, column, severity and
// code, with duplicates (the same finding about the same value at the same
// position) removed.
func (ds Diagnostics) Sorted() Diagnostics {
	out := slices.Clone(ds)
	slices.SortStableFunc(out, compare)
	// The same finding about the same value is reported once, however
	// often CUE reaches it. A definition or comprehension shared by several
	// clusters gives each of them its own finding at the same place: the
	// renderers name the value where the position alone is ambiguous.
	return slices.CompactFunc(out, func(a, b Diagnostic) bool {
		return compare(a, b) == 0 && a.Path == b.Path && a.Detail == b.Detail
	})
}

func compare(a, b Diagnostic) int {
	// Diagnostics without a file come first: they are about the whole run.
	return cmp.Or(
		cmp.Compare(a.Pos.Filename, b.Pos.Filename),
		cmp.Compare(a.Pos.Line, b.Pos.Line),
		cmp.Compare(a.Pos.Column, b.Pos.Column),
		cmp.Compare(a.Severity, b.Severity),
		cmp.Compare(a.Code, b.Code),
		cmp.Compare(a.Summary, b.Summary),
		cmp.Compare(a.Path, b.Path),
	)
}

// Errorf builds an error diagnostic.
func Errorf(code string, pos Pos, path, summary string) Diagnostic {
	return Diagnostic{Severity: Error, Code: code, Pos: pos, Path: path, Summary: summary}
}

// Notef builds a note.
func Notef(code string, pos Pos, path, summary string) Diagnostic {
	return Diagnostic{Severity: Note, Code: code, Pos: pos, Path: path, Summary: summary}
}

// Notes returns the number of notes.
func (ds Diagnostics) Notes() int {
	n := 0
	for _, d := range ds {
		if d.Severity == Note {
			n++
		}
	}
	return n
}

// Warnf builds a warning diagnostic.
func Warnf(code string, pos Pos, path, summary string) Diagnostic {
	return Diagnostic{Severity: Warning, Code: code, Pos: pos, Path: path, Summary: summary}
}

// Message is the summary as people read it: after the subject, if any.
func (d Diagnostic) Message() string {
	if d.Subject == "" {
		return d.Summary
	}
	return d.Subject + ": " + d.Summary
}

// WithDetail returns d with its detail set.
func (d Diagnostic) WithDetail(detail string) Diagnostic {
	d.Detail = detail
	return d
}

// WithRelated returns d with related positions added.
func (d Diagnostic) WithRelated(ps ...Pos) Diagnostic {
	for _, p := range ps {
		if p.IsValid() && p != d.Pos {
			d.Related = append(d.Related, p)
		}
	}
	return d
}
