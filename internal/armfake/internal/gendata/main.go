// Command gendata writes the fake ARM server's embedded responses
// (internal/armfake/data/) from the Azure PowerShell recordings in the
// repository's testdata/azure-catalog: the body of each recording, its
// Response.Content, byte for byte. It is run from the armfake package's
// directory by go generate:
//
//	go run ./internal/gendata [-src DIR] [-out DIR]
//
// Its output depends only on the recordings, so running it twice yields
// identical files.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

// files maps each recording (in -src) to the body file it becomes (in -out).
var files = []struct{ recording, body string }{
	{"aml-vmsizes-eastus-2025-11-04.azure-powershell-recording.json", "vmsizes-eastus-2025-11-04.json"},
	{"aml-usages-eastus-2025-11-04.azure-powershell-recording.json", "usages-eastus-2025-11-04.json"},
}

func main() {
	src := flag.String("src", "../../testdata/azure-catalog", "the `DIR` of the recordings")
	out := flag.String("out", "data", "the `DIR` to write the response bodies into")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "gendata: unexpected arguments:", flag.Args())
		os.Exit(2)
	}
	for _, f := range files {
		if err := extract(filepath.Join(*src, f.recording), filepath.Join(*out, f.body)); err != nil {
			fmt.Fprintln(os.Stderr, "gendata:", err)
			os.Exit(1)
		}
	}
}

// extract writes the response body of the recording src to dst.
func extract(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	var rec map[string]struct {
		Response struct {
			Content         *string
			IsContentBase64 bool `json:"isContentBase64"`
		}
	}
	if err := json.Unmarshal(data, &rec); err != nil {
		return fmt.Errorf("%s: %v", src, err)
	}
	if len(rec) != 1 {
		return fmt.Errorf("%s: %d keys, want the one exchange of a recording", src, len(rec))
	}
	for _, x := range rec {
		if x.Response.Content == nil || x.Response.IsContentBase64 {
			return fmt.Errorf("%s: no plain-text response body", src)
		}
		body := []byte(*x.Response.Content)
		if !json.Valid(body) {
			return errors.New(src + ": the response body is not JSON")
		}
		return os.WriteFile(dst, body, 0o644)
	}
	return nil
}
