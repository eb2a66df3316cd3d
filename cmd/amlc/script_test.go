package main

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/amlc-dev/amlc/internal/armfake"
	"github.com/amlc-dev/amlc/internal/testkit"
	"github.com/amlc-dev/amlc/schema"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"amlc": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the command-line scripts in testdata/script. Each script
// is a txtar archive: spec files, the commands to run and their expected
// output. AMLC_UPDATE=1 rewrites the expected output in place.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       os.Getenv("AMLC_UPDATE") == "1",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(e *testscript.Env) error {
			// Scripts reach the bundled examples as fixtures/<name>.
			return os.CopyFS(filepath.Join(e.WorkDir, "fixtures"), os.DirFS(filepath.Join("..", "..", "fixtures")))
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"armfake":   cmdArmfake,
			"plan-edit": cmdPlanEdit,
			"noleak":    cmdNoleak,
			"mkfifo":    cmdMkfifo,
			"holdfifo":  cmdHoldfifo,
		},
	})
}

// fakes are the fake ARM servers of the running scripts.
var fakes sync.Map // *testscript.TestScript → *armfake.Server

func fakeOf(ts *testscript.TestScript) *armfake.Server {
	v, ok := fakes.Load(ts)
	if !ok {
		ts.Fatalf("armfake: no fake running; use armfake start first")
	}
	return v.(*armfake.Server)
}

// cmdArmfake drives a fake ARM server (internal/armfake) for a script:
//
//	armfake start [-lock RG:NAME:LEVEL] [-usage NAME:LIMIT:CURRENT] [-network WORKSPACE:MODE] [-seed[-legacy] WORKSPACE/NAME=FILE] PATH...
//	    start a fake serving the workspaces of the specs at PATH, and point
//	    amlc at it (AMLC_ARM_ENDPOINT, SSL_CERT_FILE, AMLC_ACCESS_TOKEN and
//	    fast polls and retries); -network gives a workspace (by name) a
//	    managed virtual network of that isolation mode; -seed makes a
//	    compute exist from the start, created from the ComputeResource body
//	    in FILE (-seed-legacy: under a name today's rule refuses)
//	armfake log
//	    print the writes (not GETs) since the last log: "METHOD path?query",
//	    for a PATCH or a PUT of a compute the body, and "-> status";
//	    "(no writes)" when none
//	armfake requests
//	    print every request (GETs too) since the last log or requests:
//	    "METHOD path?query -> status"; "(no requests)" when none
//	armfake fault METHOD PATH-PART KIND [times=N] [code=C] [message=M] [retry-after=D] [latency=D] [status=N] [to=URL] [body=TEXT] [value=V]
//	    inject a fault; KIND is a status (429, 500, …), reset, fail,
//	    delay, lose (carry the request out, then drop the connection
//	    without its answer), or one of a hostile endpoint's
//	    (armfake.Fault): redirect to=URL [status=307], answer body=TEXT
//	    [status=200], echo [status=400], links to=URL, retry-after value=V
//	armfake witness NAME [http]
//	    start a second host (armfake.Witness) on another port, over TLS
//	    with the fake's certificate or over plain http, and set $NAME to
//	    its URL
//	armfake witnessed NAME
//	    print what reached the witness NAME, or "(nothing)"
//	armfake await METHOD PATH-PART
//	    wait until the fake has received such a request since the last log
//	armfake clearfaults
//	    remove every injected fault
//	armfake settle
//	    complete every running operation, as if it had been polled to its end
//	armfake computes
//	    print every compute the fake holds: name, size, scale, state
//	armfake password WORKSPACE/NAME VALUE
//	    check that the compute got VALUE as its admin password
func cmdArmfake(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("armfake cannot be negated")
	}
	if len(args) == 0 {
		ts.Fatalf("usage: armfake start|log|fault|computes|password ...")
	}
	switch args[0] {
	case "start":
		armfakeStart(ts, args[1:])
	case "log":
		s := fakeOf(ts)
		reqs := s.Requests()
		from := 0
		if v, ok := logged.Load(ts); ok {
			from = v.(int)
		}
		logged.Store(ts, len(reqs))
		writes := 0
		for _, r := range reqs[min(from, len(reqs)):] {
			if r.Method == "GET" {
				continue
			}
			line := r.Method + " " + r.Path
			if q := r.Query.Encode(); q != "" {
				line += "?" + q
			}
			if len(r.Body) > 0 && (r.Method == "PATCH" || r.Method == "PUT" && !strings.Contains(r.Path, "/deployments/")) {
				line += " " + string(r.Body)
			}
			if r.Status != 0 {
				line += " -> " + strconv.Itoa(r.Status)
			} else {
				line += " -> no answer"
			}
			fmt.Fprintln(ts.Stdout(), line)
			writes++
		}
		if writes == 0 {
			fmt.Fprintln(ts.Stdout(), "(no writes)")
		}
	case "requests":
		s := fakeOf(ts)
		reqs := s.Requests()
		from := 0
		if v, ok := logged.Load(ts); ok {
			from = v.(int)
		}
		logged.Store(ts, len(reqs))
		for _, r := range reqs[min(from, len(reqs)):] {
			line := r.Method + " " + r.Path
			if q := r.Query.Encode(); q != "" {
				line += "?" + q
			}
			fmt.Fprintf(ts.Stdout(), "%s -> %d\n", line, r.Status)
		}
		if from >= len(reqs) {
			fmt.Fprintln(ts.Stdout(), "(no requests)")
		}
	case "fault":
		armfakeFault(ts, args[1:])
	case "await":
		// Wait until the fake has received a request.
		if len(args) != 3 {
			ts.Fatalf("usage: armfake await METHOD PATH-PART")
		}
		s := fakeOf(ts)
		from := 0
		if v, ok := logged.Load(ts); ok {
			from = v.(int)
		}
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			reqs := s.Requests()
			for _, r := range reqs[min(from, len(reqs)):] {
				if r.Method == args[1] && strings.Contains(strings.ToLower(r.Path), strings.ToLower(args[2])) {
					return
				}
			}
			time.Sleep(10 * time.Millisecond)
		}
		ts.Fatalf("armfake await: no %s %s request in 30s", args[1], args[2])
	case "clearfaults":
		fakeOf(ts).ClearFaults()
	case "settle":
		fakeOf(ts).Settle()
	case "witness":
		if len(args) < 2 || len(args) > 3 || len(args) == 3 && args[2] != "http" {
			ts.Fatalf("usage: armfake witness NAME [http]")
		}
		wt, err := fakeOf(ts).StartWitness(len(args) == 3)
		if err != nil {
			ts.Fatalf("armfake witness: %v", err)
		}
		witnesses.Store(witnessKey{ts, args[1]}, wt)
		ts.Defer(func() {
			wt.Close()
			witnesses.Delete(witnessKey{ts, args[1]})
		})
		ts.Setenv(args[1], wt.URL())
	case "witnessed":
		if len(args) != 2 {
			ts.Fatalf("usage: armfake witnessed NAME")
		}
		v, ok := witnesses.Load(witnessKey{ts, args[1]})
		if !ok {
			ts.Fatalf("armfake witnessed: no witness %s", args[1])
		}
		got := v.(*armfake.Witness).Requests()
		if len(got) == 0 {
			fmt.Fprintln(ts.Stdout(), "(nothing)")
		}
		for _, r := range got {
			fmt.Fprintf(ts.Stdout(), "%s %s token=%t body=%dB\n", r.Method, r.Path, r.Token, r.BodyBytes)
		}
	case "computes":
		for _, c := range fakeOf(ts).Computes() {
			fmt.Fprintf(ts.Stdout(), "%s/%s %s max=%d min=%d idle=%s %s\n", c.Workspace, c.Name, c.VMSize, c.MaxNodes, c.MinNodes, c.IdleTimeBeforeScaleDown, c.ProvisioningState)
		}
	case "password":
		if len(args) != 3 {
			ts.Fatalf("usage: armfake password WORKSPACE/NAME VALUE")
		}
		ws, name, _ := strings.Cut(args[1], "/")
		for _, c := range fakeOf(ts).Computes() {
			if c.Workspace == ws && c.Name == name {
				if c.AdminUserPassword != args[2] {
					ts.Fatalf("%s: the admin password is not the secret's value", args[1])
				}
				return
			}
		}
		ts.Fatalf("no compute %s", args[1])
	default:
		ts.Fatalf("armfake: unknown subcommand %q", args[0])
	}
}

var logged sync.Map // *testscript.TestScript → requests already printed

// witnesses are the witnesses of the running scripts.
var witnesses sync.Map // witnessKey → *armfake.Witness

type witnessKey struct {
	ts   *testscript.TestScript
	name string
}

func armfakeStart(ts *testscript.TestScript, args []string) {
	var opts armfake.Options
	var paths []string
	modes := map[string]string{}    // workspace name → isolation mode
	var seeds []armfake.SeedCompute // Subscription and ResourceGroup filled in below
	for i := 0; i < len(args); i++ {
		switch args[i] {
		case "-seed", "-seed-legacy":
			if i+1 == len(args) {
				ts.Fatalf("armfake start: %s needs a value", args[i])
			}
			target, file, ok := strings.Cut(args[i+1], "=")
			ws, name, ok2 := strings.Cut(target, "/")
			if !ok || !ok2 {
				ts.Fatalf("armfake start: %s WORKSPACE/NAME=FILE", args[i])
			}
			body, err := os.ReadFile(ts.MkAbs(file))
			if err != nil {
				ts.Fatalf("armfake start: %v", err)
			}
			seeds = append(seeds, armfake.SeedCompute{Workspace: ws, Name: name, Body: body, LegacyName: args[i] == "-seed-legacy"})
			i++
		case "-network":
			if i+1 == len(args) {
				ts.Fatalf("armfake start: -network needs a value")
			}
			name, mode, ok := strings.Cut(args[i+1], ":")
			if !ok {
				ts.Fatalf("armfake start: -network WORKSPACE:MODE")
			}
			modes[name] = mode
			i++
		case "-lock", "-usage":
			if i+1 == len(args) {
				ts.Fatalf("armfake start: %s needs a value", args[i])
			}
			parts := strings.Split(args[i+1], ":")
			if args[i] == "-lock" {
				if len(parts) != 3 {
					ts.Fatalf("armfake start: -lock RG:NAME:LEVEL")
				}
				opts.Locks = append(opts.Locks, armfake.Lock{ResourceGroup: parts[0], Name: parts[1], Level: parts[2]})
			} else {
				if len(parts) != 3 {
					ts.Fatalf("armfake start: -usage NAME:LIMIT:CURRENT")
				}
				limit, err1 := strconv.ParseInt(parts[1], 10, 64)
				cur, err2 := strconv.ParseInt(parts[2], 10, 64)
				if err1 != nil || err2 != nil {
					ts.Fatalf("armfake start: bad -usage %q", args[i+1])
				}
				opts.Usages = append(opts.Usages, armfake.UsageOverride{Name: parts[0], Limit: limit, Current: cur})
			}
			i++
		default:
			paths = append(paths, ts.MkAbs(args[i]))
		}
	}
	res := schema.Vet(paths, schema.Options{})
	if len(res.Spec.Workspaces) == 0 {
		ts.Fatalf("armfake start: no workspaces in %v", paths)
	}
	for _, w := range res.Spec.Workspaces {
		opts.Workspaces = append(opts.Workspaces, armfake.Workspace{Subscription: w.Subscription, ResourceGroup: w.ResourceGroup, Name: w.Name, Location: w.Location,
			IsolationMode: modes[w.Name]})
	}
	for _, sc := range seeds {
		for _, w := range res.Spec.Workspaces {
			if w.Name == sc.Workspace {
				sc.Subscription, sc.ResourceGroup = w.Subscription, w.ResourceGroup
			}
		}
		opts.Computes = append(opts.Computes, sc)
	}
	for i := range opts.Locks {
		for _, w := range res.Spec.Workspaces {
			if strings.EqualFold(w.ResourceGroup, opts.Locks[i].ResourceGroup) {
				opts.Locks[i].Subscription = w.Subscription
			}
		}
	}
	s, err := armfake.Start(opts)
	if err != nil {
		ts.Fatalf("armfake start: %v", err)
	}
	fakes.Store(ts, s)
	ts.Defer(func() {
		s.Close()
		fakes.Delete(ts)
		logged.Delete(ts)
	})
	cert := ts.MkAbs("armfake-cert.pem")
	if err := os.WriteFile(cert, s.CertPEM(), 0o600); err != nil {
		ts.Fatalf("armfake start: %v", err)
	}
	ts.Setenv("AMLC_ARM_ENDPOINT", s.URL())
	ts.Setenv("SSL_CERT_FILE", cert)
	ts.Setenv("AMLC_ACCESS_TOKEN", "armfake-token")
	ts.Setenv("AMLC_POLL_INTERVAL", "5ms")
	ts.Setenv("AMLC_RETRY_DELAY", "5ms")
}

func armfakeFault(ts *testscript.TestScript, args []string) {
	if len(args) < 3 {
		ts.Fatalf("usage: armfake fault METHOD PATH-PART KIND [option=value...]")
	}
	f := armfake.Fault{Method: args[0], PathContains: args[1]}
	if f.Method == "*" {
		f.Method = ""
	}
	switch args[2] {
	case "reset":
		f.Reset = true
	case "delay":
		// Only Latency (latency=D) applies.
	case "fail":
		f.FailOperation = true
	case "redirect", "answer", "echo", "links", "retry-after", "lose":
		f.Raw = args[2] == "answer"
		f.Echo = args[2] == "echo"
		f.LoseAnswer = args[2] == "lose"
	default:
		n, err := strconv.Atoi(args[2])
		if err != nil {
			ts.Fatalf("armfake fault: bad kind %q", args[2])
		}
		f.Status = n
	}
	for _, a := range args[3:] {
		k, v, _ := strings.Cut(a, "=")
		switch k {
		case "times":
			n, err := strconv.Atoi(v)
			if err != nil {
				ts.Fatalf("armfake fault: bad %s", a)
			}
			f.Times = n
		case "code":
			f.Code = v
		case "message":
			f.Message = v
		case "latency":
			d, err := time.ParseDuration(v)
			if err != nil {
				ts.Fatalf("armfake fault: bad %s", a)
			}
			f.Latency = d
		case "retry-after":
			d, err := time.ParseDuration(v)
			if err != nil {
				ts.Fatalf("armfake fault: bad %s", a)
			}
			f.RetryAfter = d
		case "status":
			n, err := strconv.Atoi(v)
			if err != nil {
				ts.Fatalf("armfake fault: bad %s", a)
			}
			f.Status = n
		case "to":
			switch args[2] {
			case "redirect":
				f.Redirect = v
			case "links":
				f.LinkBase = v
			default:
				ts.Fatalf("armfake fault: to= goes with redirect or links")
			}
		case "body":
			f.Body = v
		case "value":
			f.RetryAfterValue = v
		default:
			ts.Fatalf("armfake fault: unknown option %q", a)
		}
	}
	fakeOf(ts).Inject(f)
}

// cmdPlanEdit edits a saved plan as an attacker would:
//
//	plan-edit FILE set PATH JSON
//	    set the value at PATH (dot-separated keys and array indexes, e.g.
//	    changes.0.requests.0.path) to the JSON value
//	plan-edit FILE append PATH JSON
//	    append the JSON value to the array at PATH
func cmdPlanEdit(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 4 || (args[1] != "set" && args[1] != "append") {
		ts.Fatalf("usage: plan-edit FILE set|append PATH JSON")
	}
	file := ts.MkAbs(args[0])
	data, err := os.ReadFile(file)
	ts.Check(err)
	var doc, val any
	ts.Check(json.Unmarshal(data, &doc))
	if err := json.Unmarshal([]byte(args[3]), &val); err != nil {
		ts.Fatalf("plan-edit: the value is not JSON: %v", err)
	}
	doc, err = planEdit(doc, strings.Split(args[2], "."), args[1], val)
	if err != nil {
		ts.Fatalf("plan-edit %s: %v", args[2], err)
	}
	data, err = json.MarshalIndent(doc, "", "  ")
	ts.Check(err)
	ts.Check(os.WriteFile(file, data, 0o644))
}

// planEdit returns v with the value at keys set to val, or val appended
// to the array there.
func planEdit(v any, keys []string, op string, val any) (any, error) {
	if len(keys) == 0 {
		if op == "set" {
			return val, nil
		}
		arr, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("not an array")
		}
		return append(arr, val), nil
	}
	switch c := v.(type) {
	case map[string]any:
		child, ok := c[keys[0]]
		if !ok && (len(keys) > 1 || op != "set") {
			return nil, fmt.Errorf("no member %q", keys[0])
		}
		nv, err := planEdit(child, keys[1:], op, val)
		if err != nil {
			return nil, err
		}
		c[keys[0]] = nv
		return c, nil
	case []any:
		i, err := strconv.Atoi(keys[0])
		if err != nil || i < 0 || i >= len(c) {
			return nil, fmt.Errorf("no element %q", keys[0])
		}
		nv, err := planEdit(c[i], keys[1:], op, val)
		if err != nil {
			return nil, err
		}
		c[i] = nv
		return c, nil
	}
	return nil, fmt.Errorf("%q is not in an object or array", keys[0])
}

// cmdNoleak checks that files (or the last command's stdout and stderr)
// hold no encoding of a sensitive value:
//
//	noleak VALUE FILE...
//
// The encodings are made here with the standard library, independently
// of amlc's redaction (internal/redact): the value as it is, as a JSON
// string (with and without HTML escapes, and encoded twice), every
// character as \uXXXX, Go-quoted, URL-encoded (query and path, and
// twice), HTML-escaped, base64 (standard and URL alphabets) and hex.
func cmdNoleak(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: noleak VALUE FILE...")
	}
	v := args[0]
	encs := leakEncodings(v)
	for _, file := range args[1:] {
		text := ts.ReadFile(file)
		for name, enc := range encs {
			if strings.Contains(text, enc) {
				ts.Fatalf("%s shows the value %s: %q", file, name, enc)
			}
		}
		for _, d := range testkit.DecodedRuns(text) {
			for name, enc := range encs {
				if len(enc) >= 4 && strings.Contains(d, enc) {
					ts.Fatalf("%s holds base64 or hex that decodes to the value %s: %q", file, name, d)
				}
			}
		}
	}
}

func leakEncodings(v string) map[string]string {
	js := func(s string) string {
		b, _ := json.Marshal(s)
		return strings.Trim(string(b), `"`)
	}
	var noHTML bytes.Buffer
	e := json.NewEncoder(&noHTML)
	e.SetEscapeHTML(false)
	_ = e.Encode(v)
	var u strings.Builder
	for _, r := range v {
		fmt.Fprintf(&u, `\u%04x`, r)
	}
	return map[string]string{
		"as it is":                     v,
		"as a JSON string":             js(v),
		"as JSON without HTML escapes": strings.Trim(strings.TrimSpace(noHTML.String()), `"`),
		"as a JSON string twice":       js(js(v)),
		"as \\u escapes":               u.String(),
		"Go-quoted":                    strings.Trim(strconv.Quote(v), `"`),
		"URL-encoded":                  url.QueryEscape(v),
		"path-escaped":                 url.PathEscape(v),
		"URL-encoded twice":            url.QueryEscape(url.QueryEscape(v)),
		"HTML-escaped":                 html.EscapeString(v),
		"in base64":                    base64.StdEncoding.EncodeToString([]byte(v)),
		"in base64url":                 base64.RawURLEncoding.EncodeToString([]byte(v)),
		"in hex":                       hex.EncodeToString([]byte(v)),
	}
}
