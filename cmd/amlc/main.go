// Command amlc validates, compiles and plans Azure Machine Learning compute
// clusters declared in CUE spec files. See README.md and docs/.
package main

import (
	"os"
	"runtime/debug"
)

func main() {
	tuneGC()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// tuneGC lets the heap grow to five times what is live between
// collections instead of twice (GOGC=400), under a soft limit of 256 MiB
// (GOMEMLIMIT), unless GOGC or GOMEMLIMIT is set. amlc runs for tens of
// milliseconds and allocates mostly data it keeps to the end; at the
// default, a vet of 1,000 clusters spent a quarter of its time collecting
// a heap that was still growing. The limit keeps large specs evaluated in
// CUE in bounds: 10,000 clusters through CUE peaked at 590 MiB with
// GOGC=400 alone, 267 MiB with the limit (and 305 MiB at the default).
// A configuration whose live data exceeds the limit is collected more
// often, not refused; GOMEMLIMIT raises it. Figures: bench/README.md.
func tuneGC() {
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(400)
		debug.SetMemoryLimit(256 << 20)
	}
}
