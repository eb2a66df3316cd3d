// Command bench measures amlc at repository scale against the cue CLI, in
// one run on one machine:
//
//	go run ./bench            # 1,000 and 10,000 clusters, a live plan of 500, 5 runs each
//	go run ./bench -small     # 100 clusters, 1 run: the CI smoke run
//	go run ./bench -live-only # only the live plan of 500 clusters
//	go run ./bench -diff      # only the diffs with one file changed and the vets they are judged by
//
// It generates valid synthetic repositories into a temporary directory,
// builds amlc from this checkout and the cue CLI from the module proxy,
// times `amlc vet`, `amlc build`, `amlc diff --from` and `cue export` of the
// same files with the same schema, and `amlc diff --live` against
// cmd/armfake, a fake ARM endpoint on loopback with a latency per request,
// and prints a table with medians, peak RSS, ratios and the targets. See
// bench/README.md.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/amlc-dev/amlc/internal/azure"
)

const defaultCUEVersion = "v0.17.1"

type config struct {
	runs       int
	small      bool
	strict     bool
	keep       bool
	cueBin     string
	cueVersion string
	seed       uint64
	live       bool
	liveOnly   bool
	latency    time.Duration
	parallel   int
	gc         bool
	diffOnly   bool
	root       string // the amlc checkout
}

func main() {
	var cfg config
	flag.IntVar(&cfg.runs, "runs", 5, "timed runs of each command (after one untimed warm-up run); -small defaults to 1")
	flag.BoolVar(&cfg.small, "small", false, "100 clusters, 1 run, no warm-up: a quick check that the benchmark still works (CI)")
	flag.BoolVar(&cfg.strict, "strict", false, "exit 1 when a target is missed")
	flag.BoolVar(&cfg.keep, "keep", false, "keep the temporary directory (repositories, binaries, outputs) and print its path")
	flag.StringVar(&cfg.cueBin, "cue-bin", "", "use this cue binary instead of installing cuelang.org/go/cmd/cue@VERSION")
	flag.StringVar(&cfg.cueVersion, "cue-version", defaultCUEVersion, "cue CLI version to install from the module proxy")
	flag.Uint64Var(&cfg.seed, "seed", 1, "seed of the synthetic repositories")
	flag.BoolVar(&cfg.live, "live", true, "time `amlc diff --live` against cmd/armfake (a fake ARM endpoint on loopback) holding the base clusters; -live=false skips it")
	flag.BoolVar(&cfg.liveOnly, "live-only", false, "time only `amlc diff --live` (no cue, no other command)")
	flag.DurationVar(&cfg.latency, "live-latency", 50*time.Millisecond, "armfake's delay per request")
	flag.IntVar(&cfg.parallel, "live-parallel", azure.DefaultParallel, "amlc diff --live --parallel `N`")
	flag.BoolVar(&cfg.gc, "gc", false, "only compare the collector's settings: amlc vet of idiomatic repositories of 1,000, 10,000 and 30,000 clusters with amlc's settings, Go's defaults and the former fixed limit, against cue export (several minutes)")
	flag.BoolVar(&cfg.diffOnly, "diff", false, "only the diff rows (plain 1,000 clusters, idiomatic 1,000 and 3,000: --from and --base with one file changed) and the vet and build rows they are judged by (no cue rows, no live plan; ~3 minutes)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./bench [flags]\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	runsSet := false
	flag.Visit(func(f *flag.Flag) { runsSet = runsSet || f.Name == "runs" })
	if cfg.small && !runsSet {
		cfg.runs = 1
	}
	for _, bad := range []struct {
		ok  bool
		msg string
	}{
		{cfg.runs >= 1, "-runs must be at least 1"},
		{cfg.parallel >= 1, "-live-parallel must be at least 1"},
		{cfg.latency > 0, "-live-latency must be positive"},
		{cfg.live || !cfg.liveOnly, "-live-only and -live=false exclude each other"},
		{!cfg.diffOnly || !cfg.liveOnly && !cfg.gc && !cfg.small, "-diff excludes -live-only, -gc and -small"},
	} {
		if !bad.ok {
			fmt.Fprintln(os.Stderr, "bench:", bad.msg)
			os.Exit(2)
		}
	}
	if cfg.diffOnly {
		cfg.live = false
	}
	code, err := run(cfg, os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

// diffRows are the commands -diff measures: the diffs with one file
// changed, and the vet (and build) of the same repository, in the same run.
var diffRows = map[string]bool{
	"vet": true, "build-new": true, "diff": true, "diff1": true, "diff1-base": true,
	"i-vet": true, "i-build": true, "i-diff-from": true, "i-diff-base": true,
	"m-vet": true, "m-diff-from": true, "m-diff-base": true,
}

// shapes are the repositories measured; diffShape is the one the diff runs on.
func shapes(small bool) (all []shape, diffShape shape) {
	if small {
		s := shape{clusters: 100, workspaces: 5}
		return []shape{s}, s
	}
	s := shape{clusters: 1000, workspaces: 50}
	return []shape{s, {clusters: 10000, workspaces: 200}}, s
}

func run(cfg config, stdout, log io.Writer) (int, error) {
	started := time.Now()
	root, err := moduleRoot()
	if err != nil {
		return 0, err
	}
	tmp, err := os.MkdirTemp("", "amlc-bench-")
	if err != nil {
		return 0, err
	}
	if cfg.keep {
		fmt.Fprintln(log, "bench: keeping", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}
	bin := filepath.Join(tmp, "bin")
	loadBefore := loadavg()

	// (b) the binaries.
	amlc := filepath.Join(bin, "amlc")
	fmt.Fprintln(log, "bench: go build ./cmd/amlc")
	if err := goCmd(root, nil, "build", "-o", amlc, "./cmd/amlc"); err != nil {
		return 0, err
	}
	if cfg.gc {
		cfg.root = root
		return 0, runGC(cfg, tmp, amlc, stdout, log)
	}
	var cmds []*command
	var diffCmd *command
	var all []shape
	var diffShape shape
	byKey := map[string]*command{}
	cueVer := ""
	if !cfg.liveOnly {
		all, diffShape = shapes(cfg.small)
		if cfg.diffOnly {
			all = all[:1]
		}
		if cueVer, diffCmd, err = setupOffline(cfg, tmp, amlc, all, diffShape, func(key string, c *command) {
			if cfg.diffOnly && !diffRows[strings.Split(key, "/")[0]] {
				return
			}
			cmds = append(cmds, c)
			byKey[key] = c
		}, log); err != nil {
			return 0, err
		}
	}
	var live *liveBench
	if cfg.live {
		live, err = setupLive(cfg, root, tmp, amlc, log)
		defer live.arm.stop()
		if err != nil {
			return 0, err
		}
		cmds = append(cmds, live.cmd)
	}

	// (c) warm-up (checked), then the timed runs, interleaved so that load
	// from elsewhere falls on every command alike.
	if !cfg.small || cfg.runs > 1 {
		fmt.Fprintln(log, "bench: warm-up run of each command (checked, not timed)")
		for _, c := range cmds {
			if _, o, e, err := c.run(tmp); err != nil {
				return 0, err
			} else if c.check != nil {
				if err := c.check(o, e); err != nil {
					return 0, fmt.Errorf("%s (%d clusters): %v", c.label, c.clusters, err)
				}
			}
		}
	}
	for i := range cfg.runs {
		fmt.Fprintf(log, "bench: run %d of %d\n", i+1, cfg.runs)
		for _, c := range cmds {
			if c.maxRuns > 0 && len(c.samples) >= c.maxRuns {
				continue
			}
			s, o, e, err := c.run(tmp)
			if err != nil {
				return 0, err
			}
			if len(c.samples) == 0 && c.check != nil {
				if err := c.check(o, e); err != nil {
					return 0, fmt.Errorf("%s (%d clusters): %v", c.label, c.clusters, err)
				}
			}
			c.samples = append(c.samples, s)
		}
	}

	// (d) the report.
	var idiom []int
	if !cfg.liveOnly {
		idiom = idiomShapes(cfg)
	}
	rep := &report{cfg: cfg, cmds: cmds, byKey: byKey, all: all, idiom: idiom, diffShape: diffShape, diffCmd: diffCmd, live: live,
		cueVersion: cueVer, loadBefore: loadBefore, loadAfter: loadavg(), root: root, elapsed: time.Since(started)}
	misses := rep.print(stdout)
	if cfg.strict && misses > 0 {
		return 1, nil
	}
	return 0, nil
}

// setupOffline builds or finds the cue CLI, generates the repositories of
// shapes all, checks that both tools reject an invalid one, and adds the
// commands that need no ARM endpoint. It returns cue's version and the
// diff --from command.
func setupOffline(cfg config, tmp, amlc string, all []shape, diffShape shape, add func(string, *command), log io.Writer) (string, *command, error) {
	cue, cueVer, err := cueBinary(cfg, tmp, log)
	if err != nil {
		return "", nil, err
	}

	// (a) the repositories, and a check that both tools reject an invalid one.
	if err := sanity(tmp, amlc, cue, cfg.seed); err != nil {
		return "", nil, err
	}
	if err := checkIdiomCatalog(); err != nil {
		return "", nil, err
	}
	if err := sanityIdiom(tmp, amlc, cue, cfg.seed); err != nil {
		return "", nil, err
	}
	var diffCmd *command
	for _, s := range all {
		fmt.Fprintf(log, "bench: generating %s\n", s)
		base := generate(s, cfg.seed)
		repoDir := fmt.Sprintf("repo-%d", s.clusters)
		quotasFor := []*repo{base}
		var changed, changedOne *repo
		var kinds, kindsOne map[string]int
		if s == diffShape {
			changed, kinds = mutate(base)
			changedOne, kindsOne = mutateOne(base)
			quotasFor = append(quotasFor, changed, changedOne)
			if err := changed.write(filepath.Join(tmp, repoDir+"-changed"), quotasFor...); err != nil {
				return "", nil, err
			}
			if err := changedOne.write(filepath.Join(tmp, repoDir+"-changed1"), quotasFor...); err != nil {
				return "", nil, err
			}
		}
		if err := base.write(filepath.Join(tmp, repoDir), quotasFor...); err != nil {
			return "", nil, err
		}
		cueDir := fmt.Sprintf("cue-%d", s.clusters)
		if err := writeCUEDir(filepath.Join(tmp, repoDir), filepath.Join(tmp, cueDir)); err != nil {
			return "", nil, err
		}
		n := s.clusters
		key := func(name string) string { return fmt.Sprintf("%s/%d", name, n) }
		add(key("vet"), &command{label: "amlc vet", clusters: n, dir: tmp,
			argv:  []string{amlc, "vet", "./" + repoDir},
			check: vetClean(s)})
		// The same through CUE: the repositories are plain data, which
		// amlc merges in Go; this row shows what specs that use CUE's
		// language (references, comprehensions) cost.
		add(key("vet-cue"), &command{label: "amlc vet, AMLC_EVAL=cue (CUE path)", clusters: n, dir: tmp,
			argv:  []string{amlc, "vet", "./" + repoDir},
			env:   []string{"AMLC_EVAL=cue"},
			check: vetClean(s)})
		// Into a new directory (every file written), and over its own
		// previous output (the steady state of a repository with
		// committed templates: build rewrites only files that change).
		fresh := filepath.Join(tmp, "new-"+repoDir)
		add(key("build-new"), &command{label: "amlc build -o (vet+build, new dir)", clusters: n, dir: tmp,
			argv:  []string{amlc, "build", "-o", "./new-" + repoDir, "./" + repoDir},
			pre:   func() error { return os.RemoveAll(fresh) },
			check: builtFiles(2*s.workspaces, 0)})
		add(key("build"), &command{label: "amlc build -o (vet+build, output up to date)", clusters: n, dir: tmp,
			argv:  []string{amlc, "build", "-o", "./out-" + repoDir, "./" + repoDir},
			check: builtFiles(0, 2*s.workspaces)})
		add(key("check"), &command{label: "amlc build --check", clusters: n, dir: tmp,
			argv:  []string{amlc, "build", "--check", "-o", "./out-" + repoDir, "./" + repoDir},
			check: contains("up to date")})
		if s == diffShape {
			// One file a cluster, in CUE, JSON and YAML (perfile.go).
			for _, ext := range perFileFormats {
				dir := fmt.Sprintf("perfile-%d-%s", n, ext)
				if err := writePerFile(base, filepath.Join(tmp, dir), ext, quotasFor...); err != nil {
					return "", nil, err
				}
				want := fmt.Sprintf("checked %d clusters in %d workspaces (%d files): no problems", n, s.workspaces, n+1)
				add(key("vet-perfile-"+ext), &command{label: "amlc vet, a file a cluster (" + strings.ToUpper(ext) + ")", clusters: n, dir: tmp,
					argv: []string{amlc, "vet", "./" + dir}, check: contains(want)})
			}
			// Verify the plan once, in JSON, before timing the text form.
			if err := checkPlan(tmp, amlc, repoDir, kinds); err != nil {
				return "", nil, err
			}
			diffCmd = &command{label: "amlc diff --from (10 % changed)", clusters: n, dir: tmp,
				argv:  []string{amlc, "diff", "--from", "./" + repoDir, "./" + repoDir + "-changed"},
				check: planLine(kinds)}
			add(key("diff"), diffCmd)
			// One file changed, as in a typical pull request.
			gitDir := filepath.Join(tmp, "git-"+repoDir)
			if err := gitRepo(gitDir, filepath.Join(tmp, repoDir), filepath.Join(tmp, repoDir+"-changed1")); err != nil {
				return "", nil, err
			}
			add(key("diff1"), &command{label: "amlc diff --from (1 file changed)", clusters: n, dir: tmp,
				argv:  []string{amlc, "diff", "--from", "./" + repoDir, "./" + repoDir + "-changed1"},
				check: planLine(kindsOne)})
			add(key("diff1-base"), &command{label: "amlc diff --base HEAD (1 file changed)", clusters: n, dir: gitDir,
				argv:  []string{amlc, "diff", "--base", "HEAD", "."},
				check: planLine(kindsOne)})
		}
		out := filepath.Join(tmp, cueDir+".json")
		add(key("cue-export"), &command{label: "cue export -e spec", clusters: n, dir: tmp,
			argv:  []string{cue, "export", "-e", "spec", "--out", "json", "-o", out, "--force", "./" + cueDir},
			check: exportedClusters(out, n)})
		add(key("cue-vet"), &command{label: "cue vet -c", clusters: n, dir: tmp,
			argv: []string{cue, "vet", "-c", "./" + cueDir}})
	}
	for _, n := range idiomShapes(cfg) {
		fmt.Fprintf(log, "bench: generating an idiomatic repository of %d clusters\n", n)
		if err := setupIdiom(cfg, tmp, amlc, cue, n, add); err != nil {
			return "", nil, err
		}
	}
	return cueVer, diffCmd, nil
}

// cueBinary builds the cue CLI from the module proxy, or takes -cue-bin,
// and returns its path and version.
func cueBinary(cfg config, tmp string, log io.Writer) (string, string, error) {
	bin := filepath.Join(tmp, "bin")
	cue := cfg.cueBin
	var err error
	if cue == "" {
		cue = filepath.Join(bin, "cue")
		fmt.Fprintf(log, "bench: go install cuelang.org/go/cmd/cue@%s\n", cfg.cueVersion)
		t := time.Now()
		if err := goCmd(tmp, []string{"GOBIN=" + bin, "GOFLAGS=", "GOWORK=off"}, "install", "cuelang.org/go/cmd/cue@"+cfg.cueVersion); err != nil {
			return "", "", err
		}
		fmt.Fprintf(log, "bench: cue built in %s\n", time.Since(t).Round(100*time.Millisecond))
	} else if cue, err = filepath.Abs(cue); err != nil {
		return "", "", err
	}
	cueVersion, err := exec.Command(cue, "version").Output()
	if err != nil {
		return "", "", fmt.Errorf("%s version: %v", cue, err)
	}
	cueVer := strings.TrimPrefix(strings.SplitN(string(cueVersion), "\n", 2)[0], "cue version ")
	if cueVer != cfg.cueVersion {
		fmt.Fprintf(log, "bench: warning: cue reports %s, not %s\n", cueVer, cfg.cueVersion)
	}
	return cue, cueVer, nil
}

// moduleRoot finds the amlc checkout this command runs from.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %v", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("run the benchmark inside the amlc module: go run ./bench")
	}
	root := filepath.Dir(gomod)
	data, err := os.ReadFile(gomod)
	if err != nil {
		return "", err
	}
	if !bytes.Contains(data, []byte("module github.com/amlc-dev/amlc\n")) {
		return "", fmt.Errorf("%s is not amlc's module; run the benchmark from the amlc checkout", gomod)
	}
	return root, nil
}

func goCmd(dir string, env []string, args ...string) error {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// sanity checks on a small repository with one unknown field that amlc vet
// and the cue side of the comparison both reject it: the cue setup must
// really validate (closedness, no self-reference), or the comparison
// would flatter cue.
func sanity(tmp, amlc, cue string, seed uint64) error {
	rp := generate(shape{clusters: 20, workspaces: 2}, seed)
	good := filepath.Join(tmp, "sanity-repo")
	if err := rp.write(good); err != nil {
		return err
	}
	if err := writeCUEDir(good, filepath.Join(tmp, "sanity-cue")); err != nil {
		return err
	}
	if out, err := runIn(tmp, cue, "export", "-e", "spec", "./sanity-cue"); err != nil {
		return fmt.Errorf("cue export of a valid repository failed: %v\n%s", err, out)
	}
	if out, err := runIn(tmp, amlc, "vet", "./sanity-repo"); err != nil {
		return fmt.Errorf("amlc vet of a valid repository failed: %v\n%s", err, out)
	}
	// A typo inside one cluster: only a closed #Spec rejects it.
	name := rp.workspaces[1].key + ".cue"
	for _, d := range []string{"sanity-repo", "sanity-cue"} {
		p := filepath.Join(tmp, d, name)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		bad := strings.Replace(string(data), "\t\t\tmaxNodes:", "\t\t\tmaxNode: 3\n\t\t\tmaxNodes:", 1)
		if err := os.WriteFile(p, []byte(bad), 0o644); err != nil {
			return err
		}
	}
	if out, err := runIn(tmp, cue, "export", "-e", "spec", "./sanity-cue"); err == nil || !strings.Contains(string(out), "field not allowed") {
		return fmt.Errorf("cue export accepted an unknown field: the cue side of the comparison does not validate\n%s", out)
	}
	if out, err := runIn(tmp, amlc, "vet", "./sanity-repo"); err == nil || !strings.Contains(string(out), "maxNode") {
		return fmt.Errorf("amlc vet accepted an unknown field\n%s", out)
	}
	return nil
}

func runIn(dir, prog string, args ...string) ([]byte, error) {
	cmd := exec.Command(prog, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "CUE_REGISTRY=none")
	return cmd.CombinedOutput()
}

// vetClean checks that vet read the whole repository and found nothing.
func vetClean(s shape) func(stdout, stderr []byte) error {
	want := fmt.Sprintf("checked %d clusters in %d workspaces (%d files): no problems", s.clusters, s.workspaces, s.workspaces+1)
	return func(stdout, _ []byte) error {
		if !bytes.Contains(stdout, []byte(want)) {
			return fmt.Errorf("want %q in the output, got:\n%s", want, tail(stdout))
		}
		return nil
	}
}

// builtFiles checks what build -o reported: written files, one "wrote"
// line each, and files left alone, in its "N files in DIR already up to
// date" line. The warm-up run of the up-to-date row writes every file.
func builtFiles(written, upToDate int) func(stdout, stderr []byte) error {
	return func(stdout, stderr []byte) error {
		got := bytes.Count(stdout, []byte("wrote "))
		same := 0
		if m := upToDateRE.FindSubmatch(stdout); m != nil {
			same, _ = strconv.Atoi(string(m[1]))
		}
		if (got != written || same != upToDate) && (got != written+upToDate || same != 0) {
			return fmt.Errorf("wrote %d files and left %d, want %d and %d:\n%s%s", got, same, written, upToDate, tail(stdout), tail(stderr))
		}
		return nil
	}
}

var upToDateRE = regexp.MustCompile(`(?m)^(\d+) files in \S+ already up to date$`)

func contains(s string) func(stdout, stderr []byte) error {
	return func(stdout, stderr []byte) error {
		if !bytes.Contains(stdout, []byte(s)) {
			return fmt.Errorf("want %q in the output, got:\n%s%s", s, tail(stdout), tail(stderr))
		}
		return nil
	}
}

// exportedClusters checks that cue exported every cluster.
func exportedClusters(path string, n int) func(stdout, stderr []byte) error {
	return func(_, _ []byte) error {
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var v struct {
			Workspaces map[string]struct {
				Clusters map[string]struct {
					MinNodes *int `json:"minNodes"`
				} `json:"clusters"`
			} `json:"workspaces"`
		}
		if err := json.Unmarshal(data, &v); err != nil {
			return err
		}
		got := 0
		for _, ws := range v.Workspaces {
			for _, c := range ws.Clusters {
				if c.MinNodes == nil {
					return errors.New("the export lacks the schema's defaults: the schema was not unified")
				}
				got++
			}
		}
		if got != n {
			return fmt.Errorf("exported %d clusters, want %d", got, n)
		}
		return nil
	}
}

// checkPlan runs the diff once as JSON and checks its actions against the
// changes made: scale and tag changes are updates, vmSize changes replaces.
func checkPlan(tmp, amlc, repoDir string, kinds map[string]int) error {
	out, err := exec.Command(amlc, "diff", "--format", "json", "--from", filepath.Join(tmp, repoDir), filepath.Join(tmp, repoDir+"-changed")).Output()
	if err != nil {
		return fmt.Errorf("amlc diff --format json: %v", err)
	}
	var plan struct {
		Changes []struct {
			Action string `json:"action"`
		} `json:"changes"`
	}
	if err := json.Unmarshal(out, &plan); err != nil {
		return fmt.Errorf("amlc diff --format json: %v", err)
	}
	got := map[string]int{}
	for _, c := range plan.Changes {
		got[c.Action]++
	}
	if got["update"] != kinds["scale"]+kinds["tags"] || got["replace"] != kinds["vmSize"] || got["create"]+got["delete"] != 0 {
		return fmt.Errorf("amlc diff planned %v for changes %v", got, kinds)
	}
	return nil
}

func loadavg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// machine describes where the benchmark ran.
func machine() string {
	cpu := "?"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(data)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	mem := "?"
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		for line := range strings.Lines(string(data)) {
			if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				var kb int64
				fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
				mem = fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
			}
		}
	}
	return fmt.Sprintf("%d CPUs (%s), %s RAM, %s %s/%s", runtime.NumCPU(), cpu, mem, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func revision(root string) string {
	out, err := exec.Command("git", "-C", root, "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "?"
	}
	rev := strings.TrimSpace(string(out))
	if st, err := exec.Command("git", "-C", root, "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(bytes.TrimSpace(st)) > 0 {
		rev += "+dirty"
	}
	return rev
}
