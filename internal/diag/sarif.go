package diag

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"
)

// SARIF constants: the schema the documents declare, the tool's identity and
// the base URI id under which artifact locations are relative to cwd.
const (
	sarifSchema    = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion   = "2.1.0"
	sarifToolName  = "amlc"
	sarifToolURI   = "https://github.com/amlc-dev/amlc"
	sarifSrcRootID = "%SRCROOT%"
)

// The SARIF 2.1.0 objects WriteSARIF writes, with only the properties amlc
// fills in. Struct field order fixes the order of the output.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                   `json:"tool"`
		OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
		Invocations        []sarifInvocation           `json:"invocations,omitempty"`
		ColumnKind         string                      `json:"columnKind"`
		Results            []sarifResult               `json:"results"`
	}
	sarifInvocation struct {
		ExecutionSuccessful bool                `json:"executionSuccessful"`
		Notifications       []sarifNotification `json:"toolExecutionNotifications,omitempty"`
	}
	sarifNotification struct {
		Descriptor sarifDescriptorRef `json:"descriptor"`
		Level      string             `json:"level"`
		Message    sarifMessage       `json:"message"`
	}
	sarifDescriptorRef struct {
		ID string `json:"id"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri"`
		Version        string      `json:"version,omitempty"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string       `json:"id"`
		Name                 string       `json:"name"`
		ShortDescription     sarifMessage `json:"shortDescription"`
		DefaultConfiguration sarifConfig  `json:"defaultConfiguration"`
	}
	sarifConfig struct {
		Level string `json:"level"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID           string          `json:"ruleId"`
		RuleIndex        *int            `json:"ruleIndex,omitempty"`
		Level            string          `json:"level"`
		Message          sarifMessage    `json:"message"`
		Locations        []sarifLocation `json:"locations,omitempty"`
		RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
		Region           *sarifRegion     `json:"region,omitempty"`
	}
	sarifArtifactLoc struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
	}
)

// WriteSARIF writes ds as a SARIF 2.1.0 log with one run of the tool "amlc"
// at toolVersion (left out when empty), for code-scanning services such as
// GitHub's. The driver lists every rule in Rules, in that order, whether or
// not it was reported; each result refers to its rule by ruleId and, for a
// known code, ruleIndex. A result's message is the summary, followed by a
// blank line and the detail when there is one.
//
// Files inside cwd are given as URIs relative to the base id "%SRCROOT%",
// which originalUriBaseIds maps to cwd; other files as absolute file URIs. A
// diagnostic without a file (a missing path, say) is not a result but a
// tool execution notification of the run's invocation: code-scanning
// services such as GitHub's reject a log in which a result has no location.
//
// Columns: SARIF 2.1.0 (§3.14.27) requires a run with results on text files
// to declare columnKind, and allows only "utf16CodeUnits" and
// "unicodeCodePoints"; it has no byte columns. CUE reports 1-based byte
// columns, which differ from both as soon as a line holds a non-ASCII
// character before the column. WriteSARIF therefore declares
// "utf16CodeUnits" (the default unit of the Language Server Protocol, which
// editors showing SARIF results speak) and converts each column by reading
// its line from the file (relative names are resolved against cwd). When the
// file or the line cannot be read, the region gives only the line, which is
// true in any unit, rather than a column that could be wrong. The text, JSON and GitHub
// renderers keep CUE's byte columns, as compilers' text output does.
//
// Results keep the order given; the output is otherwise fully determined by
// the arguments and the files' contents, and is indented by two spaces and
// ended by a newline.
func WriteSARIF(w io.Writer, ds Diagnostics, cwd string, toolVersion string) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           sarifToolName,
			InformationURI: sarifToolURI,
			Version:        toolVersion,
			Rules:          make([]sarifRule, 0, len(Rules)),
		}},
		ColumnKind: "utf16CodeUnits",
		Results:    make([]sarifResult, 0, len(ds)),
	}
	if cwd != "" && filepath.IsAbs(cwd) {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{
			sarifSrcRootID: {URI: fileURI(cwd, true)},
		}
	}
	index := make(map[string]int, len(Rules))
	for i, r := range Rules {
		index[r.Code] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID:                   r.Code,
			Name:                 ruleName(r.Code),
			ShortDescription:     sarifMessage{Text: r.Description},
			DefaultConfiguration: sarifConfig{Level: level(r.Severity)},
		})
	}

	cols := newColumnConverter(cwd)
	for _, d := range ds {
		if d.Pos.Filename == "" {
			if len(run.Invocations) == 0 {
				run.Invocations = []sarifInvocation{{ExecutionSuccessful: true}}
			}
			inv := &run.Invocations[0]
			inv.ExecutionSuccessful = false
			text := d.Message()
			if d.Detail != "" {
				text += "\n\n" + d.Detail
			}
			inv.Notifications = append(inv.Notifications, sarifNotification{
				Descriptor: sarifDescriptorRef{ID: d.Code}, Level: level(d.Severity), Message: sarifMessage{Text: text},
			})
			continue
		}
		res := sarifResult{
			RuleID:  d.Code,
			Level:   level(d.Severity),
			Message: sarifMessage{Text: d.Message()},
		}
		if i, ok := index[d.Code]; ok {
			res.RuleIndex = &i
		}
		if d.Detail != "" {
			res.Message.Text += "\n\n" + d.Detail
		}
		if loc, ok := sarifLocationOf(cwd, d.Pos, cols); ok {
			res.Locations = []sarifLocation{loc}
		}
		for _, p := range d.Related {
			if loc, ok := sarifLocationOf(cwd, p, cols); ok {
				res.RelatedLocations = append(res.RelatedLocations, loc)
			}
		}
		run.Results = append(run.Results, res)
	}

	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

// ruleName turns a code into the CamelCase name SARIF rules carry:
// "nodes/min-gt-max" becomes "NodesMinGtMax".
func ruleName(code string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(code, func(r rune) bool { return r == '/' || r == '-' }) {
		b.WriteString(strings.ToUpper(part[:1]))
		b.WriteString(part[1:])
	}
	return b.String()
}

// sarifLocationOf returns the SARIF location of p, and false when p names no
// file. The region is left out when p has no line.
func sarifLocationOf(cwd string, p Pos, cols *columnConverter) (sarifLocation, bool) {
	if p.Filename == "" {
		return sarifLocation{}, false
	}
	var loc sarifLocation
	rel := RelPath(cwd, p.Filename)
	switch {
	case filepath.IsAbs(filepath.FromSlash(rel)):
		loc.PhysicalLocation.ArtifactLocation = sarifArtifactLoc{URI: fileURI(rel, false)}
	case strings.HasPrefix(rel, "../") && cwd != "" && filepath.IsAbs(cwd):
		// A relative name outside cwd: give it absolutely rather than
		// climbing out of %SRCROOT%.
		abs := filepath.Join(cwd, filepath.FromSlash(rel))
		loc.PhysicalLocation.ArtifactLocation = sarifArtifactLoc{URI: fileURI(abs, false)}
	default:
		loc.PhysicalLocation.ArtifactLocation = sarifArtifactLoc{
			URI:       (&url.URL{Path: rel}).String(),
			URIBaseID: sarifSrcRootID,
		}
	}
	if p.Line > 0 {
		r := &sarifRegion{StartLine: p.Line}
		if p.Column > 0 {
			if c, ok := cols.utf16Column(p.Filename, p.Line, p.Column); ok {
				r.StartColumn = c
			}
		}
		loc.PhysicalLocation.Region = r
	}
	return loc, true
}

// fileURI returns the file URI of an absolute path, ending in a slash when
// dir is set: "/work/x" becomes "file:///work/x", `C:\x` "file:///C:/x".
func fileURI(path string, dir bool) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if dir && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
