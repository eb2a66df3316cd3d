package azure

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// Where the token and the request bodies may go. Every ARM call — the
// SDK's clients, raw requests, long-running-operation polls (whose URLs
// come from the Azure-AsyncOperation and Location headers of an answer)
// and the pages of a list (whose URLs come from nextLink) — goes through
// one pipeline, so the checks below are made once, in it:
//
//   - the endpoint itself must be an https URL without user information,
//     query or fragment ([CheckEndpoint]);
//   - a request whose URL is not https to the endpoint's host and port is
//     refused before it is sent, with the token or a body
//     ([endpointPolicy]);
//   - the HTTP client never follows a redirect, which would re-send the
//     token (Go forwards Authorization to the same host, even over plain
//     http) and, for a 307 or 308, the body with the secrets; a redirect
//     answer is an error ([noRedirects], [endpointPolicy]);
//   - TLS is at least 1.2 and always verified (a test server is trusted
//     through SSL_CERT_FILE, never by switching verification off).
//
// ARM answers with operation URLs on its own endpoint ("Track
// asynchronous Azure operations", learn.microsoft.com/azure/
// azure-resource-manager/management/async-operations: the status URL is
// https://management.azure.com/subscriptions/…/operations/…), and its
// list operations' nextLink likewise; the documented REST contract has no
// redirects.

// CheckEndpoint reports whether s may be used as an ARM endpoint: an
// https URL with a host, and without user information, query or fragment
// (user information would be sent in every request; a query or a
// fragment would be silently dropped or end up in every path).
func CheckEndpoint(s string) (*url.URL, error) {
	bad := func(why string) error {
		return fmt.Errorf("invalid ARM endpoint %q: %s", redactURL(s), why)
	}
	u, err := url.Parse(s)
	switch {
	case err != nil || u.Opaque != "":
		return nil, bad("want a URL such as https://management.azure.com")
	case !strings.EqualFold(u.Scheme, "https"):
		return nil, bad("only https is allowed (TLS is always verified)")
	case u.Host == "" || u.Hostname() == "":
		return nil, bad("it has no host; want a URL such as https://management.azure.com")
	case u.User != nil:
		return nil, bad("user information (user:password@) is not allowed; the credential comes from AMLC_ACCESS_TOKEN or DefaultAzureCredential")
	case u.RawQuery != "" || u.ForceQuery:
		return nil, bad("a query is not allowed")
	case u.Fragment != "" || strings.Contains(s, "#"):
		return nil, bad("a fragment is not allowed")
	}
	return u, nil
}

// redactURL shows an endpoint without its user information, which may
// hold a password.
func redactURL(s string) string {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return s
	}
	hostEnd := strings.IndexAny(rest, "/?#")
	if hostEnd < 0 {
		hostEnd = len(rest)
	}
	if at := strings.LastIndex(rest[:hostEnd], "@"); at >= 0 {
		return scheme + "://…@" + rest[at+1:]
	}
	return s
}

// origin is the scheme and host (with its port, 443 when the URL gives
// none) that requests may go to, in lower case.
type origin struct{ scheme, host string }

func originOf(u *url.URL) origin {
	port := u.Port()
	if port == "" {
		port = "443"
		if strings.EqualFold(u.Scheme, "http") {
			port = "80"
		}
	}
	return origin{strings.ToLower(u.Scheme), strings.ToLower(net.JoinHostPort(u.Hostname(), port))}
}

func (o origin) String() string {
	host := strings.TrimSuffix(o.host, ":443")
	return o.scheme + "://" + host
}

// ErrNotEndpoint is the error of a request refused because its URL is not
// the ARM endpoint's (another host, or not https), and of a redirect.
var ErrNotEndpoint = errors.New("which is not the ARM endpoint")

// endpointPolicy refuses requests to anywhere but the endpoint, and
// redirect answers. It runs first in the pipeline, before the retries and
// before the token is added.
type endpointPolicy struct{ allowed origin }

func (p endpointPolicy) Do(req *policy.Request) (*http.Response, error) {
	u := req.Raw().URL
	if got := originOf(u); got != p.allowed || u.User != nil {
		return nil, fmt.Errorf("refusing to send %s to %s, %w: the token and request bodies go only to %s over TLS (an answer of the service pointed elsewhere)",
			req.Raw().Method, got, ErrNotEndpoint, p.allowed)
	}
	resp, err := req.Next()
	if err != nil {
		return resp, err
	}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 && resp.StatusCode != http.StatusNotModified {
		to := "nowhere"
		if loc, lerr := resp.Location(); lerr == nil {
			to = originOf(loc).String()
		}
		resp.Body.Close()
		return nil, fmt.Errorf("the ARM endpoint answered %s %s with a redirect (%d) to %s, %w; amlc never follows redirects, so that the token and request bodies go only to %s",
			req.Raw().Method, u.Path, resp.StatusCode, to, ErrNotEndpoint, p.allowed)
	}
	return resp, nil
}

// noRedirects makes an HTTP client hand a redirect answer back instead of
// following it.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// armTransport returns the HTTP client of ARM calls: base (a test's) with
// redirects off, or a client of its own with TLS 1.2 or later, proxies
// from the environment, and redirects off.
func armTransport(base policy.Transporter) policy.Transporter {
	switch t := base.(type) {
	case nil:
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
		return &http.Client{Transport: tr, CheckRedirect: noRedirects}
	case *http.Client:
		c := *t
		c.CheckRedirect = noRedirects
		return &c
	}
	return base
}
