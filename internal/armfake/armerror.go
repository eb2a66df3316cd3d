package armfake

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// armError is an ARM error response: {"error": {code, message, details}}.
type armError struct {
	status  int
	Code    string      `json:"code"`
	Message string      `json:"message"`
	Details []*armError `json:"details,omitempty"`
}

func (e *armError) Error() string { return e.Code + ": " + e.Message }

// errorf makes an error answered with status.
func errorf(status int, code, format string, args ...any) *armError {
	return &armError{status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// The error codes the fake answers with. Where Azure's own code is not
// documented, the fake uses the generic one of the HTTP status.
const (
	codeBadRequest            = "BadRequest"
	codeInvalidRequestContent = "InvalidRequestContent"
	codeMissingAPIVersion     = "MissingApiVersionParameter"
	codeInvalidAPIVersion     = "InvalidApiVersionParameter"
	codeAuthenticationFailed  = "AuthenticationFailed"
	codeInvalidToken          = "InvalidAuthenticationToken"
	codeNotFound              = "NotFound"
	codeResourceNotFound      = "ResourceNotFound"
	codeResourceGroupNotFound = "ResourceGroupNotFound"
	codeSubscriptionNotFound  = "SubscriptionNotFound"
	codeDeploymentNotFound    = "DeploymentNotFound"
	codeMethodNotAllowed      = "MethodNotAllowed"
	codeConflict              = "Conflict"
	codeScopeLocked           = "ScopeLocked"
	codeInvalidTemplate       = "InvalidTemplate"
	codeDeploymentFailed      = "DeploymentFailed"
	codeDeploymentActive      = "DeploymentActive"
)

// errorBody is the JSON of an error response.
func (e *armError) body() any {
	return struct {
		Error *armError `json:"error"`
	}{e}
}

// writeError answers with e.
func writeError(w http.ResponseWriter, e *armError) {
	writeJSON(w, e.status, e.body())
}

// writeJSON answers with status and v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		status, data = http.StatusInternalServerError, []byte(`{"error":{"code":"InternalServerError","message":"the fake could not encode its answer"}}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(data)
}

// badRequest is a 400 with the generic code.
func badRequest(format string, args ...any) *armError {
	return errorf(http.StatusBadRequest, codeBadRequest, format, args...)
}
