package doccheck

import (
	"context"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// demoHeading is the README section whose first sh block is the offline
// demo.
const demoHeading = "### Offline demo against the fake ARM server"

var shBlock = regexp.MustCompile("(?ms)^```sh\n(.*?)^```")

// TestReadmeDemo runs the README's offline demo as a user pastes it into a
// shell at the root of a clone, and checks that it plans the two creates
// and ends with "No changes.".
func TestReadmeDemo(t *testing.T) {
	root, _ := repoFiles(t)
	readme := read(t, root, "README.md")
	i := strings.Index(readme, demoHeading)
	if i < 0 {
		t.Fatalf("README.md has no heading %q", demoHeading)
	}
	m := shBlock.FindStringSubmatch(readme[i:])
	if m == nil {
		t.Fatalf("no sh block under %q", demoHeading)
	}
	block := m[1]
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Fatalf("the demo is a bash script, and bash is not on PATH: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	// The trap only stops a fake the block left running when a command
	// failed; it runs nothing the block does not.
	cmd := exec.CommandContext(ctx, bash, "-c", `trap '[ -n "${ARMFAKE_PID:-}" ] && kill "$ARMFAKE_PID" 2>/dev/null' EXIT`+"\n"+block)
	cmd.Dir = root
	cmd.Env = demoEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the demo failed: %v\n%s\n--- the block:\n%s", err, out, block)
	}
	text := strings.TrimSpace(string(out))
	if !strings.Contains(text, "Plan: 2 to create, 0 to update, 0 to replace, 0 to delete.") {
		t.Errorf("the first diff does not plan the two creates:\n%s", text)
	}
	if !strings.HasSuffix(text, "\nNo changes.") {
		t.Errorf("the demo does not end with \"No changes.\":\n%s", text)
	}
}

// demoEnv is the test's environment without what would point amlc
// elsewhere than the demo says.
func demoEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "AMLC_") || strings.HasPrefix(kv, "SSL_CERT_") || strings.HasPrefix(kv, "ARMFAKE_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}
