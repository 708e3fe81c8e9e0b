package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// CreateServiceAccount creates a service account.
func (c *Client) CreateServiceAccount(ctx context.Context, in wire.ServiceAccountCreate) (*wire.ServiceAccount, error) {
	var out wire.ServiceAccount
	return &out, c.do(ctx, http.MethodPost, "/v1/service-accounts", in, &out)
}

// GetServiceAccount reads a service account.
func (c *Client) GetServiceAccount(ctx context.Context, id string) (*wire.ServiceAccount, error) {
	var out wire.ServiceAccount
	return &out, c.do(ctx, http.MethodGet, pathID("/v1/service-accounts", id), nil, &out)
}

// UpdateServiceAccount applies a merge patch.
func (c *Client) UpdateServiceAccount(
	ctx context.Context,
	id string,
	in wire.ServiceAccountUpdate,
	opts ...Option,
) (*wire.ServiceAccount, error) {
	var out wire.ServiceAccount
	return &out, c.do(ctx, http.MethodPatch, pathID("/v1/service-accounts", id), in, &out, opts...)
}

// DeleteServiceAccount deletes a service account with its tokens and role assignments.
func (c *Client) DeleteServiceAccount(ctx context.Context, id string, opts ...Option) error {
	return c.do(ctx, http.MethodDelete, pathID("/v1/service-accounts", id), nil, nil, opts...)
}

// ListServiceAccounts reads every page of matching service accounts.
func (c *Client) ListServiceAccounts(ctx context.Context, f wire.ServiceAccountQuery) ([]wire.ServiceAccount, error) {
	return listAll[wire.ServiceAccount](ctx, c, "/v1/service-accounts", f)
}

// CreateServiceAccountToken issues a token for a service account; the secret
// is in the result's Token, once (see CreateToken about retries).
func (c *Client) CreateServiceAccountToken(ctx context.Context, accountID string, in wire.TokenCreate) (*wire.CreatedToken, error) {
	var out wire.CreatedToken
	return &out, c.do(ctx, http.MethodPost, pathID("/v1/service-accounts", accountID)+"/tokens", in, &out)
}

// GetServiceAccountToken reads a service account's token, without its secret.
func (c *Client) GetServiceAccountToken(ctx context.Context, accountID, tokenID string) (*wire.APIToken, error) {
	var out wire.APIToken
	return &out, c.do(ctx, http.MethodGet, pathID("/v1/service-accounts", accountID)+"/tokens/"+url.PathEscape(tokenID), nil, &out)
}

// DeleteServiceAccountToken revokes a service account's token.
func (c *Client) DeleteServiceAccountToken(ctx context.Context, accountID, tokenID string) error {
	return c.do(ctx, http.MethodDelete, pathID("/v1/service-accounts", accountID)+"/tokens/"+url.PathEscape(tokenID), nil, nil)
}
