package diag

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteGitHub(t *testing.T) {
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
			Diagnostics{Errorf("nodes/min-gt-max", Pos{in("specs/a.cue"), 3, 5}, "", "minNodes (5) is larger than maxNodes (2)")},
			"::error file=specs/a.cue,line=3,col=5,title=nodes/min-gt-max::minNodes (5) is larger than maxNodes (2)\n",
		},
		{
			"warning, line without column",
			Diagnostics{Warnf("cost/min-nodes", Pos{in("a.cue"), 7, 0}, "", "minNodes is 2")},
			"::warning file=a.cue,line=7,title=cost/min-nodes::minNodes is 2\n",
		},
		{
			"note",
			Diagnostics{Notef("input/skipped", Pos{Filename: in("specs/plan.json")}, "", "left out")},
			"::notice file=specs/plan.json,title=input/skipped::left out\n",
		},
		{
			"file without line",
			Diagnostics{Errorf("input/encoding", Pos{Filename: in("b.yaml")}, "", "not valid UTF-8")},
			"::error file=b.yaml,title=input/encoding::not valid UTF-8\n",
		},
		{
			"no position",
			Diagnostics{Errorf("input/empty", Pos{}, "", "no spec files in .")},
			"::error title=input/empty::no spec files in .\n",
		},
		{
			"outside cwd",
			Diagnostics{Errorf("schema/type", Pos{outside, 1, 2}, "", "outside")},
			"::error file=" + escapeGitHubProperty(filepath.ToSlash(outside)) + ",line=1,col=2,title=schema/type::outside\n",
		},
		{
			"detail and related after newlines",
			Diagnostics{
				Errorf("name/duplicate", Pos{in("a.cue"), 10, 3}, "", `name "gpu" is used twice`).
					WithDetail("Names are unique per region.\nRename one.\n").
					WithRelated(Pos{in("b.cue"), 2, 9}),
			},
			"::error file=a.cue,line=10,col=3,title=name/duplicate::name \"gpu\" is used twice%0ANames are unique per region.%0ARename one.%0Asee also b.cue:2:9\n",
		},
		{
			"escaping",
			Diagnostics{
				Errorf("schema/invalid", Pos{in("we,ird/a:b%.cue"), 1, 1}, "", "100% wrong: a, b\r\nc::d").
					WithDetail("50%\r\nmore"),
			},
			"::error file=we%2Cird/a%3Ab%25.cue,line=1,col=1,title=schema/invalid::100%25 wrong: a, b%0D%0Ac::d%0A50%25%0Amore\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := WriteGitHub(&b, tt.ds, cwd); err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestGitHubEscaping(t *testing.T) {
	tests := []struct {
		in, data, property string
	}{
		{"plain text", "plain text", "plain text"},
		{"%", "%25", "%25"},
		{"%0A", "%250A", "%250A"},
		{"a\nb", "a%0Ab", "a%0Ab"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"a:b,c", "a:b,c", "a%3Ab%2Cc"},
		{"::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"},
		{"100%,\n:", "100%25,%0A:", "100%25%2C%0A%3A"},
	}
	for _, tt := range tests {
		if got := escapeGitHubData(tt.in); got != tt.data {
			t.Errorf("escapeGitHubData(%q) = %q, want %q", tt.in, got, tt.data)
		}
		if got := escapeGitHubProperty(tt.in); got != tt.property {
			t.Errorf("escapeGitHubProperty(%q) = %q, want %q", tt.in, got, tt.property)
		}
	}
}
