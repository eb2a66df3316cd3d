// Package planfile decides whether a saved plan may be applied. A plan
// file travels between CI jobs and is applied with a token that can
// delete clusters, so amlc trusts nothing in it that it cannot derive
// again: [Verify] takes only what the plan records — the desired clusters
// in the spec language and the computes observed in Azure — runs the spec
// checks on the desired clusters through the same entry point as amlc vet,
// derives the plan from both as amlc diff --live does, and refuses the
// file, naming its first difference, unless it is exactly that plan:
// every request (method, path, body), scope, action, reason and
// deployment template. Apply then carries out the derived plan, never the
// file's. The trust model is in docs/plans.md.
package planfile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/amlc-dev/amlc/internal/azure"
	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/internal/jsontree"
	"github.com/amlc-dev/amlc/schema"
)

// RefusedError is why a saved plan is not applied: it is not what amlc
// derives from what it records, or what it records does not pass the
// spec checks. Nothing was sent.
type RefusedError struct {
	// Reason says what is wrong in one sentence.
	Reason string
	// Diags are the findings of the spec checks on the desired clusters,
	// when those refused the plan.
	Diags diag.Diagnostics
}

func (e *RefusedError) Error() string { return e.Reason }

// Verify reads a saved plan (the bytes of file, whose name only appears in
// messages), derives it again from what it records, and returns the
// derived plan when the file is exactly it. Every error is a refusal made
// before any request.
func Verify(file string, data []byte) (*azure.LivePlan, error) {
	lp, err := azure.ReadPlan(data)
	if err != nil {
		return nil, err
	}
	obs, err := lp.Observed.Observation()
	if err != nil {
		return nil, &RefusedError{Reason: err.Error()}
	}
	desired, err := vetDesired(file, lp, obs.Existing())
	if err != nil {
		return nil, err
	}
	// The workspaces observed are the desired clusters' workspaces.
	if where, x, y := diffValues(lp.Observed.Workspaces, azure.Refs(desired), "observed.workspaces"); where != "" {
		return nil, &RefusedError{Reason: fmt.Sprintf("it is not the plan amlc derives from its desired clusters and observed state: at %s the file has %s, amlc derives %s", where, x, y)}
	}
	if fp := obs.Fingerprint(); fp != lp.Observed.Fingerprint {
		return nil, &RefusedError{Reason: fmt.Sprintf("its fingerprint %s is not the digest of the computes it records (%s)", lp.Observed.Fingerprint, fp)}
	}
	derived, err := azure.PlanLive(desired, obs, lp.Observed.Endpoint, lp.Observed.Prune)
	if err != nil {
		return nil, &RefusedError{Reason: "amlc cannot derive it from what it records: " + err.Error()}
	}
	var buf bytes.Buffer
	if err := derived.WriteJSON(&buf); err != nil {
		return nil, err
	}
	if where, file, amlc := firstDifference(withoutCosts(data), withoutCosts(buf.Bytes())); where != "" {
		return nil, &RefusedError{Reason: fmt.Sprintf("it is not the plan amlc derives from its desired clusters and observed state: at %s the file has %s, amlc derives %s", where, file, amlc)}
	}
	return derived, nil
}

// vetDesired runs amlc vet's checks on the plan's desired clusters: it
// writes them, as recorded, to a JSON spec file of its own and vets it.
// The clusters the plan observed are the ones that exist (names today's
// rule refuses stay manageable, as with vet --live).
func vetDesired(file string, lp *azure.LivePlan, existing schema.Existing) (*schema.Spec, error) {
	if len(bytes.TrimSpace(lp.Desired)) == 0 || bytes.Equal(bytes.TrimSpace(lp.Desired), []byte("null")) {
		return nil, &RefusedError{Reason: "it records no desired clusters"}
	}
	dir, err := os.MkdirTemp("", "amlc-plan-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "desired.json")
	if err := os.WriteFile(path, lp.Desired, 0o600); err != nil {
		return nil, err
	}
	res := schema.Vet([]string{path}, schema.Options{Existing: existing})
	if res.Diags.HasErrors() {
		var errs diag.Diagnostics
		for _, d := range res.Diags {
			if d.Severity == diag.Error {
				// The position is in a file of amlc's own; the place in
				// the plan is desired.<path>.
				d.Pos = diag.Pos{Filename: file}
				d.Related = nil
				if d.Path != "" {
					d.Summary = "desired." + d.Path + ": " + d.Summary
				}
				errs = append(errs, d)
			}
		}
		return nil, &RefusedError{Reason: "its desired clusters do not pass the spec checks", Diags: errs}
	}
	return res.Spec, nil
}

// diffValues compares two values through their JSON forms, under path.
func diffValues(a, b any, path string) (string, string, string) {
	x, errx := json.Marshal(a)
	y, erry := json.Marshal(b)
	if errx != nil || erry != nil {
		return path, "a value", "another"
	}
	w, p, q := firstDifference(x, y)
	if w == "" {
		return "", "", ""
	}
	if w == "the top level" {
		return path, p, q
	}
	if strings.HasPrefix(w, "[") {
		return path + w, p, q
	}
	return path + "." + w, p, q
}

// withoutCosts is a plan's JSON without its costs (the plan's and each
// change's "cost"). Costs are not derived again: they depend on the price
// table the diff used (--prices, or live prices), and apply never acts on
// them. What is not JSON is returned as it is.
func withoutCosts(data []byte) []byte {
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if dec.Decode(&doc) != nil {
		return data
	}
	delete(doc, "cost")
	if changes, ok := doc["changes"].([]any); ok {
		for _, c := range changes {
			if m, ok := c.(map[string]any); ok {
				delete(m, "cost")
			}
		}
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return data
	}
	return out
}

// firstDifference compares two JSON documents and returns the path of
// their first difference (in key order) and both values, or "" when they
// are equal.
func firstDifference(a, b []byte) (path, x, y string) {
	var va, vb any
	for _, p := range []struct {
		data []byte
		v    *any
	}{{a, &va}, {b, &vb}} {
		dec := json.NewDecoder(bytes.NewReader(p.data))
		dec.UseNumber()
		if err := dec.Decode(p.v); err != nil {
			return "the whole file", "no JSON document", "a plan"
		}
	}
	where, vx, vy, differ := jsontree.FirstDifference(va, vb)
	if !differ {
		return "", "", ""
	}
	if where == "" {
		where = "the top level"
	}
	return where, text(vx), text(vy)
}

// text prints a JSON value for a message, shortened; absent is "nothing".
func text(v any) string {
	if v == nil {
		return "nothing"
	}
	if n, ok := v.(json.Number); ok {
		// 1, 1.0 and 1e0 are the same number.
		if i, err := n.Int64(); err == nil {
			return strconv.FormatInt(i, 10)
		}
		if f, err := n.Float64(); err == nil {
			return strconv.FormatFloat(f, 'g', -1, 64)
		}
		return n.String()
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	const max = 200
	if len(data) > max {
		return string(data[:max]) + "…"
	}
	return string(data)
}
