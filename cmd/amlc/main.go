// Command amlc validates, compiles and plans Azure Machine Learning compute
// clusters declared in CUE spec files. See README.md and docs/.
package main

import (
	"os"
	"runtime/debug"

	"github.com/amlc-dev/amlc/internal/sysmem"
)

func main() {
	tuneGC()
	stop := startProfile()
	code := run(os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// tuneGC lets the heap grow to five times what is live between
// collections instead of twice (GOGC=400), unless GOGC or GOMEMLIMIT is
// set. amlc runs for a fraction of a second to seconds and keeps most of
// what it allocates to the end (the evaluated configuration): at the
// default a vet spends a quarter of its time collecting a heap that is
// still growing. The soft limit comes from the machine: three quarters of
// the memory this process may use (physical memory, or a container's
// limit), far above what a vet keeps live, so that the collector runs
// harder only where the heap would otherwise outgrow the machine. A fixed
// limit of 256 MiB sat below the live heap of 10,000 clusters evaluated
// in CUE and made the collector run without pause (43 s instead of 14 s).
// Figures at 1,000, 10,000 and 30,000 clusters: docs/performance.md.
func tuneGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(gcPercent)
	if m, ok := sysmem.Limit(); ok {
		debug.SetMemoryLimit(softLimit(m))
	}
}

// gcPercent is amlc's GOGC.
const gcPercent = 400

// softLimit is the soft memory limit for a machine with m bytes.
func softLimit(m uint64) int64 { return int64(m / 4 * 3) }
