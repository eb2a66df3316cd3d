package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/amlc-dev/amlc/internal/armfake"
	"github.com/spf13/pflag"
)

// config is what the flags ask for.
type config struct {
	opts    armfake.Options
	certOut string // "" for a temporary file
	detach  bool
}

// parseFlags reads the command line. When ok is false the command ends
// with code: 0 for --help, 2 for a usage error (already reported on
// stderr).
func parseFlags(args []string, stderr io.Writer) (cfg config, code int, ok bool) {
	fs := pflag.NewFlagSet("armfake", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "loopback `address` to listen on, e.g. 127.0.0.1:8443 (default: a free port)")
	fs.StringVar(&cfg.certOut, "cert-out", "", "write the server's self-signed certificate (PEM) to `FILE`, for SSL_CERT_FILE (default: a temporary file, removed on exit)")
	fs.BoolVar(&cfg.detach, "detach", false, "serve in the background: print the export line, with ARMFAKE_PID, once the server answers, and exit (not on Windows)")
	configFile := fs.String("config", "", "read the options (Workspaces, Computes, Locks, Usages, …) from JSON `FILE`")
	workspaces := fs.StringArray("workspace", nil, "a workspace that exists, as `SUBSCRIPTION/RESOURCE_GROUP/NAME/LOCATION` (repeatable)")
	catalogDir := fs.String("catalog", "", "serve the VM sizes and usages in `DIR` (*vmsizes*.json, *usages*.json) instead of the embedded eastus recordings")
	polls := fs.Int("polls", 0, "in-progress polls before an operation ends (default 1; negative for none)")
	pageSize := fs.Int("page-size", 0, "computes per list page (default 2)")
	latency := fs.Duration("latency", 0, "delay every request by `DURATION`")
	token := fs.String("token", "", "accept only this bearer token (default: any)")
	control := fs.Bool("control", false, "serve GET /_armfake/stats (requests received, peak in flight) and POST /_armfake/reset (restore the seeded state, zero the counts)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: armfake [flags]\n\nA fake Azure Resource Manager endpoint for amlc, on a loopback address.\nIt prints the export line that points amlc at it.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return cfg, 0, false
		}
		return cfg, 2, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "armfake: unexpected argument %q\n", fs.Arg(0))
		return cfg, 2, false
	}
	if *configFile != "" {
		data, err := os.ReadFile(*configFile)
		if err == nil {
			err = json.Unmarshal(data, &cfg.opts)
		}
		if err != nil {
			fmt.Fprintf(stderr, "armfake: --config: %v\n", err)
			return cfg, 2, false
		}
	}
	for _, w := range *workspaces {
		parts := strings.Split(w, "/")
		if len(parts) != 4 || slices.Contains(parts, "") {
			fmt.Fprintf(stderr, "armfake: --workspace %q: want SUBSCRIPTION/RESOURCE_GROUP/NAME/LOCATION\n", w)
			return cfg, 2, false
		}
		cfg.opts.Workspaces = append(cfg.opts.Workspaces, armfake.Workspace{Subscription: parts[0], ResourceGroup: parts[1], Name: parts[2], Location: parts[3]})
	}
	cfg.opts.Addr = *addr
	setIf(&cfg.opts.CatalogDir, *catalogDir, "")
	setIf(&cfg.opts.Polls, *polls, 0)
	setIf(&cfg.opts.PageSize, *pageSize, 0)
	setIf(&cfg.opts.Latency, *latency, time.Duration(0))
	setIf(&cfg.opts.Token, *token, "")
	setIf(&cfg.opts.Control, *control, false)
	return cfg, 0, true
}

// setIf sets *dst to v unless v is the zero value.
func setIf[T comparable](dst *T, v, zero T) {
	if v != zero {
		*dst = v
	}
}
