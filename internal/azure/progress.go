package azure

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"
)

// Progress prints a line when an operation starts and when it ends, and
// every Interval a line naming the operations still waited for. A nil
// *Progress prints nothing.
type Progress struct {
	w        io.Writer
	interval time.Duration

	mu      sync.Mutex
	running map[int]op
	next    int
	stop    chan struct{}
	stopped chan struct{}
}

type op struct {
	subject, what string
	since         time.Time
}

// NewProgress returns a reporter writing to w; interval ≤ 0 means no
// waiting lines. Close stops it.
func NewProgress(w io.Writer, interval time.Duration) *Progress {
	p := &Progress{w: w, interval: interval, running: map[int]op{}, stop: make(chan struct{}), stopped: make(chan struct{})}
	go p.tick()
	return p
}

func (p *Progress) tick() {
	defer close(p.stopped)
	if p.interval <= 0 {
		<-p.stop
		return
	}
	t := time.NewTicker(p.interval)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case now := <-t.C:
			p.mu.Lock()
			ids := make([]int, 0, len(p.running))
			for id := range p.running {
				ids = append(ids, id)
			}
			slices.Sort(ids)
			var parts []string
			for _, id := range ids {
				o := p.running[id]
				parts = append(parts, fmt.Sprintf("%s (%s, %s)", o.subject, o.what, now.Sub(o.since).Round(time.Second)))
			}
			if len(parts) > 0 {
				fmt.Fprintf(p.w, "still waiting for %s\n", strings.Join(parts, "; "))
			}
			p.mu.Unlock()
		}
	}
}

// Start reports that an operation on subject began and returns the
// function that reports its end.
func (p *Progress) Start(subject, what string) func(error) {
	if p == nil {
		return func(error) {}
	}
	p.mu.Lock()
	id := p.next
	p.next++
	p.running[id] = op{subject, what, time.Now()}
	fmt.Fprintf(p.w, "%s: %s…\n", subject, what)
	p.mu.Unlock()
	return func(err error) {
		p.mu.Lock()
		defer p.mu.Unlock()
		delete(p.running, id)
		if err != nil {
			fmt.Fprintf(p.w, "%s: %s failed: %s\n", subject, what, Describe(err))
			return
		}
		fmt.Fprintf(p.w, "%s: %s done\n", subject, what)
	}
}

// Printf writes one line.
func (p *Progress) Printf(format string, args ...any) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, format+"\n", args...)
}

// Close stops the waiting lines.
func (p *Progress) Close() {
	if p == nil {
		return
	}
	close(p.stop)
	<-p.stopped
}
