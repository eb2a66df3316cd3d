// Command amlc validates, compiles and plans Azure Machine Learning compute
// clusters declared in CUE spec files. See README.md and SPEC.md.
package main

import (
	"os"
	"runtime/debug"
)

// defaultMemoryLimit is the soft memory limit amlc runs under unless
// GOMEMLIMIT says otherwise. CUE's evaluation graph of a large repository
// is short-lived garbage; with Go's default GC pacing the heap doubles
// before it is collected (10,000 clusters: ~380 MB peak). Under this soft
// limit the collector runs earlier (~265 MB for a little more CPU); it is
// never a hard cap.
const defaultMemoryLimit = 256 << 20

func main() {
	if _, ok := os.LookupEnv("GOMEMLIMIT"); !ok {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
