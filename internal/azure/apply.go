package azure

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/streaming"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armresources"

	"github.com/amlc-dev/amlc/compiler"
	"github.com/amlc-dev/amlc/diff"
)

// ApplyOptions configure Apply.
type ApplyOptions struct {
	// AllowReplace permits replacements (delete, then create).
	AllowReplace bool
	// Prune permits deletions.
	Prune bool
	// Secrets maps each secret name the plan needs to its value. The
	// values reach only the deployments' secure parameters.
	Secrets map[string]string
	// Progress receives progress lines; nil discards them.
	Progress *Progress
}

// Status is what became of one change.
type Status string

// The statuses of a change.
const (
	Done         Status = "done"
	Failed       Status = "failed"
	NotAttempted Status = "not attempted"
)

// Outcome is what became of one change of the plan.
type Outcome struct {
	Address string      `json:"address"`
	Action  diff.Action `json:"action"`
	Status  Status      `json:"status"`
	// Step is the step that failed, or why nothing was attempted.
	Step  string       `json:"step,omitempty"`
	Error *ErrorDetail `json:"error,omitempty"`
}

// ApplyResult is the outcome of every change that was not a no-op, in
// plan order.
type ApplyResult struct {
	Outcomes []Outcome `json:"outcomes"`
}

// Count returns how many outcomes have the status.
func (r *ApplyResult) Count(s Status) int {
	n := 0
	for _, o := range r.Outcomes {
		if o.Status == s {
			n++
		}
	}
	return n
}

// OK reports whether every change was done.
func (r *ApplyResult) OK() bool { return r.Count(Done) == len(r.Outcomes) }

// RefusalError is why a plan cannot be applied at all; nothing was sent.
type RefusalError struct{ Reasons []string }

func (e *RefusalError) Error() string { return strings.Join(e.Reasons, "\n") }

// Check tells, before any call, whether the plan may be applied with the
// options: replacements need AllowReplace, deletions Prune, creations
// every secret they name and a template.
func Check(p *LivePlan, opts ApplyOptions) error {
	var reasons []string
	var replaces, deletes []string
	for i := range p.Changes {
		ch := &p.Changes[i]
		switch ch.Action {
		case diff.Replace:
			replaces = append(replaces, ch.Address)
		case diff.Delete:
			deletes = append(deletes, ch.Address)
		}
		if ch.Action == diff.Create || ch.Action == diff.Replace {
			if _, err := readCreation(ch); err != nil {
				reasons = append(reasons, err.Error())
			}
		}
		for _, r := range ch.Requests {
			if classify(r) == kindUnknown {
				reasons = append(reasons, fmt.Sprintf("%s: the plan holds a request amlc cannot carry out: %s %s", ch.Address, r.Method, r.Path))
			}
		}
	}
	if len(replaces) > 0 && !opts.AllowReplace {
		reasons = append(reasons, fmt.Sprintf("the plan replaces %s (delete, then create: nodes and running jobs are lost); pass --allow-replace to allow it", strings.Join(replaces, ", ")))
	}
	if len(deletes) > 0 && !opts.Prune {
		reasons = append(reasons, fmt.Sprintf("the plan deletes %s; pass --prune to allow it", strings.Join(deletes, ", ")))
	}
	if len(reasons) == 0 {
		names, err := RequiredSecrets(&p.Plan)
		if err != nil {
			reasons = append(reasons, err.Error())
		}
		var missing []string
		for _, n := range names {
			if _, ok := opts.Secrets[n]; !ok {
				missing = append(missing, n)
			}
		}
		if len(missing) > 0 {
			reasons = append(reasons, fmt.Sprintf("missing secret values for %s: set AMLC_SECRET_<NAME> or pass --secret NAME=@FILE", strings.Join(missing, ", ")))
		}
	}
	if len(reasons) > 0 {
		return &RefusalError{reasons}
	}
	return nil
}

// task is one change being applied.
type task struct {
	ch     *diff.Change
	out    *Outcome
	create *creation // set for creates and replaces
	ready  bool      // its create may be deployed
}

// Apply carries out the plan's changes: first, concurrently, the updates
// (scale PATCH, identity PATCH, tags, in the plan's order per cluster), the
// deletions and the deletions that start replacements, each polled to the
// end; then, per workspace, one deployment that creates the new clusters
// and the replaced ones whose deletion completed. It returns the outcome of
// every change; a change that failed does not stop the others. Call Check
// first: Apply assumes the plan is allowed.
func (c *Client) Apply(ctx context.Context, p *LivePlan, opts ApplyOptions) *ApplyResult {
	res := &ApplyResult{}
	var tasks []*task
	for i := range p.Changes {
		ch := &p.Changes[i]
		if ch.Action == diff.NoOp || len(ch.Requests) == 0 {
			continue
		}
		res.Outcomes = append(res.Outcomes, Outcome{Address: ch.Address, Action: ch.Action, Status: NotAttempted})
	}
	j := 0
	for i := range p.Changes {
		ch := &p.Changes[i]
		if ch.Action == diff.NoOp || len(ch.Requests) == 0 {
			continue
		}
		t := &task{ch: ch, out: &res.Outcomes[j]}
		j++
		if ch.Action == diff.Create || ch.Action == diff.Replace {
			cr, err := readCreation(ch)
			if err != nil {
				t.fail("reading the plan", err)
				continue
			}
			t.create = cr
		}
		tasks = append(tasks, t)
	}

	prog := opts.Progress
	// Phase 1: everything but the deployments.
	var wg sync.WaitGroup
	for _, t := range tasks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.runTask(ctx, t, prog)
		}()
	}
	wg.Wait()

	// Phase 2: one deployment per workspace key.
	groups := map[string][]*task{}
	var keys []string
	for _, t := range tasks {
		if t.create == nil || !t.ready {
			continue
		}
		k, _, _ := strings.Cut(t.ch.Address, "/")
		if groups[k] == nil {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], t)
	}
	slices.Sort(keys)
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.deploy(ctx, k, groups[k], opts.Secrets, prog)
		}()
	}
	wg.Wait()
	return res
}

func (t *task) fail(step string, err error) {
	d := Detail(err)
	t.out.Status = Failed
	t.out.Step = step
	t.out.Error = &d
}

func (t *task) skip(why string) {
	t.out.Status = NotAttempted
	t.out.Step = why
}

// runTask carries out the requests of one change, except its deployment.
func (c *Client) runTask(ctx context.Context, t *task, prog *Progress) {
	addr := t.ch.Address
	if ctx.Err() != nil {
		t.skip("interrupted before it started")
		return
	}
	for i, r := range t.ch.Requests {
		kind := classify(r)
		if kind == kindDeploy {
			t.ready = true
			continue
		}
		if ctx.Err() != nil {
			t.fail(kind.String(), ctx.Err())
			return
		}
		var err error
		switch kind {
		case kindDelete:
			var cp computePath
			if cp, _, err = parseComputePath(r.Path); err == nil {
				err = c.deleteCompute(ctx, addr, cp, prog)
			}
		case kindScale:
			err = c.patchScale(ctx, addr, r, prog)
		case kindIdentity:
			err = c.patchIdentity(ctx, addr, r, prog)
		case kindTags:
			err = c.patchTags(ctx, addr, r, prog)
		default:
			err = fmt.Errorf("cannot carry out %s %s", r.Method, r.Path)
		}
		if err != nil {
			t.fail(kind.String(), err)
			if rest := len(t.ch.Requests) - i - 1; rest > 0 {
				t.out.Step += fmt.Sprintf(" (%d later step(s) not attempted)", rest)
			}
			return
		}
	}
	if !t.ready {
		t.out.Status = Done
	}
}

// withSlot runs f holding one of the client's parallel slots.
func (c *Client) withSlot(ctx context.Context, f func() error) error {
	if err := c.acquire(ctx); err != nil {
		return err
	}
	defer c.release()
	return f()
}

// step runs one operation of apply: it holds a parallel slot for the whole
// of it (polling included) and reports it on a progress line, with the
// waits between polls (f's context carries the operation to pollToEnd).
func (c *Client) step(ctx context.Context, prog *Progress, who, what string, f func(context.Context) error) error {
	return c.withSlot(ctx, func() error {
		op := prog.StartOp(who, what)
		err := f(withWaits(ctx, op))
		op.Done(err)
		return err
	})
}

func (c *Client) deleteCompute(ctx context.Context, addr string, cp computePath, prog *Progress) error {
	return c.step(ctx, prog, addr, "deleting (underlyingResourceAction=Delete)", func(ctx context.Context) error {
		cc, err := c.computeClient(cp.Subscription)
		if err != nil {
			return err
		}
		poller, err := cc.BeginDelete(ctx, cp.ResourceGroup, cp.Workspace, cp.Name, armmachinelearning.UnderlyingResourceActionDelete, nil)
		if err != nil {
			return err
		}
		_, err = pollToEnd(ctx, c, poller)
		return err
	})
}

func (c *Client) patchScale(ctx context.Context, addr string, r diff.Request, prog *Progress) error {
	cp, _, err := parseComputePath(r.Path)
	if err != nil {
		return err
	}
	var body armmachinelearning.ClusterUpdateParameters
	if err := decodeBody(r.Body, &body); err != nil {
		return fmt.Errorf("reading the plan's scale settings: %v", err)
	}
	return c.step(ctx, prog, addr, "updating the scale settings", func(ctx context.Context) error {
		cc, err := c.computeClient(cp.Subscription)
		if err != nil {
			return err
		}
		poller, err := cc.BeginUpdate(ctx, cp.ResourceGroup, cp.Workspace, cp.Name, body, nil)
		if err != nil {
			return err
		}
		_, err = pollToEnd(ctx, c, poller)
		return err
	})
}

// patchIdentity sends the identity PATCH as azureml-core does; the SDK's
// update model has no identity, so it is a raw request through the same
// pipeline, polled like any long-running operation.
func (c *Client) patchIdentity(ctx context.Context, addr string, r diff.Request, prog *Progress) error {
	if _, _, err := parseComputePath(r.Path); err != nil {
		return err
	}
	var body json.RawMessage
	if err := decodeBody(r.Body, &body); err != nil {
		return fmt.Errorf("reading the plan's identity: %v", err)
	}
	return c.step(ctx, prog, addr, "updating the identity", func(ctx context.Context) error {
		return c.rawLRO(ctx, http.MethodPatch, r.Path, body)
	})
}

// rawLRO sends one request through the client's pipeline and, when the
// service answers with a long-running operation, polls it to the end.
func (c *Client) rawLRO(ctx context.Context, method, path string, body json.RawMessage) error {
	req, err := runtime.NewRequest(ctx, method, strings.TrimRight(c.endpoint, "/")+path)
	if err != nil {
		return err
	}
	if body != nil {
		if err := req.SetBody(streaming.NopCloser(bytes.NewReader(body)), "application/json"); err != nil {
			return err
		}
	}
	resp, err := c.Pipeline().Do(req)
	if err != nil {
		return err
	}
	if !runtime.HasStatusCode(resp, http.StatusOK, http.StatusCreated, http.StatusAccepted, http.StatusNoContent) {
		return runtime.NewResponseError(resp)
	}
	poller, err := runtime.NewPoller[json.RawMessage](resp, c.Pipeline(), nil)
	if err != nil {
		return err
	}
	_, err = pollToEnd(ctx, c, poller)
	return err
}

func (c *Client) patchTags(ctx context.Context, addr string, r diff.Request, prog *Progress) error {
	cp, _, err := parseComputePath(r.Path)
	if err != nil {
		return err
	}
	var body armresources.TagsPatchResource
	if err := decodeBody(r.Body, &body); err != nil {
		return fmt.Errorf("reading the plan's tags: %v", err)
	}
	return c.step(ctx, prog, addr, "updating the tags", func(ctx context.Context) error {
		tc, err := c.tagsClient(cp.Subscription)
		if err != nil {
			return err
		}
		_, err = tc.UpdateAtScope(ctx, cp.id(), body, nil)
		return err
	})
}

// deploy creates the clusters of one workspace key with one deployment of
// their merged templates.
func (c *Client) deploy(ctx context.Context, key string, ts []*task, secrets map[string]string, prog *Progress) {
	names := make([]string, len(ts))
	for i, t := range ts {
		_, names[i], _ = strings.Cut(t.ch.Address, "/")
	}
	failAll := func(step string, err error) {
		for _, t := range ts {
			t.fail(step, err)
		}
	}
	if ctx.Err() != nil {
		for _, t := range ts {
			if t.ch.Action == diff.Replace {
				t.fail("deployment", ctx.Err())
				t.out.Step = "deployment (interrupted after the delete: the cluster is gone until apply runs again)"
			} else {
				t.skip("interrupted before the deployment started")
			}
		}
		return
	}
	tmpl, params, err := mergeTemplates(ts)
	if err != nil {
		failAll("deployment", err)
		return
	}
	path := ts[0].create.path
	data, err := tmpl.JSON()
	if err != nil {
		failAll("deployment", err)
		return
	}
	name := deploymentName(key, path, data)
	values := map[string]any{}
	for p, s := range params {
		values[p] = map[string]any{"value": secrets[s]}
	}
	step := "deployment " + name
	err = c.step(ctx, prog, key, fmt.Sprintf("deploying %s (creates %s)", name, strings.Join(names, ", ")), func(ctx context.Context) error {
		dc, err := c.deploymentsClient(path.Subscription)
		if err != nil {
			return err
		}
		poller, err := dc.BeginCreateOrUpdate(ctx, path.ResourceGroup, name, armresources.Deployment{
			Properties: &armresources.DeploymentProperties{
				Mode:       to.Ptr(armresources.DeploymentModeIncremental),
				Template:   tmpl,
				Parameters: values,
			},
		}, nil)
		if err != nil {
			return err
		}
		_, err = pollToEnd(ctx, c, poller)
		return err
	})
	if err != nil {
		failAll(step, err)
		return
	}
	for _, t := range ts {
		t.out.Status = Done
	}
}

// mergeTemplates merges the one-cluster templates of a workspace's
// creations into one, and returns its securestring parameters with the
// secret each takes. The compiler names parameters from the whole
// workspace, so equal names are the same parameter.
func mergeTemplates(ts []*task) (*compiler.ARMTemplate, map[string]string, error) {
	var out *compiler.ARMTemplate
	params := map[string]string{}
	outputs := map[string]bool{}
	for _, t := range ts {
		tp := t.create.body.Properties.Template
		if out == nil {
			cp := tp
			cp.Parameters = nil
			cp.Resources = nil
			cp.Outputs = nil
			out = &cp
		}
		for _, m := range tp.Parameters {
			if _, ok := out.Parameters.Get(m.Key); !ok {
				out.Parameters = append(out.Parameters, m)
			}
		}
		out.Resources = append(out.Resources, tp.Resources...)
		for _, m := range tp.Outputs {
			if !outputs[m.Key] {
				outputs[m.Key] = true
				out.Outputs = append(out.Outputs, m)
			}
		}
		for p, s := range t.create.body.Properties.Parameters {
			if prev, ok := params[p]; ok && prev != s.Secret {
				return nil, nil, fmt.Errorf("parameter %s takes the secret %s and %s", p, prev, s.Secret)
			}
			params[p] = s.Secret
		}
	}
	if out == nil {
		return nil, nil, errors.New("nothing to deploy")
	}
	for p := range params {
		if _, ok := out.Parameters.Get(p); !ok {
			return nil, nil, fmt.Errorf("the template has no parameter %s", p)
		}
	}
	return out, params, nil
}

// deploymentName is "amlc-<key>-<hash>", at most 64 characters of ARM's
// allowed set; the hash (SHA-256 over the resource group's ID and the
// template) changes whenever the template does, and applying the same
// creations again reuses the name.
func deploymentName(key string, p deployPath, template []byte) string {
	h := sha256.New()
	h.Write([]byte(strings.ToLower("/subscriptions/" + p.Subscription + "/resourceGroups/" + p.ResourceGroup)))
	h.Write([]byte{0})
	h.Write(template)
	sum := hex.EncodeToString(h.Sum(nil))[:8]
	readable := strings.Map(func(r rune) rune {
		switch {
		case r == '-', r == '_', r == '.', r == '(', r == ')',
			'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
			return r
		}
		return '-'
	}, key)
	const max = 64 - len("amlc-") - len("-") - 8
	if len(readable) > max {
		readable = readable[:max]
	}
	return "amlc-" + readable + "-" + sum
}
