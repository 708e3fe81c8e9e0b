package domain

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// Kind classifies an Error so that every layer can map it without string matching.
type Kind int

// Error kinds, each mapped to one HTTP status by the API layer.
const (
	KindInvalid Kind = iota + 1
	KindNotFound
	KindConflict
	KindPrecondition
	KindForbidden
	KindGone
	KindUnauthenticated
	KindTooLarge
	KindTooSoon
	// KindUnsupportedMedia: a request body of a media type the operation does not take.
	KindUnsupportedMedia
	// KindUnavailable: the service cannot answer now (its database does not).
	KindUnavailable
)

// FieldError names one request field at fault and why.
type FieldError = wire.FieldError

// Error is a domain failure the caller can act on. Detail is safe to show to
// the caller: it never holds secrets or objects the caller cannot see.
type Error struct {
	Kind   Kind
	Code   string
	Detail string
	Fields []FieldError
	// Machine-readable context, sent beside the detail: the id of the
	// object a duplicate conflicts with, the current version on a
	// precondition failure, the deepest an organization may sit, when to retry.
	ExistingID        string
	CurrentVersion    int64
	MaxDepth          int
	RetryAfterSeconds int64
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Detail
	}
	parts := make([]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		parts = append(parts, f.Field+": "+f.Message)
	}
	return e.Detail + " (" + strings.Join(parts, "; ") + ")"
}

// Invalid reports a request that cannot be accepted as written.
func Invalid(detail string, fields ...FieldError) *Error {
	return &Error{Kind: KindInvalid, Code: "invalid_request", Detail: detail, Fields: fields}
}

// NotFound reports an object that does not exist or that the caller cannot see;
// the two are deliberately indistinguishable.
func NotFound(object, id string) *Error {
	return &Error{Kind: KindNotFound, Code: "not_found", Detail: fmt.Sprintf("%s %q was not found", object, id)}
}

// Conflict reports a request that clashes with the current state.
func Conflict(code, detail string) *Error {
	return &Error{Kind: KindConflict, Code: code, Detail: detail}
}

// Forbidden reports an action on a visible object that the caller's roles do not allow.
func Forbidden(detail string) *Error {
	return &Error{Kind: KindForbidden, Code: "forbidden", Detail: detail}
}

// Gone reports a single-use secret that was used, revoked or expired.
func Gone(detail string) *Error {
	return &Error{Kind: KindGone, Code: "gone", Detail: detail}
}

// TooSoon reports an action repeated before its throttle allows it again;
// RetryAfter says when it will.
func TooSoon(code, detail string, retryAfter time.Duration) *Error {
	secs := int64(math.Ceil(retryAfter.Seconds()))
	return &Error{Kind: KindTooSoon, Code: code, Detail: detail, RetryAfterSeconds: max(secs, 1)}
}

// PreconditionFailed reports an If-Match version that is no longer current.
func PreconditionFailed(object, id string, current int64) *Error {
	return &Error{
		Kind:           KindPrecondition,
		Code:           "version_mismatch",
		Detail:         fmt.Sprintf("%s %q was changed by someone else (current version %d); read it again and retry", object, id, current),
		CurrentVersion: current,
	}
}

// IsKind reports whether err is a domain Error of kind k.
func IsKind(err error, k Kind) bool {
	var de *Error
	return errors.As(err, &de) && de.Kind == k
}

// Fields collects field errors and turns them into one Invalid error.
type Fields []FieldError

// Add records a problem with one field.
func (f *Fields) Add(field, format string, args ...any) {
	*f = append(*f, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Check records err, when not nil, against field.
func (f *Fields) Check(field string, err error) {
	if err != nil {
		*f = append(*f, FieldError{Field: field, Message: err.Error()})
	}
}

// Err returns nil when no problem was recorded.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return Invalid("the request has invalid fields", f...)
}
