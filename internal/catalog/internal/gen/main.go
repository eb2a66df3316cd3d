// Command gen writes the catalog package's embedded VM-size list
// (vmsizes_eastus.json) and its provenance constants (zz_generated.go) from a
// VirtualMachineSizes_List recording. It is run from the catalog package's
// directory by go generate:
//
//	go run ./internal/gen [-src RECORDING] [-out DIR]
//
// Its output depends only on the recording's bytes and base name, so running
// it twice yields identical files.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/amlc-dev/amlc/internal/catalog/internal/generate"
)

// defaultSrc is the recording in the repository's testdata/azure-catalog,
// relative to the catalog package's directory, where go generate runs.
const defaultSrc = "../../testdata/azure-catalog/aml-vmsizes-eastus-2025-11-04.azure-powershell-recording.json"

func main() {
	src := flag.String("src", defaultSrc, "the VirtualMachineSizes_List recording to read")
	out := flag.String("out", ".", "the directory to write "+generate.JSONFile+" and "+generate.GoFile+" into")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "gen: unexpected arguments:", flag.Args())
		os.Exit(2)
	}
	if err := run(*src, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(src, out string) error {
	rec, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	files, err := generate.Generate(rec, filepath.Base(src))
	if err != nil {
		return err
	}
	for name, data := range map[string][]byte{generate.JSONFile: files.JSON, generate.GoFile: files.Go} {
		if err := os.WriteFile(filepath.Join(out, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
