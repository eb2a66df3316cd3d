package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// command is one measured command line.
type command struct {
	label    string   // as printed in the table
	clusters int      // how many clusters it reads
	argv     []string // program and arguments
	dir      string   // working directory
	env      []string // added to the environment
	// check validates the output of the first (warm-up) run, so that a
	// benchmark never times a command that fails or does something else.
	check func(stdout, stderr []byte) error
	// pre runs before each run, untimed (e.g. to remove an output
	// directory); post after each run that succeeded, untimed (e.g. to
	// read what a fake server counted).
	pre, post func() error
	// maxRuns, when above zero, caps the timed runs of a slow command
	// (the largest repositories).
	maxRuns int

	samples []sample
}

// sample is one timed run.
type sample struct {
	wall   time.Duration
	cpu    time.Duration // user and system time of the command
	rssKiB int64         // peak resident set size
}

// rssMethod is how peak RSS is read: "time" (/usr/bin/time -v, "Maximum
// resident set size") or "rusage" (wait4's ru_maxrss through os/exec).
// Both report the kernel's ru_maxrss of the process.
var rssMethod = "rusage"

const timeBin = "/usr/bin/time"

func init() {
	if _, err := os.Stat(timeBin); err == nil {
		rssMethod = "time"
	}
}

// run runs c once and returns its wall time and peak RSS, with its output.
func (c *command) run(tmp string) (sample, []byte, []byte, error) {
	if c.pre != nil {
		if err := c.pre(); err != nil {
			return sample{}, nil, nil, err
		}
	}
	// Flush what earlier commands wrote (cue export writes megabytes),
	// untimed, so that their writeback does not fall on this one.
	syscall.Sync()
	argv := c.argv
	var rssFile string
	if rssMethod == "time" {
		f, err := os.CreateTemp(tmp, "rss-*.txt")
		if err != nil {
			return sample{}, nil, nil, err
		}
		rssFile = f.Name()
		f.Close()
		defer os.Remove(rssFile)
		argv = append([]string{timeBin, "-v", "-o", rssFile, "--"}, argv...)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = c.dir
	cmd.Env = append(append(os.Environ(), "NO_COLOR=1", "CUE_REGISTRY=none"), c.env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return sample{}, stdout.Bytes(), stderr.Bytes(), fmt.Errorf("%s: %v\n%s%s", strings.Join(c.argv, " "), err, tail(stdout.Bytes()), tail(stderr.Bytes()))
	}
	if c.post != nil {
		if err := c.post(); err != nil {
			return sample{}, nil, nil, err
		}
	}
	s := sample{wall: wall}
	if rssMethod == "time" {
		rss, cpu, err := fromTime(rssFile)
		if err != nil {
			return sample{}, nil, nil, err
		}
		s.rssKiB, s.cpu = rss, cpu
	} else {
		s.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			s.rssKiB = ru.Maxrss // KiB on Linux
		}
	}
	return s, stdout.Bytes(), stderr.Bytes(), nil
}

// fromTime reads "Maximum resident set size (kbytes): N" and the user and
// system time from the output of /usr/bin/time -v.
func fromTime(path string) (int64, time.Duration, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	var rss int64 = -1
	var cpu time.Duration
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if v, ok := strings.CutPrefix(line, "Maximum resident set size (kbytes):"); ok {
			if rss, err = strconv.ParseInt(strings.TrimSpace(v), 10, 64); err != nil {
				return 0, 0, err
			}
		}
		for _, p := range []string{"User time (seconds):", "System time (seconds):"} {
			if v, ok := strings.CutPrefix(line, p); ok {
				sec, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil {
					return 0, 0, err
				}
				cpu += time.Duration(sec * float64(time.Second))
			}
		}
	}
	if rss < 0 {
		return 0, 0, fmt.Errorf("bench: no maximum resident set size in %s", filepath.Base(path))
	}
	return rss, cpu, nil
}

// tail returns the end of a command's output for error messages.
func tail(b []byte) string {
	const n = 2000
	if len(b) > n {
		b = append([]byte("…"), b[len(b)-n:]...)
	}
	return string(b)
}

func (c *command) median() time.Duration {
	ws := make([]time.Duration, len(c.samples))
	for i, s := range c.samples {
		ws[i] = s.wall
	}
	return medianDur(ws)
}

func (c *command) min() time.Duration {
	m := c.samples[0].wall
	for _, s := range c.samples[1:] {
		m = min(m, s.wall)
	}
	return m
}

// medianCPU is the median CPU time (user and system) of the runs.
func (c *command) medianCPU() time.Duration {
	ts := make([]time.Duration, len(c.samples))
	for i, s := range c.samples {
		ts[i] = s.cpu
	}
	return medianDur(ts)
}

// peakRSS is the largest peak RSS over the runs, in MiB.
func (c *command) peakRSS() float64 {
	var m int64
	for _, s := range c.samples {
		m = max(m, s.rssKiB)
	}
	return float64(m) / 1024
}

func medianDur(ws []time.Duration) time.Duration {
	if len(ws) == 0 {
		return 0
	}
	ws = slices.Clone(ws)
	slices.Sort(ws)
	n := len(ws)
	if n%2 == 1 {
		return ws[n/2]
	}
	return (ws[n/2-1] + ws[n/2]) / 2
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 0, 64) + " ms"
}
