package doccheck

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	commandLine = regexp.MustCompile(`(?m)^  ([a-z]+)\s{2,}\S`)
	flagLine    = regexp.MustCompile(`(?m)^\s+(?:-[a-zA-Z], )?--([a-z][a-z0-9-]*)`)
)

// TestCommandsDocumented: every command amlc --help lists has a section of
// docs/commands.md, and every flag its --help lists is named there.
func TestCommandsDocumented(t *testing.T) {
	root, _ := repoFiles(t)
	bin := filepath.Join(t.TempDir(), "amlc")
	build := exec.Command("go", "build", "-o", bin, "./cmd/amlc")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/amlc: %v\n%s", err, out)
	}
	help, _ := exec.Command(bin, "--help").CombinedOutput()
	_, list, ok := strings.Cut(string(help), "Commands:\n")
	if !ok {
		t.Fatalf("amlc --help lists no commands:\n%s", help)
	}
	list, _, _ = strings.Cut(list, "\n\n")
	doc := read(t, root, "docs/commands.md")
	commands := commandLine.FindAllStringSubmatch(list+"\n", -1)
	if len(commands) < 5 {
		t.Fatalf("found %d commands in amlc --help:\n%s", len(commands), help)
	}
	for _, c := range commands {
		name := c[1]
		if !strings.Contains(doc, "## `amlc "+name+"`") {
			t.Errorf("docs/commands.md has no section \"## `amlc %s`\"", name)
		}
		out, _ := exec.Command(bin, name, "--help").CombinedOutput()
		for _, f := range flagLine.FindAllStringSubmatch(string(out), -1) {
			if f[1] == "help" {
				continue
			}
			if !strings.Contains(doc, "`--"+f[1]) && !strings.Contains(doc, ", `--"+f[1]) {
				t.Errorf("docs/commands.md does not name amlc %s --%s", name, f[1])
			}
		}
	}
}
