// Package parallel runs independent pieces of work on every CPU.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// ForEach calls f(i) for every i in [0, n), on as many goroutines as there
// are CPUs to run them (GOMAXPROCS), and returns when every call has
// returned. The calls must be independent; each takes the next index, so a
// large piece of work does not hold up the ones after it.
//
// A panic in f is re-raised on the caller's goroutine once the others have
// stopped, so that the caller's recover sees it (a panic on another
// goroutine would end the process with a stack trace).
func ForEach(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	var once sync.Once
	var panicked any
	var failed atomic.Bool
	for range workers {
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					once.Do(func() { panicked = r })
					failed.Store(true)
				}
			}()
			for !failed.Load() {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
	if failed.Load() {
		panic(panicked)
	}
}
