package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// startProfile writes a CPU profile of the whole process to the file that
// AMLC_CPUPROFILE names, for `go tool pprof` (docs/performance.md); it
// returns the function that stops it. A profile that cannot be started is
// reported and the command runs without it. The switch is for measuring
// amlc on real repositories, not a user-facing option.
func startProfile() func() {
	path := os.Getenv("AMLC_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "amlc: AMLC_CPUPROFILE:", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, "amlc: AMLC_CPUPROFILE:", err)
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
