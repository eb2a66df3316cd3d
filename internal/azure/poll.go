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

// pollToEnd polls a long-running operation until it ends, waiting between
// polls for the Retry-After the service gives, else the client's poll
// frequency. (runtime.Poller.PollUntilDone refuses frequencies below one
// second, which tests against a local server need.)
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
		d := retryAfter(resp)
		if d <= 0 {
			d = c.opts.PollFrequency
		}
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

// retryAfter reads the delay a response asks for: retry-after-ms,
// x-ms-retry-after-ms, or Retry-After in seconds or as an HTTP date.
func retryAfter(resp *http.Response) time.Duration {
	if resp == nil {
		return 0
	}
	for _, h := range []string{"retry-after-ms", "x-ms-retry-after-ms"} {
		if v := resp.Header.Get(h); v != "" {
			if ms, err := strconv.Atoi(v); err == nil && ms > 0 {
				return time.Duration(ms) * time.Millisecond
			}
		}
	}
	v := resp.Header.Get("Retry-After")
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t)
	}
	return 0
}
