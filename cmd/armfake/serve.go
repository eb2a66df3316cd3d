package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/amlc-dev/amlc/internal/armfake"
)

// defaultToken is the token the export line gives amlc when the server
// accepts any.
const defaultToken = "armfake"

// serve starts the server, writes its certificate, prints the export line
// on stdout, and serves until stop receives. announced, when not nil, is
// called after the line is printed (the detached child closes its pipe to
// the parent there) and replaces the banner on stderr.
func serve(cfg config, stdout, stderr io.Writer, stop <-chan os.Signal, announced func()) int {
	s, err := armfake.Start(cfg.opts)
	if err != nil {
		fmt.Fprintln(stderr, "armfake:", err)
		return 1
	}
	defer s.Close()
	certFile := cfg.certOut
	if certFile == "" {
		f, err := os.CreateTemp("", "armfake-*.pem")
		if err != nil {
			fmt.Fprintln(stderr, "armfake:", err)
			return 1
		}
		certFile = f.Name()
		f.Close()
		defer os.Remove(certFile)
	}
	if err := os.WriteFile(certFile, s.CertPEM(), 0o644); err != nil {
		fmt.Fprintln(stderr, "armfake:", err)
		return 1
	}
	token := cfg.opts.Token
	if token == "" {
		token = defaultToken
	}
	if announced == nil {
		fmt.Fprintf(stderr, "armfake: serving %s until interrupted; in the shell that runs amlc, run:\n", s.URL())
	}
	fmt.Fprintln(stdout, exportLine(s.URL(), certFile, token))
	if announced != nil {
		announced()
	}
	<-stop
	return 0
}

// exportLine is the shell command that points amlc at the server.
func exportLine(url, certFile, token string) string {
	return "export " + strings.Join([]string{
		"AMLC_ARM_ENDPOINT=" + shellQuote(url),
		"SSL_CERT_FILE=" + shellQuote(certFile),
		"AMLC_ACCESS_TOKEN=" + shellQuote(token),
	}, " ")
}

// shellQuote quotes s for a POSIX shell when it holds anything but
// characters that need no quoting.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./_-") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
