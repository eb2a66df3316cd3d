package azure

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// ErrorDetail is what Azure said about a failed call: its error code and
// message, with the codes and messages of nested details (a failed
// deployment names the resource that failed only in its details).
type ErrorDetail struct {
	Status  int    `json:"status,omitempty"`
	Code    string `json:"code,omitempty"`
	Message string `json:"message"`
}

func (d ErrorDetail) String() string {
	switch {
	case d.Code != "" && d.Message != "":
		return d.Code + ": " + d.Message
	case d.Code != "":
		return d.Code
	}
	return d.Message
}

// armError is the ARM error body, {"error": {code, message, details}}, or
// a failed operation's status, {"status": "Failed", "error": {…}}.
type armError struct {
	Code    string     `json:"code"`
	Message string     `json:"message"`
	Details []armError `json:"details"`
}

func (e armError) flatten() string {
	s := e.Code
	if e.Message != "" {
		if s != "" {
			s += ": "
		}
		s += e.Message
	}
	var inner []string
	for _, d := range e.Details {
		if f := d.flatten(); f != "" {
			inner = append(inner, f)
		}
	}
	if len(inner) > 0 {
		s += " [" + strings.Join(inner, "; ") + "]"
	}
	return s
}

// Detail extracts what Azure said from an error of a call.
func Detail(err error) ErrorDetail {
	if err == nil {
		return ErrorDetail{}
	}
	switch {
	case errors.Is(err, context.Canceled):
		return ErrorDetail{Code: "Interrupted", Message: "interrupted; an operation already sent may still complete in Azure"}
	case errors.Is(err, context.DeadlineExceeded):
		return ErrorDetail{Code: "Timeout", Message: "timed out; an operation already sent may still complete in Azure"}
	}
	var re *azcore.ResponseError
	if !errors.As(err, &re) {
		return ErrorDetail{Message: err.Error()}
	}
	d := ErrorDetail{Status: re.StatusCode, Code: re.ErrorCode}
	if re.RawResponse != nil {
		if body, berr := runtime.Payload(re.RawResponse); berr == nil && len(body) > 0 {
			var wrapped struct {
				Error      *armError `json:"error"`
				Properties struct {
					Error *armError `json:"error"`
				} `json:"properties"`
			}
			if json.Unmarshal(body, &wrapped) == nil && wrapped.Error == nil {
				// A deployment polled through its body carries the error
				// in its properties.
				wrapped.Error = wrapped.Properties.Error
			}
			if wrapped.Error != nil {
				if d.Code == "" {
					d.Code = wrapped.Error.Code
				}
				e := *wrapped.Error
				e.Code = ""
				d.Message = e.flatten()
			}
		}
		if d.Message == "" {
			d.Message = fmt.Sprintf("%s %s: %d %s", re.RawResponse.Request.Method, re.RawResponse.Request.URL.Path, re.StatusCode, strings.TrimPrefix(re.RawResponse.Status, fmt.Sprint(re.StatusCode)+" "))
		}
	}
	if d.Message == "" {
		d.Message = fmt.Sprintf("HTTP %d", re.StatusCode)
	}
	// azcore gives up at once on a throttled or failed call whose
	// Retry-After is longer than the retries' cap (policy_retry.go:
	// "the retry-after delay exceeds the cap so don't retry"), so that a
	// Retry-After of 100000 seconds is not waited for; the user is told
	// how long Azure asked to wait, which its own message does not say.
	if re.RawResponse != nil && (re.StatusCode == http.StatusTooManyRequests || re.StatusCode >= 500) {
		if w := retryAfter(re.RawResponse); w > 0 {
			d.Message += fmt.Sprintf(" (Azure asked to wait %s before trying again)", w.Round(time.Second))
		}
	}
	return d
}

// Describe is Detail as one line.
func Describe(err error) string { return Detail(err).String() }
