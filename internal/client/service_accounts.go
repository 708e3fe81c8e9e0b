package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// ServiceAccount is a principal for automation: it holds role assignments
// and API tokens, and never signs in.
type ServiceAccount struct {
	Meta
	OrganizationID string `json:"organization_id"`
	Name           string `json:"name"`
	Description    string `json:"description"`
	Enabled        bool   `json:"enabled"`
}

// ServiceAccountCreate is the body of a create.
type ServiceAccountCreate struct {
	OrganizationID string `json:"organization_id"`
	Name           string `json:"name"`
	Description    string `json:"description"`
	Enabled        *bool  `json:"enabled,omitempty"`
}

// ServiceAccountUpdate is a merge patch: absent fields are left alone, a
// value sets.
type ServiceAccountUpdate struct {
	Name        domain.Optional[string] `json:"name,omitzero"`
	Description domain.Optional[string] `json:"description,omitzero"`
	Enabled     domain.Optional[bool]   `json:"enabled,omitzero"`
}

// ServiceAccountFilter narrows ListServiceAccounts.
type ServiceAccountFilter struct {
	OrganizationID string
	Name           string // exact, ignoring case
}

// CreateServiceAccount creates a service account.
func (c *Client) CreateServiceAccount(ctx context.Context, in ServiceAccountCreate) (*ServiceAccount, error) {
	var out ServiceAccount
	return &out, c.do(ctx, http.MethodPost, "/v1/service-accounts", in, &out)
}

// GetServiceAccount reads a service account.
func (c *Client) GetServiceAccount(ctx context.Context, id string) (*ServiceAccount, error) {
	var out ServiceAccount
	return &out, c.do(ctx, http.MethodGet, pathID("/v1/service-accounts", id), nil, &out)
}

// UpdateServiceAccount applies a merge patch.
func (c *Client) UpdateServiceAccount(ctx context.Context, id string, in ServiceAccountUpdate, opts ...Option) (*ServiceAccount, error) {
	var out ServiceAccount
	return &out, c.do(ctx, http.MethodPatch, pathID("/v1/service-accounts", id), in, &out, opts...)
}

// DeleteServiceAccount deletes a service account with its tokens and role assignments.
func (c *Client) DeleteServiceAccount(ctx context.Context, id string, opts ...Option) error {
	return c.do(ctx, http.MethodDelete, pathID("/v1/service-accounts", id), nil, nil, opts...)
}

// ListServiceAccounts reads every page of matching service accounts.
func (c *Client) ListServiceAccounts(ctx context.Context, f ServiceAccountFilter) ([]ServiceAccount, error) {
	q := url.Values{}
	setIf(q, "organization_id", f.OrganizationID)
	setIf(q, "name", f.Name)
	return listAll[ServiceAccount](ctx, c, "/v1/service-accounts", q)
}

// CreateServiceAccountToken issues a token for a service account; the secret
// is in the result's Token, once (see CreateToken about retries).
func (c *Client) CreateServiceAccountToken(ctx context.Context, accountID, name string, expiresInSeconds *int64) (*APIToken, error) {
	var out APIToken
	return &out, c.do(ctx, http.MethodPost, pathID("/v1/service-accounts", accountID)+"/tokens", tokenCreate{name, expiresInSeconds}, &out)
}

// GetServiceAccountToken reads a service account's token, without its secret.
func (c *Client) GetServiceAccountToken(ctx context.Context, accountID, tokenID string) (*APIToken, error) {
	var out APIToken
	return &out, c.do(ctx, http.MethodGet, pathID("/v1/service-accounts", accountID)+"/tokens/"+url.PathEscape(tokenID), nil, &out)
}

// DeleteServiceAccountToken revokes a service account's token.
func (c *Client) DeleteServiceAccountToken(ctx context.Context, accountID, tokenID string) error {
	return c.do(ctx, http.MethodDelete, pathID("/v1/service-accounts", accountID)+"/tokens/"+url.PathEscape(tokenID), nil, nil)
}
