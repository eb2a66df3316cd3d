package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

type report struct {
	cfg        config
	cmds       []*command
	byKey      map[string]*command
	all        []shape
	idiom      []int // the sizes of the idiomatic repositories
	diffShape  shape
	diffCmd    *command
	live       *liveBench // nil with -live=false
	cueVersion string
	loadBefore string
	loadAfter  string
	root       string
	elapsed    time.Duration
}

func (r *report) get(name string, n int) *command { return r.byKey[fmt.Sprintf("%s/%d", name, n)] }

// print writes the report as Markdown and returns the number of missed
// targets.
func (r *report) print(w io.Writer) int {
	fmt.Fprintf(w, "\n## amlc bench (%s)\n\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(w, "- machine: %s\n", machine())
	fmt.Fprintf(w, "- amlc %s", revision(r.root))
	if r.cueVersion != "" {
		fmt.Fprintf(w, ", cue %s", r.cueVersion)
	}
	fmt.Fprintf(w, "; peak RSS via %s; %d timed run(s) per command", rssDesc(), r.cfg.runs)
	if !r.cfg.small || r.cfg.runs > 1 {
		fmt.Fprint(w, " after one warm-up")
	}
	fmt.Fprintf(w, ", interleaved\n- load average before: %s, after: %s; whole run %s\n", r.loadBefore, r.loadAfter, r.elapsed.Round(time.Second))
	if lb := r.live; lb != nil {
		fmt.Fprintf(w, "- live plan: %s, armfake on loopback with %s per request and %d computes per list page; requests and peak in flight as armfake counted them, reset before each run\n",
			lb.shape, ms(lb.latency), livePageSize)
	}
	fmt.Fprintln(w)

	fmt.Fprintln(w, "| command | clusters | runs | median | min | CPU (median) | peak RSS |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|")
	for _, c := range r.cmds {
		fmt.Fprintf(w, "| `%s` | %d | %d | %s | %s | %s | %.0f MiB |\n", c.label, c.clusters, len(c.samples), ms(c.median()), ms(c.min()), ms(c.medianCPU()), c.peakRSS())
	}

	if len(r.all) > 0 {
		fmt.Fprintln(w, "\n| ratio (medians) | clusters | value |")
		fmt.Fprintln(w, "|---|---:|---:|")
	}
	for _, s := range r.all {
		n := s.clusters
		ratio := func(label, a, b string) {
			if r.get(a, n) == nil || r.get(b, n) == nil {
				return // not measured (-diff)
			}
			fmt.Fprintf(w, "| %s | %d | %.2f× |\n", label, n, float64(r.get(a, n).median())/float64(r.get(b, n).median()))
		}
		ratio("amlc build, output up to date (vet+build) / cue export", "build", "cue-export")
		ratio("amlc build, new dir (vet+build) / cue export", "build-new", "cue-export")
		ratio("amlc vet / cue export", "vet", "cue-export")
		ratio("amlc vet / cue vet -c", "vet", "cue-vet")
		ratio("amlc vet, CUE path / cue export", "vet-cue", "cue-export")
		ratio("amlc build --check / cue export", "check", "cue-export")
		if s == r.diffShape {
			ratio("amlc diff --from (10 % changed) / amlc vet", "diff", "vet")
			ratio("amlc diff --from (1 file changed) / amlc vet", "diff1", "vet")
			ratio("amlc diff --base (1 file changed) / amlc vet", "diff1-base", "vet")
		}
	}
	for _, n := range r.idiom {
		ratio := func(label, a, b string) {
			if r.get(a, n) == nil || r.get(b, n) == nil {
				return // not measured (-diff)
			}
			fmt.Fprintf(w, "| %s | %d | %.2f× |\n", label, n, float64(r.get(a, n).median())/float64(r.get(b, n).median()))
		}
		ratio("idiomatic: amlc build (vet+build) / cue export", "i-build", "i-cue-export")
		ratio("idiomatic: amlc vet / cue export", "i-vet", "i-cue-export")
		ratio("idiomatic: amlc vet / cue vet -c", "i-vet", "i-cue-vet")
		ratio("idiomatic: amlc diff --from (1 file changed) / amlc vet", "i-diff-from", "i-vet")
		ratio("idiomatic: amlc diff --base (1 file changed) / amlc vet", "i-diff-base", "i-vet")
		ratio("idiomatic module: amlc diff --from (1 file changed) / amlc vet", "m-diff-from", "m-vet")
		ratio("idiomatic module: amlc diff --base (1 file changed) / amlc vet", "m-diff-base", "m-vet")
	}

	misses := 0
	fmt.Fprintln(w, "\n| target | measured | result |")
	fmt.Fprintln(w, "|---|---|---|")
	verdict := func(ok bool) string {
		if ok {
			return "PASS"
		}
		misses++
		return "MISS"
	}
	switch {
	case r.cfg.diffOnly:
		r.diffOnlyTargets(w, verdict)
	case len(r.all) > 0:
		r.offlineTargets(w, verdict)
		r.idiomTargets(w, verdict)
	}
	r.liveTargets(w, verdict)
	fmt.Fprintln(w)
	if misses > 0 && !r.cfg.strict {
		fmt.Fprintf(w, "%d target(s) missed (reported only; -strict makes a miss fail).\n", misses)
	}
	return misses
}

// offlineTargets prints the rows of the targets of vet, build and diff
// --from.
func (r *report) offlineTargets(w io.Writer, verdict func(bool) string) {
	note := ""
	n1 := 1000
	if r.cfg.small {
		n1 = r.diffShape.clusters
		note = fmt.Sprintf(" (measured at %d clusters: indicative only)", n1)
	}
	// vet+build is one `amlc build -o` process (it vets first); it is
	// judged on the slower of its two forms: into a new directory (every
	// file written) and over its own output (nothing to write).
	slower := func(n int) *command {
		a, b := r.get("build", n), r.get("build-new", n)
		if a == nil || b == nil {
			return nil
		}
		if b.median() > a.median() {
			return b
		}
		return a
	}
	build, cueExport := slower(n1), r.get("cue-export", n1)
	x := float64(build.median()) / float64(cueExport.median())
	fmt.Fprintf(w, "| vet+build of 1,000 clusters ≤ 0.5× `cue export`%s | %.2f× (%s / %s; new dir %s, output up to date %s) | %s |\n", note, x,
		ms(build.median()), ms(cueExport.median()), ms(r.get("build-new", n1).median()), ms(r.get("build", n1).median()), verdict(x <= 0.5))
	if big := slower(10000); big != nil {
		fmt.Fprintf(w, "| vet+build of 10,000 clusters < 2 s | %s (new dir %s, output up to date %s) | %s |\n", ms(big.median()),
			ms(r.get("build-new", 10000).median()), ms(r.get("build", 10000).median()), verdict(big.median() < 2*time.Second))
		rss := max(r.get("build", 10000).peakRSS(), r.get("build-new", 10000).peakRSS())
		fmt.Fprintf(w, "| vet+build of 10,000 clusters < 300 MiB | %.0f MiB | %s |\n", rss, verdict(rss < 300))
	} else {
		fmt.Fprintln(w, "| vet+build of 10,000 clusters < 2 s | not measured (-small) | SKIP |")
		fmt.Fprintln(w, "| vet+build of 10,000 clusters < 300 MiB | not measured (-small) | SKIP |")
	}
	perCUE := r.get("vet-perfile-cue", n1)
	for _, ext := range perFileFormats[1:] {
		data := r.get("vet-perfile-"+ext, n1)
		z := float64(data.median()) / float64(perCUE.median())
		fmt.Fprintf(w, "| vet of 1,000 %s files (a file a cluster) ≤ 1.5× the same in CUE%s | %.2f× (%s / %s) | %s |\n", strings.ToUpper(ext), note, z,
			ms(data.median()), ms(perCUE.median()), verdict(z <= 1.5))
	}
	vet := r.get("vet", n1)
	y := float64(r.diffCmd.median()) / float64(vet.median())
	fmt.Fprintf(w, "| diff --from of 1,000 clusters (10 %% changed) ≤ 1.2× one vet%s | %.2f× (%s / %s) | %s |\n", note, y, ms(r.diffCmd.median()), ms(vet.median()), verdict(y <= 1.2))
	r.diffTargets(w, verdict, "1,000 plain clusters", n1, "diff1", "diff1-base", "vet", note)
}

// diffTargets prints the targets of a diff with one file changed: --from
// within 1.2× one vet, --base within 1.5×.
func (r *report) diffTargets(w io.Writer, verdict func(bool) string, what string, n int, from, base, vet, note string) {
	v := r.get(vet, n).median()
	for _, t := range []struct {
		key, flag string
		limit     float64
	}{{from, "--from", 1.2}, {base, "--base", 1.5}} {
		d := r.get(t.key, n).median()
		x := float64(d) / float64(v)
		fmt.Fprintf(w, "| diff %s of %s (1 file changed) ≤ %.1f× one vet%s | %.2f× (%s / %s) | %s |\n", t.flag, what, t.limit, note, x, ms(d), ms(v), verdict(x <= t.limit))
	}
}

// idiomTargets prints the targets on idiomatic CUE: amlc build within 0.6×
// cue export of the same package with amlc's schema, at 1,000 and 3,000
// clusters; peak memory of vet and build at most cue export's, at every
// size; the diff with one file changed at 1,000 and 3,000.
func (r *report) idiomTargets(w io.Writer, verdict func(bool) string) {
	for _, n := range r.idiom {
		note := ""
		if r.cfg.small {
			note = fmt.Sprintf(" (measured at %d clusters: indicative only)", n)
		}
		what := fmt.Sprintf("%s idiomatic-CUE clusters", thousands(n))
		build, export := r.get("i-build", n), r.get("i-cue-export", n)
		if n < 10000 {
			x := float64(build.median()) / float64(export.median())
			fmt.Fprintf(w, "| amlc build of %s ≤ 0.6× `cue export`%s | %.2f× (%s / %s) | %s |\n", what, note, x, ms(build.median()), ms(export.median()), verdict(x <= 0.6))
		}
		rss := max(build.peakRSS(), r.get("i-vet", n).peakRSS())
		fmt.Fprintf(w, "| peak RSS of amlc vet and build of %s ≤ `cue export`'s | %.0f MiB / %.0f MiB | %s |\n", what, rss, export.peakRSS(), verdict(rss <= export.peakRSS()))
		if n < 10000 {
			r.diffTargets(w, verdict, what+" (one package)", n, "i-diff-from", "i-diff-base", "i-vet", note)
			r.diffTargets(w, verdict, what+" (a module, a package per team)", n, "m-diff-from", "m-diff-base", "m-vet", note)
		}
	}
}

// diffOnlyTargets prints the targets of the diffs that -diff measures.
func (r *report) diffOnlyTargets(w io.Writer, verdict func(bool) string) {
	vet := r.get("vet", 1000)
	y := float64(r.diffCmd.median()) / float64(vet.median())
	fmt.Fprintf(w, "| diff --from of 1,000 clusters (10 %% changed) ≤ 1.2× one vet | %.2f× (%s / %s) | %s |\n", y, ms(r.diffCmd.median()), ms(vet.median()), verdict(y <= 1.2))
	r.diffTargets(w, verdict, "1,000 plain clusters", 1000, "diff1", "diff1-base", "vet", "")
	for _, n := range r.idiom {
		what := fmt.Sprintf("%s idiomatic-CUE clusters", thousands(n))
		r.diffTargets(w, verdict, what+" (one package)", n, "i-diff-from", "i-diff-base", "i-vet", "")
		r.diffTargets(w, verdict, what+" (a module, a package per team)", n, "m-diff-from", "m-diff-base", "m-vet", "")
	}
}

// thousands writes n with a comma every three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// liveTargets prints the rows of the live plan's targets: its time against
// the bound ceil(requests / parallel) × latency, and its peak of requests
// in flight against --parallel.
func (r *report) liveTargets(w io.Writer, verdict func(bool) string) {
	const (
		timeTarget   = "live plan of 500 clusters ≤ 1.5× ceil(requests / parallel) × latency"
		flightTarget = "peak requests in flight ≤ `--parallel`"
	)
	lb := r.live
	if lb == nil {
		fmt.Fprintf(w, "| %s | not measured (-live=false) | SKIP |\n", timeTarget)
		fmt.Fprintf(w, "| %s | not measured (-live=false) | SKIP |\n", flightTarget)
		return
	}
	note := ""
	if lb.shape.clusters != 500 {
		note = fmt.Sprintf(" (measured at %d clusters: indicative only)", lb.shape.clusters)
	}
	lo, hi := lb.requests()
	reqs := strconv.Itoa(hi)
	if lo != hi {
		reqs = fmt.Sprintf("%d–%d", lo, hi)
	}
	bound := lb.bound(hi)
	med := lb.cmd.median()
	x := float64(med) / float64(bound)
	fmt.Fprintf(w, "| %s%s | %.2f× (%s requests, --parallel %d: bound %s = %d × %s; median %s) | %s |\n", timeTarget, note,
		x, reqs, lb.parallel, ms(bound), (hi+lb.parallel-1)/lb.parallel, ms(lb.latency), ms(med), verdict(x <= 1.5))
	peak := lb.peakInFlight()
	fmt.Fprintf(w, "| %s | %d (--parallel %d; the most over %d run(s)) | %s |\n", flightTarget, peak, lb.parallel, len(lb.served), verdict(peak <= lb.parallel))
}

func rssDesc() string {
	if rssMethod == "time" {
		return "`/usr/bin/time -v` (max of runs)"
	}
	return "wait4 rusage ru_maxrss (max of runs)"
}
