// Package recording decodes the HTTP recordings that the Azure PowerShell
// test suite stores next to its tests (the "test-proxy" format): a JSON
// object with a single key naming the call, holding a Request and a
// Response whose body is a JSON string. The catalog's data comes from such
// recordings, and both the generator and catalog.Parse read them.
package recording

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// ErrNotRecording is returned by Decode when data is JSON but not shaped
// like a recording, so callers can try another format.
var ErrNotRecording = errors.New("not an Azure PowerShell test-proxy recording")

// Exchange is the one HTTP exchange held by a recording.
type Exchange struct {
	Key        string // the recording's only key, e.g. "Get-AzMLServiceVMSize+[NoContext]+List+$GET+https://…+1"
	Method     string
	RequestURI string
	StatusCode int
	Date       time.Time // the response's Date header; zero when absent or unparsable
	Body       []byte    // the decoded response body
}

type rawExchange struct {
	Request *struct {
		Method     string `json:"Method"`
		RequestURI string `json:"RequestUri"`
	} `json:"Request"`
	Response *struct {
		StatusCode      int                 `json:"StatusCode"`
		Headers         map[string][]string `json:"Headers"`
		Content         *string             `json:"Content"`
		IsContentBase64 bool                `json:"isContentBase64"`
	} `json:"Response"`
}

// Decode returns the exchange held by a recording. It returns an error
// wrapping ErrNotRecording when data is not a JSON object with exactly one
// key holding an object with a Response, and another error when it is a
// recording but an unusable one (no body, bad base64).
func Decode(data []byte) (Exchange, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return Exchange{}, fmt.Errorf("%w: %v", ErrNotRecording, err)
	}
	if len(top) != 1 {
		return Exchange{}, fmt.Errorf("%w: want an object with one key, got %d keys", ErrNotRecording, len(top))
	}
	var key string
	var raw json.RawMessage
	for k, v := range top {
		key, raw = k, v
	}
	var x rawExchange
	if err := json.Unmarshal(raw, &x); err != nil || x.Response == nil {
		return Exchange{}, fmt.Errorf("%w: no Response object under the key", ErrNotRecording)
	}
	if x.Response.Content == nil {
		return Exchange{}, errors.New("recording: Response.Content is missing or not a string")
	}
	body := []byte(*x.Response.Content)
	if x.Response.IsContentBase64 {
		b, err := base64.StdEncoding.DecodeString(*x.Response.Content)
		if err != nil {
			return Exchange{}, fmt.Errorf("recording: Response.Content is not valid base64: %v", err)
		}
		body = b
	}
	e := Exchange{Key: key, StatusCode: x.Response.StatusCode, Body: body}
	if x.Request != nil {
		e.Method, e.RequestURI = x.Request.Method, x.Request.RequestURI
	}
	for name, vals := range x.Response.Headers {
		if strings.EqualFold(name, "Date") && len(vals) > 0 {
			if t, err := time.Parse(time.RFC1123, vals[0]); err == nil {
				e.Date = t.UTC()
			}
		}
	}
	return e, nil
}

// Location returns the region in an ARM URI of the form
// …/locations/{location}/…, lower-cased, or "" when there is none.
func Location(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return ""
	}
	parts := strings.Split(u.Path, "/")
	for i := 0; i+1 < len(parts); i++ {
		if strings.EqualFold(parts[i], "locations") && parts[i+1] != "" {
			return strings.ToLower(parts[i+1])
		}
	}
	return ""
}

// APIVersion returns the api-version query parameter of uri, or "".
func APIVersion(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return ""
	}
	return u.Query().Get("api-version")
}
