package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/amlc-dev/amlc/compiler"
	"github.com/amlc-dev/amlc/internal/armfake"
)

// The live plan: `amlc diff --live` of a changed repository against
// cmd/armfake, a fake ARM endpoint on loopback that holds the base
// repository's clusters and answers every request after a latency, with
// --parallel given. The fake counts what it served (its control API,
// armfake --control): before each run the benchmark resets it, after each
// run it reads the requests received and the most in flight at once.
// Nothing here can reach Azure: the endpoint is checked to be a loopback
// URL before any command runs, and it is passed both as --arm-endpoint and
// AMLC_ARM_ENDPOINT.

// liveShape is the repository the live plan runs on: 500 clusters in 25
// workspaces (20 per workspace, as in the 1,000-cluster repository), or
// for -small 100 in 20, more workspaces than --parallel so that the bound
// is exercised.
func liveShape(small bool) shape {
	if small {
		return shape{clusters: 100, workspaces: 20}
	}
	return shape{clusters: 500, workspaces: 25}
}

// livePageSize is the fake's computes per list page.
const livePageSize = 100

// liveBench is the live measurement.
type liveBench struct {
	shape    shape
	latency  time.Duration
	parallel int
	arm      *fakeARM
	cmd      *command
	// served is what the fake counted in each run of cmd, in order, the
	// warm-up run included.
	served []armfake.Stats
}

// setupLive generates the live repository and its changed copy, seeds
// armfake with the base's clusters and starts it, and makes the command.
// The caller stops the fake (lb.arm.stop, nil-safe), error or not.
func setupLive(cfg config, root, tmp, amlc string, log io.Writer) (*liveBench, error) {
	lb := &liveBench{shape: liveShape(cfg.small), latency: cfg.latency, parallel: cfg.parallel}
	fmt.Fprintf(log, "bench: generating %s for the live plan\n", lb.shape)
	base := generate(lb.shape, cfg.seed)
	changed, kinds := mutate(base)
	dir := fmt.Sprintf("live-%d", lb.shape.clusters)
	if err := base.write(filepath.Join(tmp, dir), base, changed); err != nil {
		return lb, err
	}
	if err := changed.write(filepath.Join(tmp, dir+"-changed"), base, changed); err != nil {
		return lb, err
	}
	if out, err := runIn(tmp, amlc, "build", "-o", "./"+dir+"-templates", "./"+dir); err != nil {
		return lb, fmt.Errorf("amlc build for armfake: %v\n%s", err, out)
	}
	acfg, err := liveConfig(base, filepath.Join(tmp, dir+"-templates"))
	if err != nil {
		return lb, err
	}
	fmt.Fprintf(log, "bench: starting armfake with the %d base clusters (latency %s)\n", lb.shape.clusters, cfg.latency)
	if lb.arm, err = startARM(root, tmp, acfg, cfg.latency); err != nil {
		return lb, err
	}
	lb.cmd = &command{
		label:    fmt.Sprintf("amlc diff --live --parallel %d (armfake, %s/request)", cfg.parallel, cfg.latency),
		clusters: lb.shape.clusters, dir: tmp,
		argv: []string{amlc, "diff", "--live", "--parallel", strconv.Itoa(cfg.parallel),
			"--arm-endpoint", lb.arm.url, "./" + dir + "-changed"},
		env: lb.arm.env(),
		pre: lb.arm.reset,
		post: func() error {
			st, err := lb.arm.stats()
			if err != nil {
				return err
			}
			if st.Requests == 0 {
				return errors.New("amlc diff --live sent armfake no request")
			}
			lb.served = append(lb.served, st)
			return nil
		},
		check: planLine(kinds),
	}
	return lb, nil
}

// requests is the number of requests of the timed runs, as the smallest
// and largest count (equal unless amlc retried).
func (lb *liveBench) requests() (lo, hi int) {
	timed := lb.served[len(lb.served)-len(lb.cmd.samples):]
	lo, hi = timed[0].Requests, timed[0].Requests
	for _, st := range timed[1:] {
		lo, hi = min(lo, st.Requests), max(hi, st.Requests)
	}
	return lo, hi
}

// bound is ceil(requests / parallel) × latency: the time n requests take
// when --parallel of them are always in flight and nothing else costs.
func (lb *liveBench) bound(n int) time.Duration {
	return time.Duration((n+lb.parallel-1)/lb.parallel) * lb.latency
}

// peakInFlight is the most requests in flight at once over every run.
func (lb *liveBench) peakInFlight() int {
	m := 0
	for _, st := range lb.served {
		m = max(m, st.MaxInFlight)
	}
	return m
}

// fakeARM is a running armfake.
type fakeARM struct {
	cmd    *exec.Cmd
	url    string
	cert   string
	client *http.Client // trusts the fake's certificate, for its control API
}

func (f *fakeARM) stop() {
	if f != nil && f.cmd != nil && f.cmd.Process != nil {
		_ = f.cmd.Process.Kill() // our own child, by its handle
		_ = f.cmd.Wait()
	}
}

// reset restores the fake's seeded state and zeroes its counts.
func (f *fakeARM) reset() error {
	res, err := f.client.Post(f.url+armfake.ControlPrefix+"reset", "", nil)
	if err != nil {
		return fmt.Errorf("armfake reset: %v", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusNoContent {
		return fmt.Errorf("armfake reset: %s", res.Status)
	}
	return nil
}

// stats reads the fake's counts.
func (f *fakeARM) stats() (armfake.Stats, error) {
	var st armfake.Stats
	res, err := f.client.Get(f.url + armfake.ControlPrefix + "stats")
	if err != nil {
		return st, fmt.Errorf("armfake stats: %v", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return st, fmt.Errorf("armfake stats: %s", res.Status)
	}
	if err := json.NewDecoder(res.Body).Decode(&st); err != nil {
		return st, fmt.Errorf("armfake stats: %v", err)
	}
	return st, nil
}

var paramExpr = regexp.MustCompile(`"\[parameters\('[^']*'\)\]"`)

// liveConfig makes armfake's options (its --config JSON): the workspaces of rp, and as
// existing computes the resources of the ARM templates amlc built for rp
// in templatesDir (a template resource is the body of the PUT that
// creates it; secure parameters become a dummy password).
func liveConfig(rp *repo, templatesDir string) (*armfake.Options, error) {
	cfg := &armfake.Options{PageSize: livePageSize, Control: true}
	byKey := map[string]armfake.Workspace{}
	for _, ws := range rp.workspaces {
		w := armfake.Workspace{Subscription: ws.sub, ResourceGroup: ws.rg, Name: ws.key, Location: ws.location}
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
			// amlc names a cluster as bicep build names a child:
			// [format('{0}/{1}', 'workspace', 'cluster')].
			wsKey, cluster, ok := compiler.SplitChildName(name)
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
			cfg.Computes = append(cfg.Computes, armfake.SeedCompute{Subscription: w.Subscription, ResourceGroup: w.ResourceGroup,
				Workspace: w.Name, Name: cluster, Body: json.RawMessage(body)})
		}
	}
	if len(cfg.Computes) != rp.clusterCount() {
		return nil, fmt.Errorf("seeded %d computes, want %d", len(cfg.Computes), rp.clusterCount())
	}
	return cfg, nil
}

// startARM builds cmd/armfake and starts it with cfg and latency. It runs
// in the module root, where it finds the recorded catalog it serves. On an
// error, nothing is left running.
func startARM(root, tmp string, cfg *armfake.Options, latency time.Duration) (*fakeARM, error) {
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
	// armfake prints "export AMLC_ARM_ENDPOINT=URL SSL_CERT_FILE=… …".
	select {
	case l := <-line:
		for _, kv := range strings.Fields(strings.TrimPrefix(l, "export ")) {
			if v, ok := strings.CutPrefix(kv, "AMLC_ARM_ENDPOINT="); ok {
				f.url = v
			}
		}
	case <-time.After(30 * time.Second):
	}
	if !strings.HasPrefix(f.url, "https://127.0.0.1:") && !strings.HasPrefix(f.url, "https://[::1]:") {
		f.stop()
		log, _ := os.ReadFile(filepath.Join(tmp, "armfake.log"))
		return nil, fmt.Errorf("armfake did not print a loopback URL (got %q):\n%s", f.url, log)
	}
	pem, err := os.ReadFile(f.cert)
	if err != nil {
		f.stop()
		return nil, err
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		f.stop()
		return nil, fmt.Errorf("armfake wrote no certificate to %s", f.cert)
	}
	f.client = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}
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
