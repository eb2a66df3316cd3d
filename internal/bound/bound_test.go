package bound

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestRunReturnsWhenDone(t *testing.T) {
	ran := false
	if err := Run(Limits{Memory: 1 << 30, Time: time.Minute}, func() { ran = true }); err != nil || !ran {
		t.Fatalf("err %v, ran %v", err, ran)
	}
	if err := Run(Limits{}, func() {}); err != nil {
		t.Fatal(err)
	}
}

func TestRunTime(t *testing.T) {
	stop := make(chan struct{})
	defer close(stop)
	start := time.Now()
	err := Run(Limits{Time: 50 * time.Millisecond}, func() { <-stop })
	var ee *ExceededError
	if !errors.As(err, &ee) || ee.Memory {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	if !strings.Contains(err.Error(), "took longer than 50ms") || !strings.Contains(err.Error(), TimeEnv) {
		t.Errorf("message %q", err)
	}
}

// Memory that stays reachable past the bound is caught.
func TestRunMemory(t *testing.T) {
	stop, stopped := make(chan struct{}), make(chan struct{})
	var keep [][]byte
	defer func() {
		close(stop)
		<-stopped
		if len(keep) < 64 {
			t.Errorf("stopped after %d MiB", len(keep))
		}
	}()
	err := Run(Limits{Memory: 64 << 20}, func() {
		defer close(stopped)
		for {
			select {
			case <-stop:
				return
			default:
			}
			keep = append(keep, make([]byte, 1<<20))
			time.Sleep(100 * time.Microsecond)
		}
	})
	var ee *ExceededError
	if !errors.As(err, &ee) || !ee.Memory {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "more than 64 MiB of memory") || !strings.Contains(err.Error(), MemoryEnv) {
		t.Errorf("message %q", err)
	}
}

// Garbage, however much, is not live memory.
func TestRunGarbage(t *testing.T) {
	var sink []byte
	garbage := func() {
		for range 400 {
			sink = make([]byte, 1<<20)
			time.Sleep(50 * time.Microsecond)
		}
	}
	if err := Run(Limits{Memory: 64 << 20}, garbage); err != nil {
		t.Errorf("garbage counted: %v", err)
	}
	_ = sink
}

func TestRunPanics(t *testing.T) {
	defer func() {
		if r := recover(); r != "boom" {
			t.Errorf("recovered %v", r)
		}
	}()
	_ = Run(Limits{Time: time.Minute}, func() { panic("boom") })
	t.Fatal("no panic")
}

func TestFromEnv(t *testing.T) {
	t.Setenv(MemoryEnv, "")
	t.Setenv(TimeEnv, "")
	l, err := FromEnv()
	if err != nil || l.Memory != DefaultMemory || l.Time != DefaultTime {
		t.Fatalf("defaults: %+v, %v", l, err)
	}
	t.Setenv(MemoryEnv, "512MiB")
	t.Setenv(TimeEnv, "90s")
	if l, err = FromEnv(); err != nil || l.Memory != 512<<20 || l.Time != 90*time.Second {
		t.Fatalf("set: %+v, %v", l, err)
	}
	t.Setenv(TimeEnv, "0")
	t.Setenv(MemoryEnv, "0")
	if l, err = FromEnv(); err != nil || l.Memory != 0 || l.Time != 0 {
		t.Fatalf("off: %+v, %v", l, err)
	}
	t.Setenv(MemoryEnv, "lots")
	if _, err = FromEnv(); err == nil || !strings.Contains(err.Error(), MemoryEnv) {
		t.Errorf("bad size: %v", err)
	}
	t.Setenv(MemoryEnv, "")
	t.Setenv(TimeEnv, "soon")
	if _, err = FromEnv(); err == nil || !strings.Contains(err.Error(), TimeEnv) {
		t.Errorf("bad duration: %v", err)
	}
}
