package client

import (
	"context"
	"net/http"

	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// CreateOrganization creates an organization.
func (c *Client) CreateOrganization(ctx context.Context, in wire.OrganizationCreate) (*wire.Organization, error) {
	var out wire.Organization
	return &out, c.do(ctx, http.MethodPost, "/v1/organizations", in, &out)
}

// GetOrganization reads an organization.
func (c *Client) GetOrganization(ctx context.Context, id string) (*wire.Organization, error) {
	var out wire.Organization
	return &out, c.do(ctx, http.MethodGet, pathID("/v1/organizations", id), nil, &out)
}

// UpdateOrganization applies a merge patch.
func (c *Client) UpdateOrganization(
	ctx context.Context,
	id string,
	in wire.OrganizationUpdate,
	opts ...Option,
) (*wire.Organization, error) {
	var out wire.Organization
	return &out, c.do(ctx, http.MethodPatch, pathID("/v1/organizations", id), in, &out, opts...)
}

// DeleteOrganization deletes an organization; force deletes everything in and below it.
func (c *Client) DeleteOrganization(ctx context.Context, id string, force bool, opts ...Option) error {
	q := wire.EncodeQuery(wire.OrganizationDeleteQuery{Force: force})
	return c.do(ctx, http.MethodDelete, pathID("/v1/organizations", id), nil, nil, append(opts, withQuery(q))...)
}

// ListOrganizations reads every page of matching organizations.
func (c *Client) ListOrganizations(ctx context.Context, f wire.OrganizationQuery) ([]wire.Organization, error) {
	return listAll[wire.Organization](ctx, c, "/v1/organizations", f)
}
