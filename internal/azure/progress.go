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
	nextPoll      time.Time // when the operation is polled again; zero when not waiting
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
				part := fmt.Sprintf("%s (%s, %s", o.subject, o.what, now.Sub(o.since).Round(time.Second))
				if next := o.nextPoll.Sub(now); next > 0 {
					part += fmt.Sprintf("; next poll in %s", roundWait(next))
				}
				parts = append(parts, part+")")
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
	return p.StartOp(subject, what).Done
}

// Op is an operation a Progress reports on. A nil *Op reports nothing.
type Op struct {
	p      *Progress
	id     int
	capped bool // a capped wait was reported
}

// StartOp reports that an operation on subject began.
func (p *Progress) StartOp(subject, what string) *Op {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	id := p.next
	p.next++
	p.running[id] = op{subject: subject, what: what, since: time.Now()}
	fmt.Fprintf(p.w, "%s: %s…\n", subject, what)
	return &Op{p: p, id: id}
}

// Waiting reports that the operation will be polled again after next,
// where the service asked for asked (0 when it did not say). The waiting
// lines show it; a wait cut short of what the service asked is said at
// once, the first time.
func (o *Op) Waiting(asked, next time.Duration) {
	if o == nil {
		return
	}
	p := o.p
	p.mu.Lock()
	defer p.mu.Unlock()
	r, ok := p.running[o.id]
	if !ok {
		return
	}
	r.nextPoll = time.Now().Add(next)
	p.running[o.id] = r
	if asked > next && !o.capped {
		o.capped = true
		fmt.Fprintf(p.w, "%s: Azure asked to wait %s before polling again; polling again in %s, the longest amlc waits between polls\n",
			r.subject, roundWait(asked), roundWait(next))
	}
}

// Done reports the end of the operation.
func (o *Op) Done(err error) {
	if o == nil {
		return
	}
	p := o.p
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.running[o.id]
	delete(p.running, o.id)
	if err != nil {
		fmt.Fprintf(p.w, "%s: %s failed: %s\n", r.subject, r.what, Describe(err))
		return
	}
	fmt.Fprintf(p.w, "%s: %s done\n", r.subject, r.what)
}

// roundWait rounds a wait for reading: to the second, or to the
// millisecond below one second.
func roundWait(d time.Duration) time.Duration {
	if d < time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(time.Second)
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
