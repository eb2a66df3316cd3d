package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// jsonError rewrites an encoding/json error as "name:line:col: what". want
// describes the document expected at the top level, e.g. "a JSON object".
func jsonError(data []byte, name, want string, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return fmt.Errorf("%s: empty, want JSON", name)
	case errors.As(err, &syn):
		line, col := position(data, syn.Offset)
		return fmt.Errorf("%s:%d:%d: invalid JSON: %s", name, line, col, strings.TrimPrefix(syn.Error(), "json: "))
	case errors.As(err, &typ):
		line, col := position(data, valueStart(data, typ.Offset))
		if typ.Field == "" {
			return fmt.Errorf("%s:%d:%d: want %s, got a JSON %s", name, line, col, want, typ.Value)
		}
		return fmt.Errorf("%s:%d:%d: %s: a JSON %s cannot be a Go %s", name, line, col, typ.Field, typ.Value, typ.Type)
	}
	return fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "json: "))
}

// position turns a byte offset into a 1-based line and column.
func position(data []byte, off int64) (line, col int) {
	off = max(0, min(off, int64(len(data))))
	before := data[:off]
	line = 1 + bytes.Count(before, []byte("\n"))
	col = 1 + len(before) - (bytes.LastIndexByte(before, '\n') + 1)
	return line, col
}

// valueStart moves off, where encoding/json reports a type error (just
// after a scalar value, or just after the opening of an array or object),
// back to where the value starts. Other offsets are returned unchanged.
func valueStart(data []byte, off int64) int64 {
	if off <= 0 || off > int64(len(data)) {
		return off
	}
	i := int(off) - 1
	if data[i] == '[' || data[i] == '{' { // an array or object is reported just after its opening
		return int64(i)
	}
	if data[i] == '"' { // a string: find the opening quote that is not escaped
		for j := i - 1; j >= 0; j-- {
			if data[j] != '"' {
				continue
			}
			backslashes := 0
			for k := j - 1; k >= 0 && data[k] == '\\'; k-- {
				backslashes++
			}
			if backslashes%2 == 0 {
				return int64(j)
			}
		}
		return off
	}
	j := i
	for j >= 0 && strings.IndexByte("0123456789+-.eEtrufalsn", data[j]) >= 0 {
		j--
	}
	if j == i {
		return off
	}
	return int64(j + 1)
}
