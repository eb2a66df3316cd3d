package diag

import (
	"bufio"
	"io"
	"strings"
)

// WriteText writes ds for people, one diagnostic after another in the order
// given (callers usually pass ds.Sorted()), in the form compilers use:
//
//	file:line:col: error: summary [code]
//	    detail line
//	    see also file:line:col
//
// A diagnostic with a Subject reads "error: subject: summary".
//
// File names are made relative to cwd by RelPath. A diagnostic with a file but
// no line starts with just the file name; one without a file starts with
// "amlc". Each line of the detail, then each related position, follows on its
// own line indented by four spaces.
func WriteText(w io.Writer, ds Diagnostics, cwd string) error {
	bw := bufio.NewWriter(w)
	for _, d := range ds {
		bw.WriteString(textLocation(cwd, d.Pos))
		bw.WriteString(": ")
		bw.WriteString(d.Severity.String())
		bw.WriteString(": ")
		bw.WriteString(d.Message())
		if d.Code != "" {
			bw.WriteString(" [")
			bw.WriteString(d.Code)
			bw.WriteByte(']')
		}
		bw.WriteByte('\n')
		for _, line := range detailLines(d.Detail) {
			if line != "" {
				bw.WriteString("    ")
				bw.WriteString(line)
			}
			bw.WriteByte('\n')
		}
		for _, p := range d.Related {
			bw.WriteString("    see also ")
			bw.WriteString(textLocation(cwd, p))
			bw.WriteByte('\n')
		}
	}
	return bw.Flush()
}

// textLocation formats p for WriteText: file:line:col, file:line or file with
// the file relative to cwd, or "amlc" when p names no file.
func textLocation(cwd string, p Pos) string {
	if p.Filename == "" {
		return "amlc"
	}
	return relPos(cwd, p).String()
}

// detailLines splits a detail into lines without line terminators, dropping
// the final newline and any trailing white space on each line. An empty
// detail has no lines.
func detailLines(detail string) []string {
	detail = strings.TrimRight(detail, "\r\n")
	if detail == "" {
		return nil
	}
	lines := strings.Split(detail, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	return lines
}

// Summary counts ds for the last line of a report: "2 errors, 1 warning",
// "1 error", "3 warnings", "1 warning, 2 notes", or "no problems" when ds
// holds neither errors nor warnings ("no problems, 2 notes": notes are
// not problems).
func Summary(ds Diagnostics) string {
	errs, warns := ds.Count()
	var parts []string
	if errs > 0 {
		parts = append(parts, plural(errs, "error"))
	}
	if warns > 0 {
		parts = append(parts, plural(warns, "warning"))
	}
	if len(parts) == 0 {
		parts = append(parts, "no problems")
	}
	if notes := ds.Notes(); notes > 0 {
		parts = append(parts, plural(notes, "note"))
	}
	return strings.Join(parts, ", ")
}

// plural returns "1 error" or "n errors".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return itoa(n) + " " + noun + "s"
}
