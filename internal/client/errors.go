package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// APIError is a non-2xx answer, carrying the server's problem detail.
type APIError struct {
	// The request and the HTTP status, never taken from the body (the
	// problem's own status is Problem.Status).
	Method string `json:"-"`
	Path   string `json:"-"`
	Status int    `json:"-"`
	wire.Problem
}

func (e *APIError) Error() string {
	msg := e.Detail
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	if len(e.Errors) > 0 {
		parts := make([]string, len(e.Errors))
		for i, f := range e.Errors {
			parts[i] = f.Field + " " + f.Message
		}
		msg += ": " + strings.Join(parts, "; ")
	}
	return fmt.Sprintf("%s (HTTP %d from %s %s)", msg, e.Status, e.Method, e.Path)
}

// decodeProblem turns a non-2xx answer into an APIError. The body is the
// server's problem+json; anything else (a proxy's HTML page, a truncated
// body) still yields a readable error: short plain text is kept, the rest
// is replaced by the status text.
func decodeProblem(method, path string, status int, raw []byte) *APIError {
	ae := &APIError{Method: method, Path: path, Status: status}
	if json.Unmarshal(raw, ae) != nil || ae.Detail == "" {
		*ae = APIError{Method: method, Path: path, Status: status}
		ae.Detail = strings.TrimSpace(string(raw))
		if len(ae.Detail) > 300 || ae.Detail == "" || !utf8.ValidString(ae.Detail) {
			ae.Detail = http.StatusText(status)
		}
		if ae.Detail == "" {
			ae.Detail = "unexpected answer"
		}
	}
	return ae
}

func statusIs(err error, status int) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.Status == status
}

// IsNotFound reports a 404: the object does not exist or is not visible.
func IsNotFound(err error) bool { return statusIs(err, http.StatusNotFound) }

// IsConflict reports a 409.
func IsConflict(err error) bool { return statusIs(err, http.StatusConflict) }

// IsPreconditionFailed reports a 412: the object changed since it was read.
func IsPreconditionFailed(err error) bool { return statusIs(err, http.StatusPreconditionFailed) }

// IsUnauthorized reports a 401: the token is missing, unknown or disabled.
func IsUnauthorized(err error) bool { return statusIs(err, http.StatusUnauthorized) }
