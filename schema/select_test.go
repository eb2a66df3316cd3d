package schema

import (
	"testing"

	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/build"
	"cuelang.org/go/cue/parser"
)

func TestJudgeData(t *testing.T) {
	tests := []struct {
		name, kind, src string
		want            verdict
	}{
		{"spec", "json", `{"workspaces": {}}`, isSpec},
		{"quotas only", "yaml", "quotas: {}\n", isSpec},
		{"with $schema", "json", `{"$schema": "x", "workspaces": {}}`, isSpec},
		{"misspelt alone", "json", `{"workspace": {}}`, isSpec},
		{"misspelt case", "yaml", "Quotas: {}\n", isSpec},
		{"misspelt beside", "yaml", "workspaces: {}\nquota: {}\n", isSpec},
		{"template", "json", `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "metadata": {"_generator": {"name": "amlc"}}, "resources": []}`, amlcOutput},
		{"another tool's template", "json", `{"metadata": {"_generator": {"name": "bicep"}}, "resources": []}`, notSpec},
		{"plan", "json", `{"formatVersion": "1", "generator": "amlc", "changes": []}`, amlcOutput},
		{"plan without the marker", "json", `{"formatVersion": "1", "changes": []}`, amlcOutput},
		{"az ml compute", "yaml", "name: cpu\ntype: amlcompute\nsize: STANDARD_DS3_v2\n", notSpec},
		{"package.json", "json", `{"name": "tools"}`, notSpec},
		{"a list", "json", `[1, 2]`, notSpec},
		{"a YAML list", "yaml", "- 1\n- 2\n", notSpec},
		{"empty YAML", "yaml", "", notSpec},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeTemp(t, "f."+tt.kind, tt.src)
			p, ds := parseFile(nil, inputFile{path: path, abs: path, kind: tt.kind})
			if len(ds) > 0 {
				t.Fatal(ds)
			}
			if got := judgeData(p); got != tt.want {
				t.Errorf("judgeData = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestJudgePackage(t *testing.T) {
	tests := []struct {
		name string
		srcs []string
		want verdict
	}{
		{"workspaces", []string{"package p\nworkspaces: {}\n"}, isSpec},
		{"in another file", []string{"package p\nx: 1\n", "package p\nquotas: {}\n"}, isSpec},
		{"defaults", []string{"package p\nsubscription: \"x\"\nlocation: \"y\"\n"}, notSpec},
		{"definitions only", []string{"package p\n#Base: {a: 1}\n_hidden: 2\nlet x = 3\n"}, isSpec},
		{"embedding", []string{"package p\n#S & {x: 1}\n"}, isSpec},
		{"comprehension", []string{"package p\nfor k, v in {a: 1} {(k): v}\n"}, isSpec},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var files []*ast.File
			for _, src := range tt.srcs {
				f, err := parser.ParseFile("p.cue", src)
				if err != nil {
					t.Fatal(err)
				}
				files = append(files, f)
			}
			if got := judgePackage(files); got != tt.want {
				t.Errorf("judgePackage = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestRisky(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{`x: 1 + 2`, false},
		{`x: 2 * 3`, false},
		{`x: -2 * (3.5)`, false},
		{`import "strings"` + "\n" + `x: strings.ToLower("A")`, false},
		{`import "strings"` + "\n" + `x: strings.Repeat("a", 3)`, true},
		{`import s "strings"` + "\n" + `r: s.Repeat` + "\n" + `x: r("a", 3)`, true},
		{`import "list"` + "\n" + `x: list.Repeat([1], 3)`, true},
		{`y: "ab"` + "\n" + `x: y * 3`, true},
		{`n: 3` + "\n" + `x: "ab" * n`, true},
	}
	for _, tt := range tests {
		f, err := parser.ParseFile("a.cue", tt.src)
		if err != nil {
			t.Fatal(err)
		}
		inst := build.NewContext().NewInstance("", nil)
		if err := inst.AddSyntax(f); err != nil {
			t.Fatal(err)
		}
		if got := risky(&packages{insts: []*build.Instance{inst}}); got != tt.want {
			t.Errorf("risky(%q) = %v, want %v", tt.src, got, tt.want)
		}
	}
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := t.TempDir() + "/" + name
	writeFile(t, path, []byte(content))
	return path
}
