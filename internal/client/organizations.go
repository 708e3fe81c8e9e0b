package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// OrganizationCreate is the body of a create.
type OrganizationCreate struct {
	Name       string  `json:"name"`
	Kind       string  `json:"kind"`
	ParentID   string  `json:"parent_id"`
	ExternalID *string `json:"external_id,omitempty"`
	Enabled    *bool   `json:"enabled,omitempty"`
}

// OrganizationUpdate is a merge patch: absent fields are left alone, null
// clears (external_id only), a value sets.
type OrganizationUpdate struct {
	Name       domain.Optional[string] `json:"name,omitzero"`
	ParentID   domain.Optional[string] `json:"parent_id,omitzero"`
	ExternalID domain.Optional[string] `json:"external_id,omitzero"`
	Enabled    domain.Optional[bool]   `json:"enabled,omitzero"`
}

// OrganizationFilter narrows ListOrganizations.
type OrganizationFilter struct {
	ParentID, Kind, Name, ExternalID string
}

// CreateOrganization creates an organization.
func (c *Client) CreateOrganization(ctx context.Context, in OrganizationCreate) (*Organization, error) {
	var out Organization
	return &out, c.do(ctx, http.MethodPost, "/v1/organizations", in, &out)
}

// GetOrganization reads an organization.
func (c *Client) GetOrganization(ctx context.Context, id string) (*Organization, error) {
	var out Organization
	return &out, c.do(ctx, http.MethodGet, pathID("/v1/organizations", id), nil, &out)
}

// UpdateOrganization applies a merge patch.
func (c *Client) UpdateOrganization(ctx context.Context, id string, in OrganizationUpdate, opts ...Option) (*Organization, error) {
	var out Organization
	return &out, c.do(ctx, http.MethodPatch, pathID("/v1/organizations", id), in, &out, opts...)
}

// DeleteOrganization deletes an organization; force deletes everything in and below it.
func (c *Client) DeleteOrganization(ctx context.Context, id string, force bool, opts ...Option) error {
	if force {
		opts = append(opts, func(r *request) { r.query = url.Values{"force": {"true"}} })
	}
	return c.do(ctx, http.MethodDelete, pathID("/v1/organizations", id), nil, nil, opts...)
}

// ListOrganizations reads every page of matching organizations.
func (c *Client) ListOrganizations(ctx context.Context, f OrganizationFilter) ([]Organization, error) {
	q := url.Values{}
	setIf(q, "parent_id", f.ParentID)
	setIf(q, "kind", f.Kind)
	setIf(q, "name", f.Name)
	setIf(q, "external_id", f.ExternalID)
	return listAll[Organization](ctx, c, "/v1/organizations", q)
}

func setIf(q url.Values, key, value string) {
	if value != "" {
		q.Set(key, value)
	}
}
