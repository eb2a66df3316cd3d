// Command armfake runs the fake Azure Resource Manager endpoint of
// internal/armfake, for trying amlc's live commands offline:
//
//	armfake --cert-out /tmp/armfake.pem --workspace 6f1b…/rg-ml-prod/ml-prod/eastus &
//	SSL_CERT_FILE=/tmp/armfake.pem AMLC_ACCESS_TOKEN=demo \
//	    amlc vet --live --arm-endpoint https://127.0.0.1:PORT fixtures/quickstart
//
// It prints its base URL on stdout and serves until SIGINT or SIGTERM.
// With --control it also serves GET /_armfake/stats, the requests received
// and the most in flight at once, and POST /_armfake/reset, which restores
// the seeded state and zeroes them: how go run ./bench counts what
// `amlc diff --live` asked.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/amlc-dev/amlc/internal/armfake"
	"github.com/spf13/pflag"
)

func main() {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, stop))
}

// run parses the flags, serves until stop receives, and returns the exit
// code: 0 after a signal, 2 for a usage error, 1 when the server cannot
// start.
func run(args []string, stdout, stderr io.Writer, stop <-chan os.Signal) int {
	fs := pflag.NewFlagSet("armfake", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "loopback `address` to listen on")
	certOut := fs.String("cert-out", "", "write the server's self-signed certificate (PEM) to `FILE`, for SSL_CERT_FILE")
	config := fs.String("config", "", "read the options (Workspaces, Computes, Locks, Usages, …) from JSON `FILE`")
	workspaces := fs.StringArray("workspace", nil, "a workspace that exists, as `SUBSCRIPTION/RESOURCE_GROUP/NAME/LOCATION` (repeatable)")
	catalogDir := fs.String("catalog", "", "serve the VM sizes and usages in `DIR` (*vmsizes*.json, *usages*.json) instead of the embedded eastus recordings")
	polls := fs.Int("polls", 0, "in-progress polls before an operation ends (default 1; negative for none)")
	pageSize := fs.Int("page-size", 0, "computes per list page (default 2)")
	latency := fs.Duration("latency", 0, "delay every request by `DURATION`")
	token := fs.String("token", "", "accept only this bearer token (default: any)")
	control := fs.Bool("control", false, "serve GET /_armfake/stats (requests received, peak in flight) and POST /_armfake/reset (restore the seeded state, zero the counts)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: armfake [flags]\n\nA fake Azure Resource Manager endpoint for amlc, on a loopback address.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "armfake: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	var opts armfake.Options
	if *config != "" {
		data, err := os.ReadFile(*config)
		if err == nil {
			err = json.Unmarshal(data, &opts)
		}
		if err != nil {
			fmt.Fprintf(stderr, "armfake: --config: %v\n", err)
			return 2
		}
	}
	for _, w := range *workspaces {
		parts := strings.Split(w, "/")
		if len(parts) != 4 || slices.Contains(parts, "") {
			fmt.Fprintf(stderr, "armfake: --workspace %q: want SUBSCRIPTION/RESOURCE_GROUP/NAME/LOCATION\n", w)
			return 2
		}
		opts.Workspaces = append(opts.Workspaces, armfake.Workspace{Subscription: parts[0], ResourceGroup: parts[1], Name: parts[2], Location: parts[3]})
	}
	opts.Addr = *addr
	setIf(&opts.CatalogDir, *catalogDir, "")
	setIf(&opts.Polls, *polls, 0)
	setIf(&opts.PageSize, *pageSize, 0)
	setIf(&opts.Latency, *latency, time.Duration(0))
	setIf(&opts.Token, *token, "")
	setIf(&opts.Control, *control, false)

	s, err := armfake.Start(opts)
	if err != nil {
		fmt.Fprintln(stderr, "armfake:", err)
		return 1
	}
	defer s.Close()
	if *certOut != "" {
		if err := os.WriteFile(*certOut, s.CertPEM(), 0o644); err != nil {
			fmt.Fprintln(stderr, "armfake:", err)
			return 1
		}
	}
	fmt.Fprintln(stdout, s.URL())
	<-stop
	return 0
}

// setIf sets *dst to v unless v is the zero value.
func setIf[T comparable](dst *T, v, zero T) {
	if v != zero {
		*dst = v
	}
}
