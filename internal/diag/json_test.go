package diag

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteJSON(t *testing.T) {
	cwd, in := testCwd(t)
	outside := filepath.Join(t.TempDir(), "x.cue")
	tests := []struct {
		name string
		ds   Diagnostics
		want string
	}{
		{
			"empty list is an array",
			nil,
			`{
  "diagnostics": [],
  "errors": 0,
  "warnings": 0
}
`,
		},
		{
			"all fields",
			Diagnostics{
				Errorf("nodes/min-gt-max", Pos{in("specs/a.cue"), 3, 5}, `workspaces."ml-prod".clusters.gpu.minNodes`, "minNodes (5) > maxNodes (2) & <more>").
					WithDetail("Lower minNodes.\nOr raise maxNodes.").
					WithRelated(Pos{in("specs/b.cue"), 4, 2}, Pos{outside, 1, 1}),
				Warnf("cost/min-nodes", Pos{Filename: in("c.cue")}, "", "billed while idle"),
				Errorf("input/empty", Pos{}, "", "no spec files"),
			},
			`{
  "diagnostics": [
    {
      "severity": "error",
      "code": "nodes/min-gt-max",
      "summary": "minNodes (5) > maxNodes (2) & <more>",
      "detail": "Lower minNodes.\nOr raise maxNodes.",
      "path": "workspaces.\"ml-prod\".clusters.gpu.minNodes",
      "position": {
        "file": "specs/a.cue",
        "line": 3,
        "column": 5
      },
      "related": [
        {
          "file": "specs/b.cue",
          "line": 4,
          "column": 2
        },
        {
          "file": "OUTSIDE",
          "line": 1,
          "column": 1
        }
      ]
    },
    {
      "severity": "warning",
      "code": "cost/min-nodes",
      "summary": "billed while idle",
      "position": {
        "file": "c.cue"
      }
    },
    {
      "severity": "error",
      "code": "input/empty",
      "summary": "no spec files",
      "position": {}
    }
  ],
  "errors": 2,
  "warnings": 1
}
`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := WriteJSON(&b, tt.ds, cwd); err != nil {
				t.Fatal(err)
			}
			want := strings.ReplaceAll(tt.want, "OUTSIDE", jsonEscape(t, filepath.ToSlash(outside)))
			if got := b.String(); got != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
			var v any
			if err := json.Unmarshal([]byte(b.String()), &v); err != nil {
				t.Errorf("output is not JSON: %v", err)
			}
		})
	}
}

// jsonEscape returns s as the inside of a JSON string.
func jsonEscape(t *testing.T, s string) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b[1 : len(b)-1])
}
