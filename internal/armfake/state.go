package armfake

import (
	"fmt"
	"net/http"
	"strings"
)

// state is everything the fake holds; Server.mu guards it.
type state struct {
	subs        map[string]bool       // lower-case subscription IDs
	rgs         map[string]bool       // key(sub, rg)
	workspaces  map[string]*Workspace // key(sub, rg, ws)
	computes    map[string]*computeRec
	detached    map[string]*Compute // key(sub, rg, ws, name): computes deleted with Detach
	deployments map[string]*deployment
	ops         map[string]*operation
	locks       []Lock
}

// key joins ARM names into a map key; ARM names ignore case.
func key(parts ...string) string { return strings.ToLower(strings.Join(parts, "/")) }

// newState builds the state the options describe, without computes.
func newState(o *Options) *state {
	st := &state{
		subs:        map[string]bool{},
		rgs:         map[string]bool{},
		workspaces:  map[string]*Workspace{},
		computes:    map[string]*computeRec{},
		detached:    map[string]*Compute{},
		deployments: map[string]*deployment{},
		ops:         map[string]*operation{},
		locks:       append([]Lock(nil), o.Locks...),
	}
	for i := range o.Workspaces {
		ws := o.Workspaces[i]
		st.subs[key(ws.Subscription)] = true
		st.rgs[key(ws.Subscription, ws.ResourceGroup)] = true
		st.workspaces[key(ws.Subscription, ws.ResourceGroup, ws.Name)] = &ws
	}
	for _, l := range o.Locks {
		st.subs[key(l.Subscription)] = true
		st.rgs[key(l.Subscription, l.ResourceGroup)] = true
	}
	return st
}

// checkSubscription answers 404 SubscriptionNotFound for an unknown one.
func (st *state) checkSubscription(sub string) *armError {
	if !st.subs[key(sub)] {
		return errorf(http.StatusNotFound, codeSubscriptionNotFound, "The subscription '%s' could not be found.", sub)
	}
	return nil
}

// checkResourceGroup answers 404 for an unknown subscription or group.
func (st *state) checkResourceGroup(sub, rg string) *armError {
	if err := st.checkSubscription(sub); err != nil {
		return err
	}
	if !st.rgs[key(sub, rg)] {
		return errorf(http.StatusNotFound, codeResourceGroupNotFound, "Resource group '%s' could not be found.", rg)
	}
	return nil
}

// workspace finds a workspace, or the 404 ARM answers.
func (st *state) workspace(sub, rg, name string) (*Workspace, *armError) {
	if err := st.checkResourceGroup(sub, rg); err != nil {
		return nil, err
	}
	ws := st.workspaces[key(sub, rg, name)]
	if ws == nil {
		return nil, notFound("Microsoft.MachineLearningServices/workspaces/"+name, rg)
	}
	return ws, nil
}

// notFound is ARM's 404 for a missing resource.
func notFound(typeAndName, rg string) *armError {
	return errorf(http.StatusNotFound, codeResourceNotFound,
		"The Resource '%s' under resource group '%s' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix", typeAndName, rg)
}

// lockOn returns the lock that forbids a write (or, with deleting, a
// deletion) in the resource group, or nil.
func (st *state) lockOn(sub, rg string, deleting bool) *Lock {
	for i, l := range st.locks {
		if key(l.Subscription, l.ResourceGroup) != key(sub, rg) {
			continue
		}
		if strings.EqualFold(l.Level, ReadOnly) || deleting && strings.EqualFold(l.Level, CanNotDelete) {
			return &st.locks[i]
		}
	}
	return nil
}

// checkLock answers 409 ScopeLocked when a lock forbids the operation.
func (st *state) checkLock(sub, rg, scope string, deleting bool) *armError {
	l := st.lockOn(sub, rg, deleting)
	if l == nil {
		return nil
	}
	op := "write"
	if deleting {
		op = "delete"
	}
	return errorf(http.StatusConflict, codeScopeLocked,
		"The scope '%s' cannot perform %s operation because following scope(s) are locked: '/subscriptions/%s/resourceGroups/%s'. Please remove the lock and try again.",
		scope, op, l.Subscription, l.ResourceGroup)
}

// computeID is the ARM ID of a compute in ws.
func computeID(ws *Workspace, name string) string {
	return fmt.Sprintf("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.MachineLearningServices/workspaces/%s/computes/%s",
		ws.Subscription, ws.ResourceGroup, ws.Name, name)
}
