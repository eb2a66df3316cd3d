package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// The optional live plan (-live): `amlc diff --live` of the changed
// repository against cmd/armfake, a fake ARM endpoint on loopback that
// holds the base repository's clusters and answers every request after a
// latency. Nothing here can reach Azure: the endpoint is checked to be a
// loopback URL before any command runs, and it is passed both as
// --arm-endpoint and AMLC_ARM_ENDPOINT.

// fakeARM is a running armfake.
type fakeARM struct {
	cmd  *exec.Cmd
	url  string
	cert string
}

func (f *fakeARM) stop() {
	if f != nil && f.cmd != nil && f.cmd.Process != nil {
		_ = f.cmd.Process.Kill() // our own child, by its handle
		_ = f.cmd.Wait()
	}
}

// armfakeConfig is the part of armfake.Options (its --config JSON) the
// benchmark sets.
type armfakeConfig struct {
	Workspaces []armfakeWorkspace
	Computes   []armfakeCompute
	PageSize   int
}

type armfakeWorkspace struct {
	Subscription, ResourceGroup, Name, Location string
}

type armfakeCompute struct {
	Subscription, ResourceGroup, Workspace, Name string
	Body                                         json.RawMessage
}

var paramExpr = regexp.MustCompile(`"\[parameters\('[^']*'\)\]"`)

// liveConfig makes armfake's configuration: the workspaces of rp, and as
// existing computes the resources of the ARM templates amlc built for rp
// in templatesDir (a template resource is the body of the PUT that
// creates it; secure parameters become a dummy password).
func liveConfig(rp *repo, templatesDir string) (*armfakeConfig, error) {
	cfg := &armfakeConfig{PageSize: 100}
	byKey := map[string]armfakeWorkspace{}
	for _, ws := range rp.workspaces {
		w := armfakeWorkspace{Subscription: ws.sub, ResourceGroup: ws.rg, Name: ws.key, Location: ws.location}
		byKey[ws.key] = w
		cfg.Workspaces = append(cfg.Workspaces, w)
	}
	files, err := filepath.Glob(filepath.Join(templatesDir, "*.json"))
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var t struct {
			Resources []map[string]json.RawMessage `json:"resources"`
		}
		if err := json.Unmarshal(data, &t); err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		for _, r := range t.Resources {
			var name string
			if err := json.Unmarshal(r["name"], &name); err != nil {
				return nil, fmt.Errorf("%s: resource name: %v", f, err)
			}
			wsKey, cluster, ok := strings.Cut(name, "/")
			w, known := byKey[wsKey]
			if !ok || !known {
				return nil, fmt.Errorf("%s: resource %q is not a cluster of a generated workspace", f, name)
			}
			for _, k := range []string{"type", "apiVersion", "name", "dependsOn"} {
				delete(r, k)
			}
			body, err := json.Marshal(r)
			if err != nil {
				return nil, err
			}
			body = paramExpr.ReplaceAll(body, []byte(`"Bench-Passw0rd!"`))
			if strings.Contains(string(body), `"[`) {
				return nil, fmt.Errorf("%s: resource %q holds a template expression the benchmark cannot seed", f, name)
			}
			cfg.Computes = append(cfg.Computes, armfakeCompute{Subscription: w.Subscription, ResourceGroup: w.ResourceGroup,
				Workspace: w.Name, Name: cluster, Body: body})
		}
	}
	if len(cfg.Computes) != rp.clusterCount() {
		return nil, fmt.Errorf("seeded %d computes, want %d", len(cfg.Computes), rp.clusterCount())
	}
	return cfg, nil
}

// startARM builds cmd/armfake and starts it with cfg and latency. It runs
// in the module root, where it finds the recorded catalog it serves.
func startARM(root, tmp string, cfg *armfakeConfig, latency time.Duration) (*fakeARM, error) {
	bin := filepath.Join(tmp, "bin", "armfake")
	if err := goCmd(root, nil, "build", "-o", bin, "./cmd/armfake"); err != nil {
		return nil, fmt.Errorf("-live needs cmd/armfake: %v", err)
	}
	data, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	cfgFile := filepath.Join(tmp, "armfake.json")
	if err := os.WriteFile(cfgFile, data, 0o644); err != nil {
		return nil, err
	}
	f := &fakeARM{cert: filepath.Join(tmp, "armfake.pem")}
	f.cmd = exec.Command(bin, "--config", cfgFile, "--cert-out", f.cert, "--latency", latency.String())
	f.cmd.Dir = root
	stderr, err := os.Create(filepath.Join(tmp, "armfake.log"))
	if err != nil {
		return nil, err
	}
	defer stderr.Close()
	f.cmd.Stderr = stderr
	out, err := f.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := f.cmd.Start(); err != nil {
		return nil, err
	}
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(out).ReadString('\n')
		line <- strings.TrimSpace(s)
		_, _ = io.Copy(io.Discard, out)
	}()
	select {
	case f.url = <-line:
	case <-time.After(30 * time.Second):
	}
	if !strings.HasPrefix(f.url, "https://127.0.0.1:") && !strings.HasPrefix(f.url, "https://[::1]:") {
		f.stop()
		log, _ := os.ReadFile(filepath.Join(tmp, "armfake.log"))
		return nil, fmt.Errorf("armfake did not print a loopback URL (got %q):\n%s", f.url, log)
	}
	return f, nil
}

// env is what amlc needs to talk to the fake.
func (f *fakeARM) env() []string {
	return []string{"SSL_CERT_FILE=" + f.cert, "AMLC_ARM_ENDPOINT=" + f.url, "AMLC_ACCESS_TOKEN=bench"}
}

// planLine checks the summary line of a text plan.
func planLine(kinds map[string]int) func(stdout, stderr []byte) error {
	want := fmt.Sprintf("Plan: 0 to create, %d to update, %d to replace, 0 to delete.", kinds["scale"]+kinds["tags"], kinds["vmSize"])
	return contains(want)
}
