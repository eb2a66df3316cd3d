package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/amlc-dev/amlc/diff"
	"github.com/amlc-dev/amlc/internal/azure"
	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/internal/planfile"
	"github.com/amlc-dev/amlc/schema"
)

func runApply(e *env, args []string) int {
	fs := newFlags(e, "apply", "[flags] [PLAN.json] | --live [flags] [PATH...]")
	live := fs.Bool("live", false, "plan against the live clusters and apply that plan (the arguments are spec paths)")
	yes := fs.Bool("yes", false, "apply without asking for confirmation")
	allowReplace := fs.Bool("allow-replace", false, "allow replacements (delete, then create: nodes and running jobs are lost)")
	prune := fs.Bool("prune", false, "allow deletions of clusters that no spec declares (with --live: plan them)")
	secrets := fs.StringArray("secret", nil, "the value of a secret, as `NAME=@FILE` (repeatable; default: env AMLC_SECRET_<NAME>)")
	var vf vetFlags
	vf.registerCatalog(fs, "with --live: "+catalogUsage)
	vf.registerInject(fs)
	var lf liveFlags
	lf.register(fs)
	if code := parseFlags(e, fs, args); code >= 0 {
		return code
	}
	if !*live && len(fs.Args()) != 1 {
		return usageError(e, "apply", "give one saved plan (amlc diff --live --out PLAN.json), or --live and spec paths")
	}
	files, err := secretFiles(*secrets)
	if err != nil {
		return usageError(e, "apply", "%v", err)
	}
	c, code := lf.client(e, "apply")
	if code >= 0 {
		return code
	}

	var lp *azure.LivePlan
	var ctx context.Context
	if *live {
		paths, opts, code := vf.inputs(e, "apply", fs.Args())
		if code >= 0 {
			return code
		}
		// The specs are read before Ctrl-C is caught: until then it ends
		// amlc, even while a spec file blocks.
		var stop context.CancelFunc
		defer func() {
			if stop != nil {
				stop()
			}
		}()
		var desired *schema.Result
		var obs *azure.Observation
		desired, obs, code = vetLiveFirst(func() context.Context {
			ctx, stop = interruptible()
			return ctx
		}, e, "apply", c, paths, opts)
		if code >= 0 {
			return code
		}
		if lp, code = observeAndPlan(ctx, e, "apply", c, desired.Spec, obs, *prune, diff.Options{}); code >= 0 {
			return code
		}
	} else {
		var stop context.CancelFunc
		ctx, stop = interruptible()
		defer stop()
		data, err := readFileCtx(ctx, fs.Arg(0), "a plan", maxPlanBytes)
		if err != nil {
			fmt.Fprintln(e.stderr, "amlc apply:", err)
			return exitFailed
		}
		// A saved plan is trusted only as far as amlc derives it again
		// from what it records (internal/planfile, docs/plans.md); what
		// is applied is the derived plan.
		if lp, err = planfile.Verify(fs.Arg(0), data); err != nil {
			var refused *planfile.RefusedError
			if errors.As(err, &refused) {
				fmt.Fprintf(e.stderr, "amlc apply: refusing %s: %v; nothing was sent\n", fs.Arg(0), err)
				diag.WriteText(e.stderr, refused.Diags, e.cwd)
				return exitFailed
			}
			fmt.Fprintf(e.stderr, "amlc apply: %s: %v (to plan specs against live Azure and apply them, use --live)\n", fs.Arg(0), err)
			return exitFailed
		}
		if !strings.EqualFold(strings.TrimRight(lp.Observed.Endpoint, "/"), strings.TrimRight(c.Endpoint(), "/")) {
			fmt.Fprintf(e.stderr, "amlc apply: the plan was made against %s, not %s; plan again with amlc diff --live\n", lp.Observed.Endpoint, c.Endpoint())
			return exitFailed
		}
	}

	// Everything that can refuse the plan without a call comes first.
	names, err := azure.RequiredSecrets(&lp.Plan)
	if err != nil {
		fmt.Fprintln(e.stderr, "amlc apply:", err)
		return exitFailed
	}
	// Missing secrets are left to Check, which lists them with the rest.
	values, _, err := secretValues(ctx, files, names)
	if err != nil {
		fmt.Fprintln(e.stderr, "amlc apply:", err)
		return exitFailed
	}
	for _, v := range values {
		e.sensitive.Add(v)
	}
	stdout, stderr := e.stdout, e.stderr
	opts := azure.ApplyOptions{AllowReplace: *allowReplace, Prune: *prune, Secrets: values}
	if err := azure.Check(lp, opts); err != nil {
		fmt.Fprintf(stderr, "amlc apply: refusing to apply the plan; nothing was changed:\n%s\n", indent(err.Error()))
		return exitFailed
	}

	if !*live {
		// A saved plan is only valid against the state it was made from.
		obs, err := c.Observe(ctx, lp.Observed.Workspaces)
		if err != nil {
			fmt.Fprintf(stderr, "amlc apply: observing the live clusters: %v\n", err)
			return exitFailed
		}
		if fp := obs.Fingerprint(); fp != lp.Observed.Fingerprint {
			fmt.Fprintf(stderr, "amlc apply: plan is stale: the clusters in Azure changed since it was made (fingerprint %s, now %s); nothing was changed; plan again with amlc diff --live\n",
				short(lp.Observed.Fingerprint), short(fp))
			return exitFailed
		}
	}

	if err := diff.RenderText(stdout, &lp.Plan, useColor(e)); err != nil {
		fmt.Fprintln(stderr, "amlc apply:", err)
		return exitFailed
	}
	if !lp.HasChanges() {
		return exitOK
	}
	if !*yes {
		ok, err := confirm(ctx, stdout)
		if err != nil {
			fmt.Fprintf(stderr, "amlc apply: %v\n", err)
			return exitFailed
		}
		if !ok {
			fmt.Fprintln(stderr, "amlc apply: cancelled; nothing was changed")
			return exitFailed
		}
	}

	interval, err := envDuration("AMLC_PROGRESS_INTERVAL")
	if err != nil {
		return usageError(e, "apply", "%v", err)
	}
	if interval == 0 {
		interval = 15 * time.Second
	}
	fmt.Fprintln(stdout)
	prog := azure.NewProgress(stdout, interval)
	opts.Progress = prog
	res := c.Apply(ctx, lp, opts)
	prog.Close()
	printSummary(stdout, res)
	if ctx.Err() != nil {
		fmt.Fprintln(stderr, "amlc apply: interrupted; run amlc apply --live again to finish")
	}
	if !res.OK() {
		return exitFailed
	}
	return exitOK
}

// confirm asks on the terminal; without one it refuses. Ctrl-C while it
// waits for the answer is a no.
func confirm(ctx context.Context, w io.Writer) (bool, error) {
	fi, err := os.Stdin.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false, errors.New("refusing to apply without confirmation: standard input is not a terminal; pass --yes to apply anyway")
	}
	fmt.Fprint(w, "\nDo you want to perform these actions? Only 'yes' will be accepted: ")
	flush(w)
	line, err := readLine(ctx, os.Stdin)
	if err != nil && line == "" {
		return false, nil
	}
	return strings.TrimSpace(line) == "yes", nil
}

// readLine reads a line of r, or gives up when ctx is done (the read
// left behind ends with the process).
func readLine(ctx context.Context, r io.Reader) (string, error) {
	type result struct {
		line string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		line, err := bufio.NewReader(r).ReadString('\n')
		done <- result{line, err}
	}()
	select {
	case res := <-done:
		return res.line, res.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// printSummary says what was done, what failed and what was not
// attempted.
func printSummary(w io.Writer, res *azure.ApplyResult) {
	head := "Apply complete"
	if !res.OK() {
		head = "Apply incomplete"
	}
	fmt.Fprintf(w, "\n%s: %d done, %d failed, %d not attempted.\n", head, res.Count(azure.Done), res.Count(azure.Failed), res.Count(azure.NotAttempted))
	for _, o := range res.Outcomes {
		line := fmt.Sprintf("  %-13s %s (%s)", o.Status, o.Address, o.Action)
		if o.Step != "" {
			line += ": " + o.Step
		}
		if o.Error != nil {
			line += ": " + o.Error.String()
		}
		fmt.Fprintln(w, line)
	}
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(s, "\n", "\n  ")
}

// short shortens a fingerprint for messages.
func short(fp string) string {
	if len(fp) > len("sha256:")+12 {
		return fp[:len("sha256:")+12]
	}
	return fp
}
