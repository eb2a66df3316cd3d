package compiler

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Member is one key and value of an [Object].
type Member[V any] struct {
	Key   string
	Value V
}

// Object is a JSON object whose members keep their order: it marshals its
// members in slice order, and unmarshals them in document order. A nil
// Object marshals as {}.
type Object[V any] []Member[V]

// Get returns the value of the first member named key.
func (o Object[V]) Get(key string) (V, bool) {
	for _, m := range o {
		if m.Key == key {
			return m.Value, true
		}
	}
	var zero V
	return zero, false
}

// Keys returns the member names in order.
func (o Object[V]) Keys() []string {
	keys := make([]string, len(o))
	for i, m := range o {
		keys[i] = m.Key
	}
	return keys
}

// MarshalJSON implements [json.Marshaler]. It leaves <, > and & alone; the
// encoder that calls it decides about HTML escaping.
func (o Object[V]) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	var out bytes.Buffer
	out.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			out.WriteByte(',')
		}
		buf.Reset()
		if err := enc.Encode(m.Key); err != nil {
			return nil, err
		}
		out.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		out.WriteByte(':')
		buf.Reset()
		if err := enc.Encode(m.Value); err != nil {
			return nil, fmt.Errorf("member %q: %w", m.Key, err)
		}
		out.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	}
	out.WriteByte('}')
	return out.Bytes(), nil
}

// UnmarshalJSON implements [json.Unmarshaler], keeping the document order.
func (o *Object[V]) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		*o = nil
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fmt.Errorf("compiler: want a JSON object, got %v", tok)
	}
	members := Object[V]{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, ok := tok.(string)
		if !ok {
			return fmt.Errorf("compiler: want an object key, got %v", tok)
		}
		var v V
		if err := dec.Decode(&v); err != nil {
			return fmt.Errorf("member %q: %w", key, err)
		}
		members = append(members, Member[V]{key, v})
	}
	if _, err := dec.Token(); err != nil {
		return err
	}
	*o = members
	return nil
}
