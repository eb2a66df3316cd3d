package main

import (
	"context"
	"fmt"
	"github.com/amlc-dev/amlc/diff"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/amlc-dev/amlc/internal/azure"
	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/schema"
)

// liveFlags are the flags of every command that talks to Azure.
type liveFlags struct {
	endpoint string
	cloud    string
	parallel int
}

func (l *liveFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&l.endpoint, "arm-endpoint", os.Getenv("AMLC_ARM_ENDPOINT"), "ARM endpoint `URL` to send every call to (default: the cloud's; env AMLC_ARM_ENDPOINT)")
	fs.StringVar(&l.cloud, "cloud", "AzurePublic", "Azure cloud: AzurePublic, AzureChina or AzureUSGovernment")
	setValues(fs, "cloud", "AzurePublic", "AzureChina", "AzureUSGovernment")
	fs.IntVar(&l.parallel, "parallel", azure.DefaultParallel, "at most this many operations at once")
}

// client makes the ARM client of the flags. The environment supplies the
// credential (AMLC_ACCESS_TOKEN, else DefaultAzureCredential) and, for
// tests, the timing: AMLC_RETRY_DELAY, AMLC_POLL_INTERVAL (Go durations).
func (l *liveFlags) client(e *env, cmd string) (*azure.Client, int) {
	if l.parallel < 1 {
		return nil, usageError(e, cmd, "--parallel must be at least 1; got %d", l.parallel)
	}
	opts := azure.Options{
		Cloud:    l.cloud,
		Endpoint: l.endpoint,
		Token:    os.Getenv("AMLC_ACCESS_TOKEN"),
		Parallel: l.parallel,
		// Every token the credential hands out is never shown.
		Sensitive: e.sensitive,
	}
	var err error
	if opts.Retry.RetryDelay, err = envDuration("AMLC_RETRY_DELAY"); err != nil {
		return nil, usageError(e, cmd, "%v", err)
	}
	if opts.Retry.RetryDelay > 0 {
		opts.Retry.MaxRetryDelay = max(opts.Retry.RetryDelay*8, 2*time.Second)
	}
	if opts.PollFrequency, err = envDuration("AMLC_POLL_INTERVAL"); err != nil {
		return nil, usageError(e, cmd, "%v", err)
	}
	if s := os.Getenv("AMLC_MAX_RETRIES"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return nil, usageError(e, cmd, "AMLC_MAX_RETRIES must be a number ≥ 0; got %q", s)
		}
		opts.Retry.MaxRetries = int32(n)
		if n == 0 {
			opts.Retry.MaxRetries = -1 // azcore: negative means no retries
		}
	}
	c, err := azure.New(opts)
	if err != nil {
		return nil, usageError(e, cmd, "%v", err)
	}
	return c, -1
}

// envDuration reads a Go duration from the environment; 0 when unset.
func envDuration(name string) (time.Duration, error) {
	s := os.Getenv(name)
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%s must be a duration such as 2s; got %q", name, s)
	}
	return d, nil
}

// interruptible returns a context that is cancelled on Ctrl-C or
// SIGTERM. The first signal lets the command stop cleanly and say what
// was done; a second one ends amlc at once, as the signal does by default.
func interruptible() (context.Context, context.CancelFunc) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx, stop
}

// vetLiveFirst is vetFirst for the commands that plan against Azure. The
// compute-name rule is a rule for creating clusters (SPEC.md §2): when a
// name breaks it, the workspaces are observed and the specs vetted again
// with the clusters that exist, so that an existing cluster under an old
// name stays manageable. The observation, if one was made, is returned for
// the plan.
//
// The specs are read before start is called: until then a signal ends
// amlc as it does by default, even while a spec file blocks. start returns
// the interruptible context of the calls to Azure.
func vetLiveFirst(start func() context.Context, e *env, cmd string, c *azure.Client, paths []string, opts schema.Options) (*schema.Result, *azure.Observation, int) {
	res := schema.Vet(paths, opts)
	ctx := start()
	var obs *azure.Observation
	if onlyNameErrors(res.Diags) {
		o, err := c.Observe(ctx, azure.Refs(res.Spec))
		if err != nil {
			// The name errors stand; say why they could not be checked.
			_ = diag.WriteText(e.stderr, res.Diags, e.cwd)
			fmt.Fprintf(e.stderr, "amlc %s: observing the live clusters to look the names up: %v\n", cmd, err)
			return nil, nil, exitFailed
		}
		obs = o
		opts.Existing = obs.Existing()
		res = schema.Vet(paths, opts)
	}
	if len(res.Diags) > 0 {
		if err := diag.WriteText(e.stderr, res.Diags, e.cwd); err != nil {
			return nil, nil, exitFailed
		}
	}
	if res.Diags.HasErrors() {
		fmt.Fprintln(e.stderr, checkedLine(res))
		return nil, nil, exitFailed
	}
	return res, obs, -1
}

// onlyNameErrors reports whether the findings hold errors and every one is
// name/compute: then which clusters exist decides the result.
func onlyNameErrors(ds diag.Diagnostics) bool {
	if !ds.HasErrors() {
		return false
	}
	for _, d := range ds {
		if d.Severity == diag.Error && d.Code != "name/compute" {
			return false
		}
	}
	return true
}

// observeAndPlan observes the workspaces of the specs (unless obs already
// holds them) and plans against them.
func observeAndPlan(ctx context.Context, e *env, cmd string, c *azure.Client, desired *schema.Spec, obs *azure.Observation, prune bool, opts diff.Options) (*azure.LivePlan, int) {
	if obs == nil {
		var err error
		if obs, err = c.Observe(ctx, azure.Refs(desired)); err != nil {
			fmt.Fprintf(e.stderr, "amlc %s: observing the live clusters: %v\n", cmd, err)
			return nil, exitFailed
		}
	}
	lp, err := azure.PlanLiveWith(desired, obs, c.Endpoint(), prune, opts)
	if err != nil {
		fmt.Fprintf(e.stderr, "amlc %s: %v\n", cmd, err)
		return nil, exitFailed
	}
	return lp, -1
}
