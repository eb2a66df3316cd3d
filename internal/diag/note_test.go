package diag

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestNote: a note is written as "note" (text, SARIF, JSON) and "notice"
// (GitHub), and counts as neither an error nor a warning.
func TestNote(t *testing.T) {
	ds := Diagnostics{Notef("policy/modify", Pos{Filename: "/w/a.cue", Line: 9, Column: 3}, "x", "Azure Policy would set disableLocalAuth to true")}
	if e, w := ds.Count(); e != 0 || w != 0 || ds.Notes() != 1 || ds.HasErrors() {
		t.Fatalf("Count = %d, %d; Notes = %d", e, w, ds.Notes())
	}
	var b bytes.Buffer
	if err := WriteText(&b, ds, "/w"); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "a.cue:9:3: note: Azure Policy would set disableLocalAuth to true [policy/modify]\n"; got != want {
		t.Errorf("text: %q, want %q", got, want)
	}
	b.Reset()
	if err := WriteGitHub(&b, ds, "/w"); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "::notice file=a.cue,line=9,col=3,title=policy/modify::") {
		t.Errorf("github: %q", b.String())
	}
	b.Reset()
	if err := WriteJSON(&b, ds, "/w"); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Diagnostics []struct{ Severity string }
		Errors      int
		Warnings    int
		Notes       int
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Notes != 1 || doc.Diagnostics[0].Severity != "note" {
		t.Errorf("json: %s", b.String())
	}
	b.Reset()
	if err := WriteSARIF(&b, ds, "/w", "1.2.3"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"level": "note"`) {
		t.Errorf("sarif has no note level: %s", b.String())
	}
}
