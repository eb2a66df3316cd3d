package armfake

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strings"
)

// The faults of a misbehaving or hostile endpoint (Fault.Redirect, Raw,
// Echo, LinkBase, RetryAfterValue, Lose). Azure does none of this; the
// tests use them to show what amlc sends where, prints, and believes.

// answerRedirect answers with a redirect to f.Redirect plus the request's
// path and query.
func answerRedirect(w http.ResponseWriter, r *http.Request, f *Fault) {
	status := f.Status
	if status == 0 {
		status = http.StatusTemporaryRedirect
	}
	w.Header().Set("Location", strings.TrimRight(f.Redirect, "/")+r.URL.RequestURI())
	w.WriteHeader(status)
}

// answerRaw answers with f.Status (default 200) and f.Body as they are.
func answerRaw(w http.ResponseWriter, f *Fault) {
	status := f.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write([]byte(f.Body))
}

// answerEcho answers with an ARM error whose message, and whose one
// detail, echo the request's Authorization header and body in several
// encodings.
func answerEcho(w http.ResponseWriter, r *http.Request, body []byte, f *Fault) {
	status := f.Status
	if status == 0 {
		status = http.StatusBadRequest
	}
	auth := r.Header.Get("Authorization")
	token := strings.TrimSpace(strings.TrimPrefix(auth, "Bearer"))
	var msg strings.Builder
	msg.WriteString("The request could not be read. It said: ")
	for _, part := range []struct{ what, text string }{{"Authorization", auth}, {"token", token}, {"body", string(body)}} {
		if part.text == "" {
			continue
		}
		js, _ := json.Marshal(part.text)
		msg.WriteString(part.what + ": " + part.text +
			"; as a JSON string: " + string(js) +
			"; URL-encoded: " + url.QueryEscape(part.text) +
			"; base64: " + base64.StdEncoding.EncodeToString([]byte(part.text)) +
			"; hex: " + hex.EncodeToString([]byte(part.text)) +
			"; HTML: " + html.EscapeString(part.text) + ". ")
	}
	e := &armError{status: status, Code: orDefault(f.Code, "InvalidRequestContent"), Message: msg.String()}
	e.Details = []*armError{{Code: "Echo", Message: "Authorization: " + auth + "; body: " + string(body)}}
	writeError(w, e)
}

// recording is an answer held back to be tampered with.
type recording struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newRecording() *recording { return &recording{header: http.Header{}} }

func (r *recording) Header() http.Header { return r.header }

func (r *recording) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recording) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

// tamper changes the recorded answer as the faults say and passes it on
// to sw, or, with Lose, drops the connection under w instead.
func (s *Server) tamper(w, sw http.ResponseWriter, rec *recording, faults []Fault) {
	body := rec.body.Bytes()
	for _, f := range faults {
		if f.LinkBase != "" {
			base := strings.TrimRight(f.LinkBase, "/")
			for _, h := range []string{"Azure-AsyncOperation", "Location"} {
				if v := rec.header.Get(h); v != "" {
					rec.header.Set(h, strings.Replace(v, s.URL(), base, 1))
				}
			}
			body = bytes.ReplaceAll(body, []byte(`"nextLink":"`+s.URL()), []byte(`"nextLink":"`+base))
		}
		if f.RetryAfterValue != "" {
			rec.header.Set("Retry-After", f.RetryAfterValue)
			rec.header.Del("retry-after-ms")
		}
	}
	for _, f := range faults {
		if f.LoseAnswer {
			resetConn(w)
			return
		}
	}
	for k, vs := range rec.header {
		sw.Header()[k] = vs
	}
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	sw.WriteHeader(rec.status)
	sw.Write(body)
}
