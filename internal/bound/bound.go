// Package bound runs a computation that cannot be cancelled (a CUE
// evaluation) under a bound on time and memory: when the computation goes
// past either, the caller gets a clear error at once instead of a process
// that hangs or fills the machine's memory.
//
// The bound on memory watches the live heap of the whole process, as the
// garbage collector last measured it, and makes the collector measure it
// whenever the heap has grown past the bound. A single allocation larger
// than the machine can give ends a Go process with a fatal error before
// any watcher can see it; amlc keeps such allocations away from its own
// process (schema.Options.Guard).
package bound

import (
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"

	"github.com/amlc-dev/amlc/internal/readlimit"
)

// Limits bound a computation. A zero field means no bound.
type Limits struct {
	// Memory is the most live heap the process may hold, in bytes.
	Memory uint64
	// Time is the most the computation may take.
	Time time.Duration
}

// The defaults, and the environment variables that change them.
const (
	DefaultMemory = 4 << 30
	DefaultTime   = 60 * time.Second
	MemoryEnv     = "AMLC_EVAL_MEMORY"
	TimeEnv       = "AMLC_EVAL_TIMEOUT"
)

// FromEnv returns the default limits as AMLC_EVAL_MEMORY (bytes, or with a
// unit: 512MiB, 8GiB) and AMLC_EVAL_TIMEOUT (a Go duration: 90s, 5m)
// change them; "0" turns a bound off.
func FromEnv() (Limits, error) {
	l := Limits{Memory: DefaultMemory, Time: DefaultTime}
	if v := os.Getenv(MemoryEnv); v != "" {
		n, err := ParseSize(v)
		if err != nil {
			return Limits{}, fmt.Errorf("%s: %v", MemoryEnv, err)
		}
		l.Memory = n
	}
	if v := os.Getenv(TimeEnv); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil && v == "0" {
			d, err = 0, nil
		}
		if err != nil || d < 0 {
			return Limits{}, fmt.Errorf("%s: %q is not a duration such as 90s or 5m", TimeEnv, v)
		}
		l.Time = d
	}
	return l, nil
}

// ParseSize reads a size in bytes: a number, optionally followed by KiB,
// MiB or GiB (or KB, MB, GB, taken as the same powers of two).
func ParseSize(s string) (uint64, error) {
	t := strings.TrimSpace(s)
	mult := uint64(1)
	for _, u := range []struct {
		suffix string
		mult   uint64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}} {
		if n, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = strings.TrimSpace(n), u.mult
			break
		}
	}
	n, err := strconv.ParseUint(t, 10, 64)
	if err != nil || n > ^uint64(0)/mult {
		return 0, fmt.Errorf("%q is not a size such as 512MiB or 8GiB", s)
	}
	return n * mult, nil
}

// ExceededError says which bound a computation went past.
type ExceededError struct {
	Memory bool          // the memory bound, else the time bound
	Limits Limits        // the bounds in force
	Took   time.Duration // how long the computation had run
}

func (e *ExceededError) Error() string {
	if e.Memory {
		return fmt.Sprintf("evaluating the specs needed more than %s of memory (after %s); raise the bound with %s=SIZE if the specs are really that large",
			readlimit.Size(int64(e.Limits.Memory)), e.Took.Round(100*time.Millisecond), MemoryEnv)
	}
	return fmt.Sprintf("evaluating the specs took longer than %s; raise the bound with %s=DURATION if the specs are really that large",
		e.Limits.Time, TimeEnv)
}

// interval is how often the watcher looks.
const interval = 10 * time.Millisecond

// Run runs f on a goroutine of its own and waits until it returns, or
// until it goes past a bound, whichever comes first. Past a bound, Run
// returns an *ExceededError at once, and f goes on running: nothing can
// stop it, so the caller must end the process soon (a command reports the
// error and exits). A panic in f is raised again on the caller's
// goroutine.
func Run(l Limits, f func()) error {
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		f()
	}()
	if l.Memory == 0 && l.Time == 0 {
		if r := <-done; r != nil {
			panic(r)
		}
		return nil
	}
	start := time.Now()
	tick := time.NewTicker(interval)
	defer tick.Stop()
	var deadline <-chan time.Time
	if l.Time > 0 {
		t := time.NewTimer(l.Time)
		defer t.Stop()
		deadline = t.C
	}
	w := watcher{limit: l.Memory, next: l.Memory}
	for {
		select {
		case r := <-done:
			if r != nil {
				panic(r)
			}
			return nil
		case <-deadline:
			return &ExceededError{Limits: l, Took: time.Since(start)}
		case <-tick.C:
			if w.exceeded() {
				return &ExceededError{Memory: true, Limits: l, Took: time.Since(start)}
			}
		}
	}
}

// watcher decides whether the live heap is past the bound. Reading the
// heap's size is cheap; the live part of it is known only after a
// collection, which the watcher asks for only when the heap has grown past
// the bound (or past twice what was live at the last look), so that
// garbage not yet collected never counts.
type watcher struct {
	limit, next uint64
	samples     []metrics.Sample
}

func (w *watcher) exceeded() bool {
	if w.limit == 0 {
		return false
	}
	if w.samples == nil {
		w.samples = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
	}
	metrics.Read(w.samples[:1])
	if heap := sampleValue(w.samples[0]); heap <= w.next {
		return false
	}
	runtime.GC()
	metrics.Read(w.samples[1:])
	live := sampleValue(w.samples[1])
	if live > w.limit {
		return true
	}
	w.next = max(w.limit, 2*live)
	return false
}

func sampleValue(s metrics.Sample) uint64 {
	if s.Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s.Value.Uint64()
}
