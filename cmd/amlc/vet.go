package main

import (
	"fmt"
	"os"

	"github.com/spf13/pflag"

	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/internal/policy"
	"github.com/amlc-dev/amlc/internal/pricing"
	"github.com/amlc-dev/amlc/schema"
)

// vetFlags are the flags shared by every command that validates specs.
type vetFlags struct {
	catalogs []string
	prices   string
	tags     []string
}

// registerPrices adds --prices.
func (v *vetFlags) registerPrices(fs *pflag.FlagSet) {
	fs.StringVar(&v.prices, "prices", "", "price `file` (CSV: armRegionName,armSkuName,retailPriceUSDPerHour) to use instead of the embedded price table")
}

// registerInject adds -t/--inject, the CUE build tags of the specs, to a
// command that reads specs. It means what cue's -t means (docs/loading.md).
func (v *vetFlags) registerInject(fs *pflag.FlagSet) {
	fs.StringArrayVarP(&v.tags, "inject", "t", nil,
		"CUE build tag `KEY[=VALUE]` for the specs, as cue's -t: files with @if(KEY) are read, fields with @tag(KEY) get VALUE (repeatable)")
}

func (v *vetFlags) options(e *env, cmd string) (schema.Options, int) {
	// AMLC_EVAL=cue evaluates plain-data specs in CUE too (README).
	cueOnly := os.Getenv("AMLC_EVAL") == "cue"
	limits, code := evalLimits(e, cmd)
	if code >= 0 {
		return schema.Options{}, code
	}
	var prices pricing.Prices
	if v.prices != "" {
		data, err := os.ReadFile(v.prices)
		if err != nil {
			fmt.Fprintf(e.stderr, "amlc %s: --prices: %v\n", cmd, err)
			return schema.Options{}, exitFailed
		}
		tbl, err := pricing.ParseCSV(data, diag.RelPath(e.cwd, v.prices))
		if err != nil {
			fmt.Fprintf(e.stderr, "amlc %s: --prices: %v\n", cmd, err)
			return schema.Options{}, exitFailed
		}
		prices = tbl
	}
	all, byRegion, code := v.readCatalogs(e, cmd)
	if code >= 0 {
		return schema.Options{}, code
	}
	return schema.Options{Catalog: all, Catalogs: byRegion, CUEOnly: cueOnly, Tags: v.tags, Limits: limits, Prices: prices}, -1
}

func runVet(e *env, args []string) int {
	fs := newFlags(e, "vet", "[flags] [PATH...]")
	format := fs.String("format", "text", "output format: text, json, sarif or github")
	setValues(fs, "format", "text", "json", "sarif", "github")
	strict := fs.Bool("strict", false, "fail (exit 1) on warnings too")
	var vf vetFlags
	vf.registerCatalog(fs, catalogUsage)
	vf.registerInject(fs)
	vf.registerPrices(fs)
	var policyPaths []string
	fs.StringArrayVar(&policyPaths, "policy", nil, "Azure Policy definitions to evaluate against every cluster: a JSON `file` or a directory of them (repeatable)")
	policyParams := fs.String("policy-params", "", "parameter values for the --policy definitions, as `file` {\"name\": {\"value\": …}}")
	policyBuiltins := fs.Bool("policy-builtins", true, "evaluate the Azure Policy built-ins on ML computes as advice")
	cost := fs.Bool("cost", false, "report every cluster's monthly cost (floor at minNodes, ceiling at maxNodes) and each workspace's as notes")
	live := fs.Bool("live", false, "check against live Azure: each region's VM sizes and quota usage, and locks on the workspaces' resource groups")
	var lf liveFlags
	lf.register(fs)
	if code := parseFlags(e, fs, args); code >= 0 {
		return code
	}
	switch *format {
	case "text", "json", "sarif", "github":
	default:
		return usageError(e, "vet", "--format must be text, json, sarif or github; got %q", *format)
	}
	paths, opts, code := vf.inputs(e, "vet", fs.Args())
	if code >= 0 {
		return code
	}
	opts.Cost = *cost
	if *policyParams != "" && len(policyPaths) == 0 {
		return usageError(e, "vet", "--policy-params needs --policy")
	}
	var policyDiags diag.Diagnostics
	var defs, builtins []*policy.Definition
	if len(policyPaths) > 0 {
		defs, policyDiags = policy.Load(policyPaths, *policyParams)
	}
	if *policyBuiltins {
		builtins = policy.Builtins()
	}
	if len(defs)+len(builtins) > 0 {
		opts.Checks = append(opts.Checks, policy.NewChecker(defs, builtins))
	}
	var res *schema.Result
	if *live {
		if res, code = vetLive(e, paths, opts, &lf); code >= 0 {
			return code
		}
	} else {
		res = vetGuarded(e, paths, opts)
	}
	if len(policyDiags) > 0 {
		res.Diags = append(res.Diags, policyDiags...).Sorted()
	}
	var err error
	switch *format {
	case "text":
		err = diag.WriteText(e.stdout, res.Diags, e.cwd)
		if err == nil {
			_, err = fmt.Fprintln(e.stdout, checkedLine(res))
		}
	case "json":
		err = diag.WriteJSON(e.stdout, res.Diags, e.cwd)
	case "sarif":
		err = diag.WriteSARIF(e.stdout, res.Diags, e.cwd, buildVersion().Version)
	case "github":
		err = diag.WriteGitHub(e.stdout, res.Diags, e.cwd)
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "amlc vet:", err)
		return exitFailed
	}
	errs, warns := res.Diags.Count()
	if errs > 0 || *strict && warns > 0 {
		return exitFailed
	}
	return exitOK
}

// checkedLine says what vet looked at and what it found.
func checkedLine(res *schema.Result) string {
	ws, cs := 0, 0
	for _, w := range res.Spec.Workspaces {
		ws++
		cs += len(w.Clusters)
	}
	return fmt.Sprintf("checked %s in %s (%s): %s",
		plural(cs, "cluster"), plural(ws, "workspace"), plural(len(res.Files), "file"), diag.Summary(res.Diags))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
