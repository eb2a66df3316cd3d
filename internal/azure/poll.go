package azure

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// defaultMaxRetryDelay is azcore's cap on the delay between retries
// (policy.RetryOptions.MaxRetryDelay: "defaults to 60 seconds").
const defaultMaxRetryDelay = 60 * time.Second

// maxPollDelay is the longest wait between two polls of a long-running
// operation: the cap of the other retries (Options.Retry.MaxRetryDelay,
// 60s by default), so that a Retry-After of 100000 seconds or a date in
// 2099 cannot make amlc wait for hours or decades.
func (c *Client) maxPollDelay() time.Duration {
	if d := c.opts.Retry.MaxRetryDelay; d > 0 {
		return d
	}
	return defaultMaxRetryDelay
}

// pollDelay is how long to wait before the next poll: what the service
// asked (Retry-After), else the client's poll frequency, at most
// maxPollDelay.
func (c *Client) pollDelay(asked time.Duration) time.Duration {
	d := asked
	if d <= 0 {
		d = c.opts.PollFrequency
	}
	return min(d, c.maxPollDelay())
}

// pollToEnd polls a long-running operation until it ends, waiting between
// polls as pollDelay says and reporting each wait to the operation of ctx
// (withWaits). (runtime.Poller.PollUntilDone refuses frequencies below
// one second, which tests against a local server need, and waits as long
// as Retry-After says.)
//
// An operation whose Azure-AsyncOperation status reads Succeeded ends
// there: amlc needs no result, so it skips the final GET of the resource
// that runtime.Poller.Result would send after a PUT or PATCH. The requests
// apply sends are then exactly the plan's and the polls of the status and
// Location URLs (docs/plans.md).
func pollToEnd[T any](ctx context.Context, c *Client, p *runtime.Poller[T]) (T, error) {
	for !p.Done() {
		resp, err := p.Poll(ctx)
		if err != nil {
			var zero T
			return zero, err
		}
		if p.Done() {
			if asyncSucceeded(resp) {
				var zero T
				return zero, nil
			}
			break
		}
		asked := retryAfter(resp)
		d := c.pollDelay(asked)
		waitsOf(ctx).Waiting(asked, d)
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			var zero T
			return zero, ctx.Err()
		case <-t.C:
		}
	}
	return p.Result(ctx)
}

// asyncSucceeded reports whether resp is an Azure-AsyncOperation status
// that reads Succeeded.
func asyncSucceeded(resp *http.Response) bool {
	if resp == nil {
		return false
	}
	data, err := runtime.Payload(resp)
	if err != nil {
		return false
	}
	var st struct {
		Status string `json:"status"`
	}
	return json.Unmarshal(data, &st) == nil && strings.EqualFold(st.Status, "Succeeded")
}

type waitsKey struct{}

// withWaits returns ctx carrying the operation that pollToEnd reports its
// waits to.
func withWaits(ctx context.Context, op *Op) context.Context {
	return context.WithValue(ctx, waitsKey{}, op)
}

// waitsOf returns the operation of ctx, or nil (which reports nothing).
func waitsOf(ctx context.Context) *Op {
	op, _ := ctx.Value(waitsKey{}).(*Op)
	return op
}

// retryAfter reads the delay a response asks for: retry-after-ms,
// x-ms-retry-after-ms, or Retry-After in seconds or as an HTTP date. A
// value that is not one of these, or a date in the past, asks for none.
func retryAfter(resp *http.Response) time.Duration {
	if resp == nil {
		return 0
	}
	for _, h := range []string{"retry-after-ms", "x-ms-retry-after-ms"} {
		if v := resp.Header.Get(h); v != "" {
			if ms, err := strconv.ParseInt(v, 10, 64); err == nil && ms > 0 {
				return saturatingDuration(ms, time.Millisecond)
			}
		}
	}
	v := resp.Header.Get("Retry-After")
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		if s <= 0 {
			return 0
		}
		return saturatingDuration(s, time.Second)
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}

// saturatingDuration is n units, or the longest duration when that
// overflows.
func saturatingDuration(n int64, unit time.Duration) time.Duration {
	if n > int64(1<<63-1)/int64(unit) {
		return 1<<63 - 1
	}
	return time.Duration(n) * unit
}
