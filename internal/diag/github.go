package diag

import (
	"bufio"
	"io"
	"strings"
)

// WriteGitHub writes ds as GitHub Actions workflow commands, which the runner
// turns into annotations on the pull request, one command a line in the
// order given:
//
//	::error file=specs/a.cue,line=3,col=5,title=nodes/min-gt-max::summary
//	::warning title=input/empty::summary
//	::notice file=specs/plan.json,title=input/skipped::summary
//	::notice file=specs/a.cue,line=9,col=3,title=policy/modify::summary
//
// File names are made relative to cwd (normally $GITHUB_WORKSPACE) by
// RelPath; file, line and col are left out when unknown. The message is the
// summary, then the detail and "see also" lines for related positions, each
// after a newline. Values are escaped as the runner expects: in the message
// "%", "\r" and "\n"; in properties also ":" and ",".
func WriteGitHub(w io.Writer, ds Diagnostics, cwd string) error {
	bw := bufio.NewWriter(w)
	for _, d := range ds {
		bw.WriteString("::")
		bw.WriteString(githubLevel(d.Severity))
		sep := byte(' ')
		prop := func(name, value string) {
			bw.WriteByte(sep)
			sep = ','
			bw.WriteString(name)
			bw.WriteByte('=')
			bw.WriteString(escapeGitHubProperty(value))
		}
		if d.Pos.Filename != "" {
			prop("file", RelPath(cwd, d.Pos.Filename))
			if d.Pos.Line > 0 {
				prop("line", itoa(d.Pos.Line))
				if d.Pos.Column > 0 {
					prop("col", itoa(d.Pos.Column))
				}
			}
		}
		if d.Code != "" {
			prop("title", d.Code)
		}
		bw.WriteString("::")

		msg := d.Message()
		if detail := strings.Join(detailLines(d.Detail), "\n"); detail != "" {
			msg += "\n" + detail
		}
		for _, p := range d.Related {
			msg += "\nsee also " + textLocation(cwd, p)
		}
		bw.WriteString(escapeGitHubData(msg))
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// githubData and githubProperty escape values in workflow commands the way
// the Actions runner unescapes them (and @actions/core escapes them).
var (
	githubData     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	githubProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// escapeGitHubData escapes the message of a workflow command.
func escapeGitHubData(s string) string { return githubData.Replace(s) }

// escapeGitHubProperty escapes a property value of a workflow command.
func escapeGitHubProperty(s string) string { return githubProperty.Replace(s) }

// githubLevel is the workflow command of a severity: error, warning or
// notice.
func githubLevel(s Severity) string {
	if s == Note {
		return "notice"
	}
	return level(s)
}
