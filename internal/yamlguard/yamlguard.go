// Package yamlguard refuses the YAML that CUE's YAML decoder cannot take
// without crashing, before it is given to it. It is called wherever amlc
// decodes YAML (specs, standard input, az ml files for import).
package yamlguard

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"go.yaml.in/yaml/v3"
)

// MergeCycle finds a merge key whose alias names a mapping that holds
// it (`a: &a {<<: *a}`): CUE v0.17.1's YAML decoder, which checks plain
// aliases for this, follows such a merge until the stack overflows, a
// crash no recover can catch (found by fuzzing). The file is parsed with
// the YAML library CUE's decoder is built on, without resolving aliases;
// only files that have a merge key pay for it. The error names the line
// and column of the alias; nil means no such cycle (or a syntax error,
// which CUE's decoder reports in its own words).
func MergeCycle(path string, src []byte) *CycleError {
	if !bytes.Contains(src, []byte("<<")) || !bytes.Contains(src, []byte("*")) {
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return nil
		}
		if err := aliasCycle(path, &doc, nil); err != nil {
			return err
		}
	}
}

// CycleError is a merge (or alias) inside the value of its own anchor.
type CycleError struct {
	Path         string
	Line, Column int
	Anchor       string
}

// Msg is the message without the position, in the words CUE's decoder
// uses for a plain alias that contains itself.
func (e *CycleError) Msg() string {
	return fmt.Sprintf("anchor %q value contains itself", e.Anchor)
}

func (e *CycleError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Column, e.Msg())
}

// aliasCycle reports an alias below n whose anchor is n or one of the
// nodes it is in (ancestors).
func aliasCycle(path string, n *yaml.Node, ancestors []*yaml.Node) *CycleError {
	if n.Kind == yaml.AliasNode {
		for _, a := range ancestors {
			if a == n.Alias {
				return &CycleError{Path: path, Line: n.Line, Column: n.Column, Anchor: n.Value}
			}
		}
		return nil
	}
	ancestors = append(ancestors, n)
	for _, c := range n.Content {
		if err := aliasCycle(path, c, ancestors); err != nil {
			return err
		}
	}
	return nil
}
