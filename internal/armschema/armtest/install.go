package armtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// installOracle installs the oracle's pinned packages with `npm ci` when
// npm is on PATH and they are missing, so that `go test ./...` in a fresh
// clone runs the Bicep checks as scripts/test.sh does. Test binaries of
// several packages may get here at once: one installs, the others wait
// for it under a lock file in dir, then find the packages there.
func installOracle(dir string, manifest map[string]string) error {
	npm, err := exec.LookPath("npm")
	if err != nil {
		return fmt.Errorf("npm is not on PATH to install them")
	}
	unlock, err := lockDir(filepath.Join(dir, ".install.lock"), 10*time.Minute, 15*time.Minute)
	if err != nil {
		return err
	}
	defer unlock()
	if missingPackage(dir, manifest) == "" {
		return nil // another test binary installed them while this one waited
	}
	cmd := exec.Command(npm, "ci", "--prefix", dir, "--no-audit", "--no-fund", "--loglevel=error")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm ci --prefix %s: %v\n%s", dir, err, strings.TrimSpace(out.String()))
	}
	if name := missingPackage(dir, manifest); name != "" {
		return fmt.Errorf("npm ci --prefix %s did not install %s", dir, name)
	}
	return nil
}

// missingPackage is the first package of the manifest that node_modules
// lacks, or "".
func missingPackage(dir string, manifest map[string]string) string {
	for name := range manifest {
		data, err := os.ReadFile(filepath.Join(dir, "node_modules", name, "package.json"))
		if err != nil {
			return name
		}
		var got struct{ Version string }
		if json.Unmarshal(data, &got) != nil || got.Version == "" {
			return name
		}
	}
	return ""
}

// lockDir takes the lock file at path: it creates the file exclusively,
// waiting (up to wait) while another process holds it. A lock file older
// than stale is left over from a process that died, and is taken over.
func lockDir(path string, wait, stale time.Duration) (unlock func(), err error) {
	deadline := time.Now().Add(wait)
	for {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err == nil {
			fmt.Fprintf(f, "%d\n", os.Getpid())
			f.Close()
			return func() { os.Remove(path) }, nil
		}
		if !os.IsExist(err) {
			return nil, err
		}
		if st, serr := os.Stat(path); serr == nil && time.Since(st.ModTime()) > stale {
			os.Remove(path)
			continue
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("waited %v for %s, which another test binary holds", wait, path)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
