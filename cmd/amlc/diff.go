package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/amlc-dev/amlc/diff"
	"github.com/amlc-dev/amlc/internal/azure"
	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/schema"
)

func runDiff(e *env, args []string) int {
	fs := newFlags(e, "diff", "[flags] [PATH...]")
	base := fs.String("base", "", "compare with the same paths at this git revision (e.g. origin/main, HEAD~1)")
	from := fs.String("from", "", "compare with the specs in this directory")
	live := fs.Bool("live", false, "compare with the clusters as they are in Azure")
	prune := fs.Bool("prune", false, "with --live: plan deletes of clusters in the workspaces that no spec declares")
	var lf liveFlags
	lf.register(fs)
	format := fs.String("format", "text", "output format: text, json or markdown")
	setValues(fs, "format", "text", "json", "markdown")
	out := fs.String("out", "", "also write the plan as JSON to this `file`; - writes it to standard output, and the --format view to standard error")
	detailed := fs.Bool("detailed-exitcode", false, "exit 3 when the plan has changes")
	failOn := fs.StringSlice("fail-on", nil, "exit 1 when the plan holds any of these actions (e.g. replace,delete), or with cost-increase=AMOUNT when it raises the monthly cost at maxNodes by more than AMOUNT USD")
	setValues(fs, "fail-on", "create", "update", "replace", "delete", "cost-increase=")
	var vf vetFlags
	vf.registerCatalog(fs, catalogUsage)
	vf.registerPrices(fs)
	vf.registerInject(fs)
	if code := parseFlags(e, fs, args); code >= 0 {
		return code
	}
	bases := 0
	for _, set := range []bool{*base != "", *from != "", *live} {
		if set {
			bases++
		}
	}
	switch {
	case bases == 0:
		return usageError(e, "diff", "say what to compare with: --base GITREF, --from DIR or --live")
	case bases > 1:
		return usageError(e, "diff", "--base, --from and --live exclude each other")
	case *prune && !*live:
		return usageError(e, "diff", "--prune needs --live")
	}
	switch *format {
	case "text", "json", "markdown":
	default:
		return usageError(e, "diff", "--format must be text, json or markdown; got %q", *format)
	}
	gate := gates{actions: map[diff.Action]bool{}}
	for _, a := range *failOn {
		a = strings.TrimSpace(a)
		if amount, ok := strings.CutPrefix(a, "cost-increase="); ok {
			x, err := strconv.ParseFloat(strings.TrimPrefix(strings.TrimSpace(amount), "$"), 64)
			if err != nil || x < 0 || math.IsInf(x, 0) || math.IsNaN(x) {
				return usageError(e, "diff", "--fail-on: cost-increase wants an amount of USD a month, such as cost-increase=100; got %q", amount)
			}
			gate.costIncrease = &x
			continue
		}
		act := diff.Action(a)
		if !act.Valid() {
			return usageError(e, "diff", "--fail-on: unknown action %q (create, update, replace, delete, or cost-increase=AMOUNT)", a)
		}
		gate.actions[act] = true
	}
	paths, opts, code := vf.inputs(e, "diff", fs.Args())
	if code >= 0 {
		return code
	}
	if *base != "" && slices.ContainsFunc(paths, schema.IsStdin) {
		return usageError(e, "diff", "--base reads the same paths at a git revision; standard input (-) has no history: use --from DIR")
	}

	// The base is read and vetted while the specs are: the two are
	// independent, and each leaves a core idle part of the time.
	var baseDone chan baseVet
	if !*live {
		baseDone = make(chan baseVet, 1)
		go func() { baseDone <- vetBase(e, *base, *from, paths, opts) }()
	}
	if *live {
		c, code := lf.client(e, "diff")
		if code >= 0 {
			return code
		}
		var ctx context.Context
		stop := func() {}
		defer func() { stop() }()
		desired, obs, code := vetLiveFirst(func() context.Context {
			ctx, stop = interruptible()
			return ctx
		}, e, "diff", c, paths, opts)
		if code >= 0 {
			return code
		}
		lp, code := observeAndPlan(ctx, e, "diff", c, desired.Spec, obs, *prune, diff.Options{Prices: opts.Prices})
		if code >= 0 {
			return code
		}
		return showPlan(e, lp, *format, *out, *detailed, gate)
	}
	desired, code := vetFirst(e, paths, opts)
	if code >= 0 {
		(<-baseDone).cleanup()
		return code
	}
	b := <-baseDone
	defer b.cleanup()
	if b.err != nil {
		fmt.Fprintln(e.stderr, "amlc diff:", b.err)
		return exitFailed
	}
	baseRes := b.res
	if baseRes.Diags.HasErrors() {
		fmt.Fprintf(e.stderr, "amlc diff: the base (%s) is not valid; fix it or choose another base:\n", b.name)
		_ = diag.WriteText(e.stderr, baseRes.Diags, e.cwd)
		return exitFailed
	}

	plan := diff.ComputeWith(desired.Spec, baseRes.Spec, diff.Options{Prices: opts.Prices})
	return showPlan(e, &azure.LivePlan{Plan: *plan}, *format, *out, *detailed, gate)
}

// gates are the --fail-on conditions: actions, and the most the monthly
// cost at maxNodes may grow by.
type gates struct {
	actions      map[diff.Action]bool
	costIncrease *float64
}

// showPlan renders a plan, saves it with --out, and returns the exit code
// of the gates. A live plan (one with an observed fingerprint) renders its
// JSON with the observed state, so that apply can take it.
func showPlan(e *env, lp *azure.LivePlan, format, out string, detailed bool, gate gates) int {
	plan := &lp.Plan
	live := lp.Observed.Fingerprint != ""
	writeJSON := func(w io.Writer) error {
		if live {
			return lp.WriteJSON(w)
		}
		return diff.RenderJSON(w, plan)
	}
	// With --out -, standard output is the plan's JSON: the view of
	// --format goes to standard error (unless it is that JSON).
	view := e.stdout
	if out == "-" {
		view = e.stderr
		if format == "json" {
			view = nil
		}
	}
	var err error
	switch {
	case view == nil:
	case format == "text":
		err = diff.RenderText(view, plan, useColor(e) && view == e.stdout)
	case format == "json":
		err = writeJSON(view)
	case format == "markdown":
		err = diff.RenderMarkdown(view, plan)
	}
	if err == nil && out == "-" {
		err = writeJSON(e.stdout)
	} else if err == nil && out != "" {
		var buf bytes.Buffer
		if err = writeJSON(&buf); err == nil {
			err = e.writeOutput(out, buf.Bytes())
		}
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "amlc diff:", err)
		return exitFailed
	}
	for _, c := range plan.Changes {
		if gate.actions[c.Action] {
			fmt.Fprintf(e.stderr, "amlc diff: the plan holds a %s (%s), which --fail-on refuses\n", c.Action, c.Address)
			return exitFailed
		}
	}
	if gate.costIncrease != nil {
		if why := diff.CostIncrease(plan, *gate.costIncrease); why != "" {
			fmt.Fprintf(e.stderr, "amlc diff: %s, which --fail-on cost-increase=%s refuses\n", why, strconv.FormatFloat(*gate.costIncrease, 'f', -1, 64))
			return exitFailed
		}
	}
	if detailed && plan.HasChanges() {
		return exitChanges
	}
	return exitOK
}

// useColor reports whether text output may use colour: only on a
// terminal, and never with NO_COLOR set (no-color.org).
func useColor(e *env) bool {
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		return false
	}
	f, ok := unwrap(e.stdout).(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// writeFileAtomic writes data to path through a temporary file and a
// rename, so a reader never sees half a file; the file gets the mode
// fileperm.go says.
func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), dirMode); err != nil {
		return err
	}
	tmp, err := createTemp(filepath.Dir(path), ".amlc-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := keepMode(tmp.Name(), path); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// baseVet is the vetted base of diff --from or --base.
type baseVet struct {
	res  *schema.Result
	name string
	err  error
	snap *snapshot // for --base, removed by cleanup
}

func (b baseVet) cleanup() {
	if b.snap != nil {
		b.snap.cleanup()
	}
}

// vetBase vets the directory of --from, or paths at the git revision of
// --base.
func vetBase(e *env, rev, from string, paths []string, opts schema.Options) baseVet {
	if from != "" {
		return baseVet{res: vetGuarded(e, []string{from}, opts), name: from}
	}
	snap, err := gitSnapshot(e.cwd, rev, paths)
	if err != nil {
		return baseVet{name: rev, err: err}
	}
	return baseVet{res: snap.vet(e, opts), name: rev, snap: snap}
}
