package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/amlc-dev/amlc/internal/testkit"
)

// TestBashCompletion sources `amlc completion bash` in bash and asks it to
// complete command lines, as bash does on Tab.
func TestBashCompletion(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		testkit.Unavailable(t, "bash is not installed", "install bash (scripts/test.sh needs it too)")
	}
	var script, stderr bytes.Buffer
	if code := run([]string{"completion", "bash"}, &script, &stderr); code != 0 {
		t.Fatalf("amlc completion bash: exit %d: %s", code, stderr.String())
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "amlc.bash"), script.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		line []string // the words, the last one being completed
		want string   // COMPREPLY, space-separated
	}{
		{[]string{"amlc", ""}, "vet build diff apply import schema completion help version"},
		{[]string{"amlc", "v"}, "vet version"},
		{[]string{"amlc", "vet", "--fo"}, "--format"},
		{[]string{"amlc", "vet", "--format", ""}, "text json sarif github"},
		{[]string{"amlc", "vet", "--format", "=", "s"}, "sarif"},
		{[]string{"amlc", "diff", "--fail-on", "r"}, "replace"},
		{[]string{"amlc", "build", "--o"}, "--output --only"},
		{[]string{"amlc", "build", "-o", ""}, ""}, // file names (complete -o default)
		{[]string{"amlc", "schema", "--format", ""}, "cue jsonschema"},
		{[]string{"amlc", "help", "i"}, "import"},
		{[]string{"amlc", "completion", "p"}, "powershell"},
		{[]string{"amlc", "vet", "spec", ""}, ""}, // file names
	}
	for _, tt := range tests {
		var words []string
		for _, w := range tt.line {
			words = append(words, "'"+w+"'")
		}
		prog := "source amlc.bash\nCOMP_WORDS=(" + strings.Join(words, " ") + ")\nCOMP_CWORD=" +
			strconv.Itoa(len(tt.line)-1) + "\n_amlc\necho \"${COMPREPLY[*]}\"\n"
		cmd := exec.Command(bash, "--norc", "--noprofile", "-c", prog)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%q: bash: %v\n%s", tt.line, err, out)
		}
		if got := strings.TrimSpace(string(out)); got != tt.want {
			t.Errorf("%q completes to %q, want %q", tt.line, got, tt.want)
		}
	}
	// Every flag of every command is offered.
	for _, c := range describeCommands() {
		for _, f := range c.flags {
			if !strings.Contains(script.String(), "--"+f.long) {
				t.Errorf("the bash script does not complete %s --%s", c.name, f.long)
			}
		}
	}
}
