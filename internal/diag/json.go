package diag

import (
	"encoding/json"
	"io"
)

// jsonReport is the document WriteJSON writes.
type jsonReport struct {
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
	Errors      int              `json:"errors"`
	Warnings    int              `json:"warnings"`
	Notes       int              `json:"notes,omitempty"`
}

// jsonDiagnostic is a Diagnostic as WriteJSON writes it: its fields and JSON
// names, with the severity spelled out and file names relative to cwd.
type jsonDiagnostic struct {
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail,omitempty"`
	Path     string `json:"path,omitempty"`
	Pos      Pos    `json:"position"`
	Related  []Pos  `json:"related,omitempty"`
}

// WriteJSON writes ds for programs as one JSON document, indented by two
// spaces and ended by a newline:
//
//	{
//	  "diagnostics": [
//	    {
//	      "severity": "error",
//	      "code": "nodes/min-gt-max",
//	      "summary": "...",
//	      "detail": "...",
//	      "path": "...",
//	      "position": {"file": "specs/a.cue", "line": 3, "column": 5},
//	      "related": [{"file": "...", "line": 1, "column": 1}]
//	    }
//	  ],
//	  "errors": 1,
//	  "warnings": 0,
//	  "notes": 2
//	}
//
// Diagnostics keep the order given. File names are made relative to cwd by
// RelPath. An empty detail, path or related list is left out; a position
// without a file is {}. No diagnostics is "diagnostics": [], never null.
// "notes" is left out when there are none.
func WriteJSON(w io.Writer, ds Diagnostics, cwd string) error {
	r := jsonReport{Diagnostics: make([]jsonDiagnostic, 0, len(ds))}
	r.Errors, r.Warnings = ds.Count()
	r.Notes = ds.Notes()
	for _, d := range ds {
		jd := jsonDiagnostic{
			Severity: d.Severity.String(),
			Code:     d.Code,
			Summary:  d.Summary,
			Detail:   d.Detail,
			Path:     d.Path,
			Pos:      relPos(cwd, d.Pos),
		}
		for _, p := range d.Related {
			jd.Related = append(jd.Related, relPos(cwd, p))
		}
		r.Diagnostics = append(r.Diagnostics, jd)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
