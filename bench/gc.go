package main

import (
	"fmt"
	"io"
	"path/filepath"
	"time"
)

// The collector's settings (go run ./bench -gc): amlc vet of idiomatic
// repositories of 1,000, 10,000 and 30,000 clusters with amlc's own
// settings (cmd/amlc/main.go: GOGC=400 under a soft limit of three
// quarters of the machine's memory), with Go's defaults (GOGC=100, no
// limit), and with the former fixed soft limit (GOGC=400,
// GOMEMLIMIT=256MiB), against cue export of the same package with amlc's
// schema: wall and CPU time and peak RSS of each.

// gcShapes are the sizes measured, and how many runs each gets.
var gcShapes = []struct{ clusters, runs int }{{1000, 3}, {10000, 1}, {30000, 1}}

// gcSettings are the environments compared; "" is amlc's own.
var gcSettings = []struct{ label, env string }{
	{"amlc's settings", ""},
	{"Go's defaults (GOGC=100)", "GOGC=100"},
	{"former fixed limit (GOGC=400, GOMEMLIMIT=256MiB)", "GOMEMLIMIT=256MiB"},
}

func runGC(cfg config, tmp, amlc string, stdout, log io.Writer) error {
	cue, cueVer, err := cueBinary(cfg, tmp, log)
	if err != nil {
		return err
	}
	var cmds []*command
	for _, s := range gcShapes {
		n := s.clusters
		fmt.Fprintf(log, "bench: generating an idiomatic repository of %d clusters\n", n)
		rp := generateIdiom(n, cfg.seed)
		dir := fmt.Sprintf("idiom-%d", n)
		if err := rp.write(filepath.Join(tmp, dir)); err != nil {
			return err
		}
		if err := writeCUEDir(filepath.Join(tmp, dir), filepath.Join(tmp, "cue-"+dir)); err != nil {
			return err
		}
		clean := contains(fmt.Sprintf("checked %d clusters in %d workspaces (%d files): no problems", n, idiomWorkspaces(n), idiomFiles(n)))
		for _, g := range gcSettings {
			env := []string{}
			if g.env != "" {
				env = append(env, g.env)
				if g.env == "GOMEMLIMIT=256MiB" {
					env = append(env, "GOGC=400")
				}
			}
			cmds = append(cmds, &command{label: "amlc vet, " + g.label, clusters: n, dir: tmp, env: env, maxRuns: s.runs,
				argv: []string{amlc, "vet", "./" + dir}, check: clean})
		}
		out := filepath.Join(tmp, "cue-"+dir+".json")
		cmds = append(cmds, &command{label: "cue export -e spec", clusters: n, dir: tmp, maxRuns: s.runs,
			argv: []string{cue, "export", "-e", "spec", "--out", "json", "-o", out, "--force", "./cue-" + dir}, check: exportedClusters(out, n)})
	}
	started := time.Now()
	for round := range 3 {
		fmt.Fprintf(log, "bench: round %d\n", round+1)
		for _, c := range cmds {
			if len(c.samples) >= c.maxRuns {
				continue
			}
			smp, o, e, err := c.run(tmp)
			if err != nil {
				return err
			}
			if len(c.samples) == 0 {
				if err := c.check(o, e); err != nil {
					return fmt.Errorf("%s (%d clusters): %v", c.label, c.clusters, err)
				}
			}
			c.samples = append(c.samples, smp)
		}
	}
	fmt.Fprintf(stdout, "\n## amlc bench -gc (%s)\n\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(stdout, "- machine: %s\n- amlc %s, cue %s; peak RSS via %s; whole run %s\n\n", machine(), revision(cfg.root), cueVer, rssDesc(), time.Since(started).Round(time.Second))
	fmt.Fprintln(stdout, "| command | clusters | runs | wall (median) | CPU (median) | peak RSS |")
	fmt.Fprintln(stdout, "|---|---:|---:|---:|---:|---:|")
	for _, c := range cmds {
		fmt.Fprintf(stdout, "| `%s` | %d | %d | %s | %s | %.0f MiB |\n", c.label, c.clusters, len(c.samples), ms(c.median()), ms(c.medianCPU()), c.peakRSS())
	}
	return nil
}
