package azure

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/streaming"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armresources"

	"github.com/amlc-dev/amlc/diff"
	"github.com/amlc-dev/amlc/internal/jsontree"
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
			switch kind := classify(r); {
			case kind == kindUnknown:
				reasons = append(reasons, fmt.Sprintf("%s: the plan holds a request amlc cannot carry out: %s %s", ch.Address, r.Method, r.Path))
			case kind == kindPut && r.Body == nil:
				reasons = append(reasons, fmt.Sprintf("%s: the plan has no body for the PUT of the compute (see the plan's warnings)", ch.Address))
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
	create *creation      // set for creates and replaces
	next   int            // the index of the next request to send
	got    map[string]any // the compute the last GET returned
}

// Apply carries out the plan's changes, each with exactly the requests the
// plan lists for it, in its order: first, concurrently, every request
// before a change's deployment (scale PATCHes, the GET and PUT of identity
// and tags changes, deletions, and the deletions that start
// replacements), each polled to the end; then, concurrently, the
// deployments, one per created cluster under the name the plan gives it
// (a replacement's only once its deletion completed). Deletions thus free
// quota before any creation. It returns the outcome of every change; a
// change that failed does not stop the others. Call Check first: Apply
// assumes the plan is allowed.
func (c *Client) Apply(ctx context.Context, p *LivePlan, opts ApplyOptions) *ApplyResult {
	res := &ApplyResult{}
	for i := range p.Changes {
		ch := &p.Changes[i]
		if ch.Action == diff.NoOp || len(ch.Requests) == 0 {
			continue
		}
		res.Outcomes = append(res.Outcomes, Outcome{Address: ch.Address, Action: ch.Action, Status: NotAttempted})
	}
	var tasks []*task
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
	// Phase 1: every request before a deployment.
	var wg sync.WaitGroup
	for _, t := range tasks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.runTask(ctx, t, prog)
		}()
	}
	wg.Wait()

	// Phase 2: the deployments.
	for _, t := range tasks {
		if t.create == nil || t.out.Status == Failed || t.next >= len(t.ch.Requests) {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.deploy(ctx, t, opts.Secrets, prog)
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

// runTask carries out the requests of one change up to its deployment.
func (c *Client) runTask(ctx context.Context, t *task, prog *Progress) {
	addr := t.ch.Address
	if ctx.Err() != nil {
		t.skip("interrupted before it started")
		return
	}
	for ; t.next < len(t.ch.Requests); t.next++ {
		r := t.ch.Requests[t.next]
		kind := classify(r)
		if kind == kindDeploy {
			return
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
		case kindGet:
			t.got, err = c.getCompute(ctx, addr, r, prog)
		case kindPut:
			err = c.putCompute(ctx, t, r, prog)
		default:
			err = fmt.Errorf("cannot carry out %s %s", r.Method, r.Path)
		}
		if _, busy := conflict(err); busy && kind != kindGet {
			// Maybe this very request happened and its answer was lost
			// (converge.go): done if the compute now is what it asked.
			if serr := c.settle(ctx, t, r, kind, prog); serr == nil {
				t.note(fmt.Sprintf("%s answered %s; the compute was then found to hold the change", kind, Describe(err)))
				err = nil
			} else {
				err = fmt.Errorf("%s; then %v", Describe(err), serr)
			}
		}
		if err != nil {
			t.fail(kind.String(), err)
			if rest := len(t.ch.Requests) - t.next - 1; rest > 0 {
				t.out.Step += fmt.Sprintf(" (%d later step(s) not attempted)", rest)
			}
			return
		}
	}
	t.out.Status = Done
}

// note adds a remark to the change's outcome.
func (t *task) note(s string) {
	if t.out.Step != "" {
		t.out.Step += "; "
	}
	t.out.Step += s
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

// getCompute is the read of a read-modify-write: the compute as Azure
// holds it now, decoded from JSON.
func (c *Client) getCompute(ctx context.Context, addr string, r diff.Request, prog *Progress) (map[string]any, error) {
	var got map[string]any
	err := c.step(ctx, prog, addr, "reading the compute", func(ctx context.Context) error {
		data, err := c.rawGet(ctx, r.Path)
		if err != nil {
			return err
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&got); err != nil || got == nil {
			return fmt.Errorf("the compute's answer is not a JSON object: %v", err)
		}
		return nil
	})
	return got, err
}

// putCompute is the write of a read-modify-write. The body it sends is
// the compute the GET before it read, without what a PUT does not take
// (diff.PutBase), with the members the change sets taken from the plan;
// it must be the plan's body. When it is not, the compute changed since
// the plan was made, and nothing is sent.
func (c *Client) putCompute(ctx context.Context, t *task, r diff.Request, prog *Progress) error {
	if t.got == nil {
		return errors.New("the plan has no GET of the compute before its PUT")
	}
	var planned map[string]any
	if err := decodeBody(r.Body, &planned); err != nil {
		return fmt.Errorf("reading the plan's body: %v", err)
	}
	body := diff.PutBase(t.got)
	diff.SetMembers(body, planned, diff.PutMembers(t.ch))
	if where, a, b, differ := firstDifference(planned, body); differ {
		return fmt.Errorf("the compute changed since the plan was made (%s: the plan has %s, Azure now %s); nothing was sent; plan again", orRoot(where), a, b)
	}
	data, err := json.Marshal(body)
	if err != nil {
		return err
	}
	var names []string
	for _, m := range diff.PutMembers(t.ch) {
		names = append(names, strings.TrimPrefix(m, "properties.properties."))
	}
	what := "updating " + strings.Join(names, ", ") + " (full PUT of the compute)"
	return c.step(ctx, prog, t.ch.Address, what, func(ctx context.Context) error {
		return c.rawLRO(ctx, http.MethodPut, r.Path, data)
	})
}

// rawGet sends a GET through the client's pipeline and returns the body.
func (c *Client) rawGet(ctx context.Context, path string) ([]byte, error) {
	req, err := runtime.NewRequest(ctx, http.MethodGet, strings.TrimRight(c.endpoint, "/")+path)
	if err != nil {
		return nil, err
	}
	resp, err := c.Pipeline().Do(req)
	if err != nil {
		return nil, err
	}
	if !runtime.HasStatusCode(resp, http.StatusOK) {
		return nil, runtime.NewResponseError(resp)
	}
	return runtime.Payload(resp)
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

// deploy creates the cluster of one change with the deployment the plan
// names for it: the plan's template, and the secrets' values in the
// template's secure parameters.
func (c *Client) deploy(ctx context.Context, t *task, secrets map[string]string, prog *Progress) {
	step := "deployment " + t.create.path.Name
	if ctx.Err() != nil {
		if t.ch.Action == diff.Replace {
			t.fail("deployment", ctx.Err())
			t.out.Step = "deployment (interrupted after the delete: the cluster is gone until apply runs again)"
		} else {
			t.skip("interrupted before the deployment started")
		}
		return
	}
	body := t.create.body.Properties
	values := map[string]any{}
	for p, s := range body.Parameters {
		values[p] = map[string]any{"value": secrets[s.Secret]}
	}
	_, name, _ := strings.Cut(t.ch.Address, "/")
	send := func() error {
		return c.step(ctx, prog, t.ch.Address, fmt.Sprintf("deploying %s (creates %s)", t.create.path.Name, name), func(ctx context.Context) error {
			dc, err := c.deploymentsClient(t.create.path.Subscription)
			if err != nil {
				return err
			}
			poller, err := dc.BeginCreateOrUpdate(ctx, t.create.path.ResourceGroup, t.create.path.Name, armresources.Deployment{
				Properties: &armresources.DeploymentProperties{
					Mode:       to.Ptr(armresources.DeploymentModeIncremental),
					Template:   body.Template,
					Parameters: values,
				},
			}, nil)
			if err != nil {
				return err
			}
			_, err = pollToEnd(ctx, c, poller)
			return err
		})
	}
	err := send()
	if code, busy := conflict(err); busy && deploymentActiveCode(code) {
		// The deployment of this name still runs: an earlier apply was
		// interrupted, or this one's answer was lost and its retry met it
		// (converge.go). Its outcome is this change's.
		ok, werr := c.awaitDeployment(ctx, t, prog)
		switch {
		case werr != nil:
			err = werr
		case ok:
			t.note("the deployment an earlier request started succeeded")
			err = nil
		default:
			// It failed: send the plan's deployment again, once.
			err = send()
		}
	}
	if err != nil {
		t.fail(step, err)
		return
	}
	t.next++
	t.out.Status = Done
}

// firstDifference compares two JSON values (decoded with UseNumber or
// not) and returns the path of the first difference, with both values
// printed, and whether there is one.
func firstDifference(a, b any) (where, x, y string, differ bool) {
	where, va, vb, differ := jsontree.FirstDifference(a, b)
	return where, jsonText(va), jsonText(vb), differ
}

func orRoot(path string) string {
	if path == "" {
		return "the body"
	}
	return path
}

// jsonText prints a JSON value compactly; absent (nil) is "(absent)".
func jsonText(v any) string {
	if v == nil {
		return "(absent)"
	}
	if n, ok := v.(json.Number); ok {
		if f, err := n.Float64(); err == nil {
			v = f
		}
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(data)
}
