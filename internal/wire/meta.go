package wire

import "time"

// Meta is carried by every object.
type Meta struct {
	// The object's identifier: opaque, prefixed by its kind (org_, usr_, rol_...).
	ID string `json:"id" example:"usr_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// Grows with every change; sent as the ETag, and expected back in If-Match.
	Version int64 `json:"version" example:"3"`
	// When the object was created (RFC 3339).
	CreatedAt time.Time `json:"created_at" example:"2026-11-02T09:30:00Z"`
	// When the object last changed (RFC 3339).
	UpdatedAt time.Time `json:"updated_at" example:"2026-11-03T14:05:00Z"`
}

// ObjectID is the object's identifier: lists order and page by it, and it
// is the object's identity in Terraform.
func (m Meta) ObjectID() string { return m.ID }

// ObjectVersion is the version sent as the ETag and back in If-Match.
func (m Meta) ObjectVersion() int64 { return m.Version }

// List is one page of a list.
type List[T any] struct {
	// The page's objects, in the list's order.
	Items []T `json:"items"`
	// Pass it as page_token to read the next page; empty on the last page.
	NextPageToken string `json:"next_page_token" example:"eyJhIjoidXNyXzAxIn0"`
}

// PageQuery asks for one page of a list ordered by id.
type PageQuery struct {
	// Page size.
	Limit int `query:"limit" oas:"minimum=1,maximum=200,default=50"`
	// The next_page_token of the previous page.
	PageToken string `query:"page_token" example:"eyJhIjoidXNyXzAxIn0"`
}

// AccessPageQuery asks for one page of an access listing, ordered by
// organization id: a full page unless a smaller one is asked for.
type AccessPageQuery struct {
	// Organizations per page.
	Limit int `query:"limit" oas:"minimum=1,maximum=200,default=200"`
	// The next_page_token of the previous page.
	PageToken string `query:"page_token" example:"eyJhIjoidXNyXzAxIn0"`
}

// NoQuery is the query of an operation that takes no parameters.
type NoQuery struct{}

// NoBody is the request body of an operation that takes none.
type NoBody struct{}

// Problem is an RFC 9457 problem detail: every error answer is one, sent as
// application/problem+json.
type Problem struct {
	// A URI naming the kind of problem: urn:portal:problem: and the code.
	Type string `json:"type" example:"urn:portal:problem:duplicate_email"`
	// The HTTP status text.
	Title string `json:"title" example:"Conflict"`
	// The HTTP status code.
	Status int `json:"status" example:"409"`
	// What went wrong and what to do, for a person.
	Detail string `json:"detail" example:"a user with e-mail ann@example.com already exists (usr_01j9z3k4m5n6p7q8r9s0t1v2w3)"`
	// The kind of problem, for a program: stable across versions.
	Code string `json:"code" example:"duplicate_email"`
	// The path of the request.
	Instance string `json:"instance,omitempty" example:"/v1/users"`
	// The fields at fault, for a validation problem.
	Errors []FieldError `json:"errors,omitempty"`
	// The id of the object a duplicate conflicts with, where the caller may see it.
	ExistingID string `json:"existing_id,omitempty" example:"usr_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// The object's version now, on a 412.
	CurrentVersion int64 `json:"current_version,omitempty" example:"4"`
	// How deep organizations may sit below the root, on a 409 too_deep.
	MaxDepth int `json:"max_depth,omitempty" example:"16"`
	// Seconds to wait, on a 429 (also in the Retry-After header).
	RetryAfterSeconds int64 `json:"retry_after_seconds,omitempty" example:"30"`
}

// FieldError names one request field at fault and why.
type FieldError struct {
	// The field's JSON name, or the query parameter's.
	Field string `json:"field" example:"phone"`
	// What is wrong and what is accepted.
	Message string `json:"message" example:"must be in E.164 form, e.g. +14155550123"`
}
