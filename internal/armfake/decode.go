package armfake

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// decodeJSON reads a request body into v. Member names match ignoring
// case and unknown members are ignored, as the .NET services behind ARM
// do. The error never quotes the body, which may hold secrets.
func decodeJSON(body []byte, v any) *armError {
	if len(bytes.TrimSpace(body)) == 0 {
		return invalidContent("the request has no body")
	}
	if err := json.Unmarshal(body, v); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return invalidContent(fmt.Sprintf("invalid JSON at byte offset %d", syn.Offset))
		case errors.As(err, &typ):
			return invalidContent(fmt.Sprintf("the member '%s' cannot be a JSON %s", typ.Field, typ.Value))
		}
		return invalidContent("invalid JSON")
	}
	return nil
}

func invalidContent(detail string) *armError {
	return errorf(http.StatusBadRequest, codeInvalidRequestContent,
		"The request content was invalid and could not be deserialized: '%s'.", detail)
}
