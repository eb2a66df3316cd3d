// Command armfake runs the fake Azure Resource Manager endpoint of
// internal/armfake, for trying amlc's live commands offline. It needs no
// file: the VM sizes and usages it serves are embedded (--catalog DIR
// serves others).
//
// In the foreground, it prints the line that points amlc at it on stdout
// and serves until SIGINT or SIGTERM:
//
//	$ armfake --workspace 6f1b…/rg-ml-prod/ml-prod/eastus
//	armfake: serving https://127.0.0.1:41719 until interrupted; in the shell that runs amlc, run:
//	export AMLC_ARM_ENDPOINT=https://127.0.0.1:41719 SSL_CERT_FILE=/tmp/armfake-123.pem AMLC_ACCESS_TOKEN=armfake
//
// With --detach it starts the server in the background, prints the same
// line with ARMFAKE_PID added once the server answers, and exits, so that
// a shell can take it in one step:
//
//	eval "$(armfake --detach --workspace 6f1b…/rg-ml-prod/ml-prod/eastus)"
//	amlc diff --live fixtures/quickstart
//	kill "$ARMFAKE_PID"
//
// --addr fixes the address (default: a free port on 127.0.0.1) and
// --cert-out the certificate file (default: a temporary file, removed when
// the server stops). With --control it also serves GET /_armfake/stats,
// the requests received and the most in flight at once, and POST
// /_armfake/reset, which restores the seeded state and zeroes them: how go
// run ./bench counts what `amlc diff --live` asked.
package main

import (
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	if os.Getenv(childEnv) == "1" {
		os.Exit(runChild(os.Args[1:], stop))
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, stop))
}

// run parses the flags, serves until stop receives, and returns the exit
// code: 0 after a signal, 2 for a usage error, 1 when the server cannot
// start. With --detach it starts the server in a process of its own and
// returns once that one serves.
func run(args []string, stdout, stderr io.Writer, stop <-chan os.Signal) int {
	cfg, code, ok := parseFlags(args, stderr)
	if !ok {
		return code
	}
	if cfg.detach {
		return detach(args, stdout, stderr)
	}
	return serve(cfg, stdout, stderr, stop, nil)
}
