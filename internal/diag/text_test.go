package diag

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// testCwd returns an absolute working directory for renderer tests and a
// function that names a file inside it by a slash-separated relative path.
func testCwd(t *testing.T) (string, func(string) string) {
	t.Helper()
	cwd := t.TempDir()
	return cwd, func(rel string) string { return filepath.Join(cwd, filepath.FromSlash(rel)) }
}

func TestWriteText(t *testing.T) {
	cwd, in := testCwd(t)
	outside := filepath.Join(t.TempDir(), "x.cue")
	tests := []struct {
		name string
		ds   Diagnostics
		want string
	}{
		{"none", nil, ""},
		{
			"full position",
			Diagnostics{Errorf("nodes/min-gt-max", Pos{in("specs/a.cue"), 3, 5}, "p", "minNodes (5) is larger than maxNodes (2)")},
			"specs/a.cue:3:5: error: minNodes (5) is larger than maxNodes (2) [nodes/min-gt-max]\n",
		},
		{
			"subject",
			Diagnostics{func() Diagnostic {
				d := Errorf("schema/enum", Pos{in("a.cue"), 16, 15}, "p", "priority must be one of")
				d.Subject = "ml-prod/cpu-beta"
				return d
			}()},
			"a.cue:16:15: error: ml-prod/cpu-beta: priority must be one of [schema/enum]\n",
		},
		{
			"line without column",
			Diagnostics{Warnf("cost/min-nodes", Pos{in("a.cue"), 7, 0}, "", "minNodes is 2")},
			"a.cue:7: warning: minNodes is 2 [cost/min-nodes]\n",
		},
		{
			"file without line",
			Diagnostics{Errorf("input/encoding", Pos{Filename: in("b.yaml")}, "", "not valid UTF-8")},
			"b.yaml: error: not valid UTF-8 [input/encoding]\n",
		},
		{
			"note",
			Diagnostics{Notef("input/skipped", Pos{Filename: in("specs/plan.json")}, "", "left out")},
			"specs/plan.json: note: left out [input/skipped]\n",
		},
		{
			"no position",
			Diagnostics{Errorf("input/empty", Pos{}, "", "no spec files in .")},
			"amlc: error: no spec files in . [input/empty]\n",
		},
		{
			"outside cwd and relative names",
			Diagnostics{
				Errorf("schema/type", Pos{outside, 1, 2}, "", "outside"),
				Errorf("schema/type", Pos{filepath.FromSlash("./rel/c.cue"), 4, 1}, "", "relative"),
			},
			filepath.ToSlash(outside) + ":1:2: error: outside [schema/type]\n" +
				"rel/c.cue:4:1: error: relative [schema/type]\n",
		},
		{
			"detail and related",
			Diagnostics{
				Errorf("name/duplicate", Pos{in("a.cue"), 10, 3}, "", `compute name "gpu" is used twice in westeurope`).
					WithDetail("Compute names are unique per region.\n\nRename one of them.  \n").
					WithRelated(Pos{in("b/b.cue"), 2, 9}, Pos{outside, 5, 0}),
				Warnf("region/unknown", Pos{in("a.cue"), 11, 1}, "", "unknown region"),
			},
			"a.cue:10:3: error: compute name \"gpu\" is used twice in westeurope [name/duplicate]\n" +
				"    Compute names are unique per region.\n" +
				"\n" +
				"    Rename one of them.\n" +
				"    see also b/b.cue:2:9\n" +
				"    see also " + filepath.ToSlash(outside) + ":5\n" +
				"a.cue:11:1: warning: unknown region [region/unknown]\n",
		},
		{
			"CRLF detail",
			Diagnostics{Errorf("schema/enum", Pos{in("a.cue"), 1, 1}, "", "bad").WithDetail("one\r\ntwo\r\n")},
			"a.cue:1:1: error: bad [schema/enum]\n    one\n    two\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := WriteText(&b, tt.ds, cwd); err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	e := Errorf("schema/type", Pos{}, "", "e")
	w := Warnf("cost/min-nodes", Pos{}, "", "w")
	n := Notef("policy/modify", Pos{}, "", "n")
	tests := []struct {
		ds   Diagnostics
		want string
	}{
		{nil, "no problems"},
		{Diagnostics{e}, "1 error"},
		{Diagnostics{w}, "1 warning"},
		{Diagnostics{e, e, w}, "2 errors, 1 warning"},
		{Diagnostics{e, w, w, w}, "1 error, 3 warnings"},
		{Diagnostics{w, w}, "2 warnings"},
		{Diagnostics{n}, "no problems, 1 note"},
		{Diagnostics{e, n, w, n}, "1 error, 1 warning, 2 notes"},
	}
	for _, tt := range tests {
		if got := Summary(tt.ds); got != tt.want {
			t.Errorf("Summary(%d errors/warnings) = %q, want %q", len(tt.ds), got, tt.want)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }

var errWrite = errors.New("write failed")

func TestWritersReportWriteErrors(t *testing.T) {
	ds := Diagnostics{Errorf("schema/type", Pos{}, "", "e")}
	writers := map[string]func() error{
		"text":   func() error { return WriteText(failWriter{}, ds, "") },
		"json":   func() error { return WriteJSON(failWriter{}, ds, "") },
		"sarif":  func() error { return WriteSARIF(failWriter{}, ds, "", "1.0.0") },
		"github": func() error { return WriteGitHub(failWriter{}, ds, "") },
	}
	for name, write := range writers {
		if err := write(); err != errWrite {
			t.Errorf("%s: error = %v, want %v", name, err, errWrite)
		}
	}
}
