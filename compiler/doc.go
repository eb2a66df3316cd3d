// Package compiler turns the validated model of a spec ([schema.Spec]) into
// the templates that create its clusters: one classic ARM JSON template and
// one Bicep file per workspace.
//
// The package is pure: it reads nothing and writes nothing, and the same
// model always yields the same bytes. Both outputs come from one
// [ARMTemplate] value, so they cannot drift apart: the ARM JSON is that value
// as encoding/json marshals it, and the Bicep file is the same value printed
// as Bicep, with the existing workspace as the parent of every cluster. Both
// are printed from one ordered tree of the value, without a round trip
// through encoding/json; the workspaces compile in parallel.
//
// The templates only ever create clusters. Azure accepts a redeployment over
// an existing AmlCompute cluster but silently ignores changes to most of its
// fields, so every later change goes through amlc's plans instead.
//
// Secrets never enter the model: an admin password is the name of a secret,
// which becomes a securestring parameter ([Parameters] tells which parameter
// takes which secret), and its value is supplied only at deployment.
package compiler
