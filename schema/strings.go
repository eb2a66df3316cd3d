package schema

import (
	"encoding/json"
	"strconv"
)

// marshalString quotes s as a JSON (and CUE) string.
func marshalString(s string) (string, error) {
	b, err := json.Marshal(s)
	return string(b), err
}

// unquote reverses marshalString for CUE-style quoted labels.
func unquote(s string) (string, error) { return strconv.Unquote(s) }
