package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// UserCreate is the body of a create.
type UserCreate struct {
	Email          string  `json:"email"`
	FirstName      string  `json:"first_name"`
	LastName       string  `json:"last_name"`
	Phone          *string `json:"phone,omitempty"`
	OrganizationID string  `json:"organization_id"`
	Enabled        *bool   `json:"enabled,omitempty"`
	SendInvitation *bool   `json:"send_invitation,omitempty"`
}

// UserUpdate is a merge patch: absent fields are left alone, null clears
// (phone only), a value sets.
type UserUpdate struct {
	Email          domain.Optional[string] `json:"email,omitzero"`
	FirstName      domain.Optional[string] `json:"first_name,omitzero"`
	LastName       domain.Optional[string] `json:"last_name,omitzero"`
	Phone          domain.Optional[string] `json:"phone,omitzero"`
	OrganizationID domain.Optional[string] `json:"organization_id,omitzero"`
	Enabled        domain.Optional[bool]   `json:"enabled,omitzero"`
}

// UserFilter mirrors the portal's user page filters; ListUsers and
// ExportUsersCSV take the same.
type UserFilter struct {
	OrganizationID     string
	IncludeDescendants bool
	Status, RoleID     string
	MFAEnrolled        *bool
	Query, Email       string
}

// CreateUser creates a user.
func (c *Client) CreateUser(ctx context.Context, in UserCreate) (*User, error) {
	var out User
	return &out, c.do(ctx, http.MethodPost, "/v1/users", in, &out)
}

// GetUser reads a user.
func (c *Client) GetUser(ctx context.Context, id string) (*User, error) {
	var out User
	return &out, c.do(ctx, http.MethodGet, pathID("/v1/users", id), nil, &out)
}

// UpdateUser applies a merge patch.
func (c *Client) UpdateUser(ctx context.Context, id string, in UserUpdate, opts ...Option) (*User, error) {
	var out User
	return &out, c.do(ctx, http.MethodPatch, pathID("/v1/users", id), in, &out, opts...)
}

// DeleteUser deletes a user.
func (c *Client) DeleteUser(ctx context.Context, id string, opts ...Option) error {
	return c.do(ctx, http.MethodDelete, pathID("/v1/users", id), nil, nil, opts...)
}

// UserAction runs a lifecycle operation: unlock, reset-password, reset-mfa, resend-invitation.
func (c *Client) UserAction(ctx context.Context, id, action string) (*User, error) {
	var out User
	return &out, c.do(ctx, http.MethodPost, pathID("/v1/users", id)+"/"+action, nil, &out)
}

// ListUsers reads every page of matching users.
func (c *Client) ListUsers(ctx context.Context, f UserFilter) ([]User, error) {
	return listAll[User](ctx, c, "/v1/users", f.query())
}

// ExportUsersCSV returns every matching user as CSV.
func (c *Client) ExportUsersCSV(ctx context.Context, f UserFilter) ([]byte, error) {
	var out []byte
	return out, c.do(ctx, http.MethodGet, "/v1/users", nil, &out, func(r *request) { r.query, r.accept = f.query(), "text/csv" })
}

func (f UserFilter) query() url.Values {
	q := url.Values{}
	setIf(q, "organization_id", f.OrganizationID)
	if f.IncludeDescendants {
		q.Set("include_descendants", "true")
	}
	setIf(q, "status", f.Status)
	setIf(q, "role_id", f.RoleID)
	if f.MFAEnrolled != nil {
		q.Set("mfa_enrolled", strconv.FormatBool(*f.MFAEnrolled))
	}
	setIf(q, "q", f.Query)
	setIf(q, "email", f.Email)
	return q
}

// UserAccess reads a user's effective access, every page of it.
func (c *Client) UserAccess(ctx context.Context, id string) (*UserAccess, error) {
	var out UserAccess
	all, err := accessPages(func(q url.Values) ([]AccessEntry, string, error) {
		out = UserAccess{}
		err := c.do(ctx, http.MethodGet, pathID("/v1/users", id)+"/access", nil, &out, func(r *request) { r.query = q })
		return out.Access, out.NextPageToken, err
	})
	out.Access, out.NextPageToken = all, ""
	return &out, err
}

// Me reads the token's owner and access, every page of it.
func (c *Client) Me(ctx context.Context) (*Me, error) {
	var out Me
	all, err := accessPages(func(q url.Values) ([]AccessEntry, string, error) {
		out = Me{}
		err := c.do(ctx, http.MethodGet, "/v1/me", nil, &out, func(r *request) { r.query = q })
		return out.Access, out.NextPageToken, err
	})
	out.Access, out.NextPageToken = all, ""
	return &out, err
}

// Identity reads the token's owner and home organization only (one small
// request: the first access entry at most), to check a token.
func (c *Client) Identity(ctx context.Context) (*Me, error) {
	var out Me
	err := c.do(ctx, http.MethodGet, "/v1/me", nil, &out, func(r *request) { r.query = url.Values{"limit": {"1"}} })
	out.Access, out.NextPageToken = nil, ""
	return &out, err
}

// accessPages reads an access listing page by page, following
// next_page_token, and returns the entries of every page.
func accessPages(read func(q url.Values) ([]AccessEntry, string, error)) ([]AccessEntry, error) {
	q := url.Values{"limit": {"200"}}
	all := []AccessEntry{}
	for {
		entries, next, err := read(q)
		if err != nil {
			return nil, err
		}
		all = append(all, entries...)
		if next == "" {
			return all, nil
		}
		q.Set("page_token", next)
	}
}

// Outbox lists e-mails sent to an address (dev mode servers only).
func (c *Client) Outbox(ctx context.Context, to string) ([]OutboxMessage, error) {
	var out page[OutboxMessage]
	return out.Items, c.do(ctx, http.MethodGet, "/v1/dev/outbox", nil, &out, func(r *request) { r.query = url.Values{"to": {to}} })
}
