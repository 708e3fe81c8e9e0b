package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// CreateUser creates a user.
func (c *Client) CreateUser(ctx context.Context, in wire.UserCreate) (*wire.User, error) {
	var out wire.User
	return &out, c.do(ctx, http.MethodPost, "/v1/users", in, &out)
}

// GetUser reads a user.
func (c *Client) GetUser(ctx context.Context, id string) (*wire.User, error) {
	var out wire.User
	return &out, c.do(ctx, http.MethodGet, pathID("/v1/users", id), nil, &out)
}

// UpdateUser applies a merge patch.
func (c *Client) UpdateUser(ctx context.Context, id string, in wire.UserUpdate, opts ...Option) (*wire.User, error) {
	var out wire.User
	return &out, c.do(ctx, http.MethodPatch, pathID("/v1/users", id), in, &out, opts...)
}

// DeleteUser deletes a user.
func (c *Client) DeleteUser(ctx context.Context, id string, opts ...Option) error {
	return c.do(ctx, http.MethodDelete, pathID("/v1/users", id), nil, nil, opts...)
}

// UserAction runs a lifecycle operation: unlock, reset-password, reset-mfa, resend-invitation.
func (c *Client) UserAction(ctx context.Context, id, action string) (*wire.User, error) {
	var out wire.User
	return &out, c.do(ctx, http.MethodPost, pathID("/v1/users", id)+"/"+action, nil, &out)
}

// ListUsers reads every page of matching users.
func (c *Client) ListUsers(ctx context.Context, f wire.UserQuery) ([]wire.User, error) {
	return listAll[wire.User](ctx, c, "/v1/users", wire.UserListQuery{UserQuery: f})
}

// ExportUsersCSV returns every matching user as CSV.
func (c *Client) ExportUsersCSV(ctx context.Context, f wire.UserQuery) ([]byte, error) {
	var out []byte
	return out, c.do(
		ctx,
		http.MethodGet,
		"/v1/exports/users",
		nil,
		&out,
		withQuery(wire.EncodeQuery(f)),
		func(r *request) { r.accept = "text/csv" },
	)
}

// UserAccess reads a user's effective access, every page of it.
func (c *Client) UserAccess(ctx context.Context, id string) (*wire.UserAccess, error) {
	var out wire.UserAccess
	all, err := accessPages(func(q url.Values) ([]wire.AccessEntry, string, error) {
		out = wire.UserAccess{}
		err := c.do(ctx, http.MethodGet, pathID("/v1/users", id)+"/access", nil, &out, withQuery(q))
		return out.Access, out.NextPageToken, err
	})
	out.Access, out.NextPageToken = all, ""
	return &out, err
}

// Me reads the token's owner and access, every page of it.
func (c *Client) Me(ctx context.Context) (*wire.Me, error) {
	var out wire.Me
	all, err := accessPages(func(q url.Values) ([]wire.AccessEntry, string, error) {
		out = wire.Me{}
		err := c.do(ctx, http.MethodGet, "/v1/me", nil, &out, withQuery(q))
		return out.Access, out.NextPageToken, err
	})
	out.Access, out.NextPageToken = all, ""
	return &out, err
}

// Identity reads the token's owner and home organization only (one small
// request: the first access entry at most), to check a token.
func (c *Client) Identity(ctx context.Context) (*wire.Me, error) {
	var out wire.Me
	err := c.do(ctx, http.MethodGet, "/v1/me", nil, &out, withQuery(wire.EncodeQuery(wire.AccessPageQuery{Limit: 1})))
	out.Access, out.NextPageToken = nil, ""
	return &out, err
}

// accessPages reads an access listing page by page, following
// next_page_token, and returns the entries of every page.
func accessPages(read func(q url.Values) ([]wire.AccessEntry, string, error)) ([]wire.AccessEntry, error) {
	q := wire.AccessPageQuery{Limit: maxPage}
	all := []wire.AccessEntry{}
	for {
		entries, next, err := read(wire.EncodeQuery(q))
		if err != nil {
			return nil, err
		}
		all = append(all, entries...)
		if next == "" {
			return all, nil
		}
		q.PageToken = next
	}
}
