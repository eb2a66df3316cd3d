package azure

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"

	"github.com/amlc-dev/amlc/internal/testkit"
)

func TestRetryAfter(t *testing.T) {
	for _, tc := range []struct {
		header, value string
		want          time.Duration
	}{
		{"Retry-After", "7", 7 * time.Second},
		{"Retry-After", "100000", 100000 * time.Second},
		{"Retry-After", "0", 0},
		{"Retry-After", "-5", 0},
		{"Retry-After", "soon", 0},
		{"Retry-After", "99999999999999999999", 0}, // not an int64: ignored
		{"Retry-After", "9223372036854775807", 1<<63 - 1},
		{"Retry-After", "Mon, 01 Jan 2001 00:00:00 GMT", 0},
		{"retry-after-ms", "250", 250 * time.Millisecond},
		{"x-ms-retry-after-ms", "9223372036854775807", 1<<63 - 1},
	} {
		resp := &http.Response{Header: http.Header{}}
		resp.Header.Set(tc.header, tc.value)
		if got := retryAfter(resp); got != tc.want {
			t.Errorf("%s: %s = %v, want %v", tc.header, tc.value, got, tc.want)
		}
	}
	resp := &http.Response{Header: http.Header{}}
	resp.Header.Set("Retry-After", "Thu, 01 Jan 2099 00:00:00 GMT")
	if got := retryAfter(resp); got < 70*365*24*time.Hour {
		t.Errorf("a date in 2099: %v", got)
	}
}

func TestPollDelayCapped(t *testing.T) {
	c := &Client{opts: Options{PollFrequency: 5 * time.Second}}
	for asked, want := range map[time.Duration]time.Duration{
		0:                         5 * time.Second,
		2 * time.Second:           2 * time.Second,
		100000 * time.Second:      time.Minute, // azcore's default MaxRetryDelay
		1<<63 - 1:                 time.Minute,
		70 * 365 * 24 * time.Hour: time.Minute,
	} {
		if got := c.pollDelay(asked); got != want {
			t.Errorf("asked %v: %v, want %v", asked, got, want)
		}
	}
	c.opts.Retry.MaxRetryDelay = 3 * time.Second
	if got := c.pollDelay(time.Hour); got != 3*time.Second {
		t.Errorf("with MaxRetryDelay 3s: %v", got)
	}
}

// TestPollRetryAfterCapped: an operation whose status answers ask for
// 100000 seconds, or a date in 2099, is polled again within the cap, and
// the progress says how long Azure asked and how long amlc waits.
func TestPollRetryAfterCapped(t *testing.T) {
	for _, ask := range []string{"100000", "Thu, 01 Jan 2099 00:00:00 GMT"} {
		a := newTinyARM(t)
		a.answer = func(w http.ResponseWriter, r *http.Request, n int) bool {
			switch {
			case r.Method == http.MethodDelete:
				w.Header().Set("Azure-AsyncOperation", a.srv.URL+"/ops/1?api-version=2026-05-01")
				w.Header().Set("Retry-After", ask)
				w.WriteHeader(http.StatusAccepted)
			case strings.HasPrefix(r.URL.Path, "/ops/") && n <= 2:
				w.Header().Set("Retry-After", ask)
				io.WriteString(w, `{"status":"InProgress"}`)
			case strings.HasPrefix(r.URL.Path, "/ops/"):
				io.WriteString(w, `{"status":"Succeeded"}`)
			default:
				return false
			}
			return true
		}
		c, err := New(Options{
			Endpoint:      a.srv.URL,
			Token:         "test-token",
			Transport:     a.srv.Client(),
			Retry:         policy.RetryOptions{RetryDelay: time.Millisecond, MaxRetryDelay: 40 * time.Millisecond},
			PollFrequency: time.Millisecond,
		})
		if err != nil {
			t.Fatal(err)
		}
		var out testkit.SyncBuffer
		prog := NewProgress(&out, 10*time.Millisecond)
		op := prog.StartOp("ml/cpu", "deleting")
		ctx, cancel := context.WithTimeout(withWaits(context.Background(), op), 30*time.Second)
		req, _ := runtime.NewRequest(ctx, http.MethodDelete, a.srv.URL+wsPath+"/computes/cpu?api-version=2026-05-01")
		resp, err := c.Pipeline().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		p, err := runtime.NewPoller[struct{}](resp, c.Pipeline(), nil)
		if err != nil {
			t.Fatal(err)
		}
		_, err = pollToEnd(ctx, c, p)
		cancel()
		op.Done(err)
		prog.Close()
		if err != nil {
			t.Fatalf("Retry-After %s: %v", ask, err)
		}
		polls := 0
		for _, r := range a.requests() {
			if strings.HasPrefix(r, "GET /ops/") {
				polls++
			}
		}
		if polls != 3 {
			t.Errorf("Retry-After %s: %d polls, want 3", ask, polls)
		}
		if !strings.Contains(out.String(), "ml/cpu: Azure asked to wait ") || !strings.Contains(out.String(), "before polling again; polling again in 40ms, the longest amlc waits between polls") {
			t.Errorf("Retry-After %s: progress:\n%s", ask, out.String())
		}
		if ask == "100000" && !strings.Contains(out.String(), "wait 27h46m40s") {
			t.Errorf("progress:\n%s", out.String())
		}
		if strings.Count(out.String(), "Azure asked") != 1 {
			t.Errorf("the capped wait is said more than once:\n%s", out.String())
		}
	}
}

// TestProgressShowsNextPoll: the waiting lines say when the operation is
// polled next.
func TestProgressShowsNextPoll(t *testing.T) {
	var out testkit.SyncBuffer
	prog := NewProgress(&out, 5*time.Millisecond)
	op := prog.StartOp("ml/gpu", "updating the scale settings")
	op.Waiting(0, time.Minute)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "still waiting") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	op.Done(nil)
	prog.Close()
	if !strings.Contains(out.String(), fmt.Sprintf("still waiting for ml/gpu (updating the scale settings, 0s; next poll in %s)", time.Minute)) {
		t.Errorf("progress:\n%s", out.String())
	}
}
