package azure

// Converging after an interruption. A write can have happened although
// apply never learned it: an apply interrupted while its deployment ran,
// or a request whose answer was lost (azcore then retries it, and the
// retry meets the operation the first one started). Azure answers such a
// write with 409: DeploymentActive for a deployment that still runs
// [ARM-ACTIVE] [ARM-DEPLOY], Conflict for a compute busy with an
// operation. Instead of
// reporting a failure, apply then finds out what really happened:
//
//   - a deployment that is still active is waited for (reading it, as ARM's
//     DeploymentActive message asks), and its outcome is the change's; a
//     deployment of the same name has the same template, because the name
//     holds the template's hash;
//   - a compute that is busy is read until its operation ends, and the
//     change is done when the compute then is what the request asked for
//     (deleted, patched, or holding the PUT's body), and failed otherwise.
//
// These reads are recovery, not the plan's requests (docs/plans.md).

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armresources"

	"github.com/amlc-dev/amlc/diff"
	"github.com/amlc-dev/amlc/internal/jsontree"
	"github.com/amlc-dev/amlc/schema"
)

// conflict reports whether err is Azure's 409 for a resource that is
// busy, with the error code it gave (a lock's 409 ScopeLocked is not).
func conflict(err error) (string, bool) {
	var re *azcore.ResponseError
	if !errors.As(err, &re) || re.StatusCode != http.StatusConflict {
		return "", false
	}
	code := Detail(err).Code
	return code, !strings.EqualFold(code, "ScopeLocked")
}

// deploymentActiveCode reports whether an error code says that a
// deployment of the name still runs: DeploymentActive, as ARM answers it
// [ARM-ACTIVE], or DeploymentActiveAndUneditable, as ARM's list of common
// errors names it ("Wait for concurrent deployment to this resource group
// to complete") [ARM-DEPLOY].
func deploymentActiveCode(code string) bool {
	return strings.EqualFold(code, "DeploymentActive") || strings.EqualFold(code, "DeploymentActiveAndUneditable")
}

// awaitDeployment waits for an active deployment of the plan's name to
// end and reports whether it succeeded.
func (c *Client) awaitDeployment(ctx context.Context, t *task, prog *Progress) (bool, error) {
	p := t.create.path
	var state string
	err := c.step(ctx, prog, t.ch.Address, fmt.Sprintf("waiting for the deployment %s, which an earlier apply started and Azure still runs", p.Name), func(ctx context.Context) error {
		dc, err := c.deploymentsClient(p.Subscription)
		if err != nil {
			return err
		}
		for {
			d, err := dc.Get(ctx, p.ResourceGroup, p.Name, nil)
			if err != nil {
				return err
			}
			if d.Properties != nil && d.Properties.ProvisioningState != nil {
				state = string(*d.Properties.ProvisioningState)
			}
			if !deploymentActive(state) {
				return nil
			}
			if err := wait(ctx, c.opts.PollFrequency); err != nil {
				return err
			}
		}
	})
	return strings.EqualFold(state, string(armresources.ProvisioningStateSucceeded)), err
}

// deploymentActive reports whether a deployment in this state still runs.
func deploymentActive(state string) bool {
	switch strings.ToLower(state) {
	case "succeeded", "failed", "canceled":
		return false
	}
	return true
}

// settle finds out, after a 409 for a write to a compute, whether the
// compute reached what the request asked for: it reads the compute until
// its own operation ends, then compares. It returns nil when the request's
// effect is there, and an error saying what Azure holds otherwise.
func (c *Client) settle(ctx context.Context, t *task, r diff.Request, kind requestKind, prog *Progress) error {
	cp, _, err := parseComputePath(r.Path)
	if err != nil {
		return err
	}
	path := cp.id() + "?api-version=" + diff.ComputeAPIVersion
	var got map[string]any
	var gone bool
	err = c.step(ctx, prog, t.ch.Address, "the compute is busy: reading it until its operation ends, to learn whether this change happened", func(ctx context.Context) error {
		for {
			data, err := c.rawGet(ctx, path)
			var re *azcore.ResponseError
			switch {
			case errors.As(err, &re) && re.StatusCode == http.StatusNotFound:
				gone = true
				return nil
			case err != nil:
				return err
			}
			got = nil
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.UseNumber()
			if err := dec.Decode(&got); err != nil || got == nil {
				return fmt.Errorf("the compute's answer is not a JSON object: %v", err)
			}
			state, _ := jsontree.Object(got, "properties")["provisioningState"].(string)
			if !computeBusy(state) {
				return nil
			}
			if err := wait(ctx, c.opts.PollFrequency); err != nil {
				return err
			}
		}
	})
	if err != nil {
		return err
	}
	switch kind {
	case kindDelete:
		if gone {
			return nil
		}
		state, _ := jsontree.Object(got, "properties")["provisioningState"].(string)
		return fmt.Errorf("the compute still exists (provisioning state %s)", state)
	case kindScale:
		if gone {
			return errors.New("the compute no longer exists")
		}
		return sameScale(r.Body, got)
	case kindPut:
		if gone {
			return errors.New("the compute no longer exists")
		}
		var planned map[string]any
		if err := decodeBody(r.Body, &planned); err != nil {
			return err
		}
		if where, a, b, differ := firstDifference(planned, diff.PutBase(got)); differ {
			return fmt.Errorf("the compute does not hold the change (%s: the plan has %s, Azure %s)", orRoot(where), a, b)
		}
		return nil
	}
	return fmt.Errorf("cannot tell whether %s happened", kind)
}

// computeBusy reports whether a compute in this provisioning state is in
// the middle of an operation.
func computeBusy(state string) bool {
	switch strings.ToLower(state) {
	case "creating", "updating", "deleting", "provisioning", "resizing":
		return true
	}
	return false
}

// sameScale compares the scale settings of a scale PATCH body with those
// of a compute, durations by their value ("PT120S" = "PT2M").
func sameScale(body any, compute map[string]any) error {
	var want struct {
		Properties struct {
			Properties struct {
				ScaleSettings struct {
					MaxNodeCount                json.Number `json:"maxNodeCount"`
					MinNodeCount                json.Number `json:"minNodeCount"`
					NodeIdleTimeBeforeScaleDown string      `json:"nodeIdleTimeBeforeScaleDown"`
				} `json:"scaleSettings"`
			} `json:"properties"`
		} `json:"properties"`
	}
	if err := decodeBody(body, &want); err != nil {
		return err
	}
	w := want.Properties.Properties.ScaleSettings
	got := jsontree.Object(compute, "properties.properties.scaleSettings")
	same := jsonText(got["maxNodeCount"]) == jsonText(w.MaxNodeCount) && jsonText(got["minNodeCount"]) == jsonText(w.MinNodeCount)
	idle, _ := got["nodeIdleTimeBeforeScaleDown"].(string)
	a, errA := schema.ParseDuration(idle)
	b, errB := schema.ParseDuration(w.NodeIdleTimeBeforeScaleDown)
	if !same || errA != nil || errB != nil || a != b {
		return fmt.Errorf("the compute's scale settings are %s, not those of the plan", jsonText(got))
	}
	return nil
}

// wait sleeps d, or until ctx is done.
func wait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
