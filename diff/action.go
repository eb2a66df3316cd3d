package diff

import "fmt"

// Action is what a plan does to one cluster. The set is closed: the five
// constants below are the only valid values.
type Action string

// The actions, in the order a plan summary counts them.
const (
	// Create deploys a cluster that is in the specs but not in the base.
	Create Action = "create"
	// Update changes updatable fields of an existing cluster in place.
	Update Action = "update"
	// Replace deletes a cluster and creates it again, because a field
	// that can only be set at creation changed.
	Replace Action = "replace"
	// Delete removes a cluster that is in the base but not in the specs.
	Delete Action = "delete"
	// NoOp leaves the cluster alone: nothing changed after normalisation,
	// or only fields that nothing applies (see [RouteNone]).
	NoOp Action = "no-op"
)

// Actions returns every action in summary order.
func Actions() []Action { return []Action{Create, Update, Replace, Delete, NoOp} }

// String returns the action as it appears in the JSON plan.
func (a Action) String() string { return string(a) }

// Valid reports whether a is one of the five actions.
func (a Action) Valid() bool {
	_, err := ActionCases[struct{}]{}.pick(a)
	return err == nil
}

// ActionCases holds one value per action; [ActionCases.For] picks the value
// of an action. Filling every field of a keyed literal is how a caller
// switches over actions exhaustively without a linter:
//
//	symbol := diff.ActionCases[string]{Create: "+", Update: "~", Replace: "-/+", Delete: "-", NoOp: " "}.For(a)
type ActionCases[T any] struct {
	Create, Update, Replace, Delete, NoOp T
}

// For returns the value for a. It panics when a is not a valid action: an
// action outside the closed set is a programming error.
func (c ActionCases[T]) For(a Action) T {
	v, err := c.pick(a)
	if err != nil {
		panic(err)
	}
	return v
}

func (c ActionCases[T]) pick(a Action) (T, error) {
	switch a {
	case Create:
		return c.Create, nil
	case Update:
		return c.Update, nil
	case Replace:
		return c.Replace, nil
	case Delete:
		return c.Delete, nil
	case NoOp:
		return c.NoOp, nil
	}
	var zero T
	return zero, fmt.Errorf("diff: invalid action %q", string(a))
}
