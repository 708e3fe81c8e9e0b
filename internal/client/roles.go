package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// RoleCreate is the body of a create.
type RoleCreate struct {
	OrganizationID string   `json:"organization_id"`
	Name           string   `json:"name"`
	Description    string   `json:"description"`
	Permissions    []string `json:"permissions"`
}

// RoleUpdate is a merge patch of a custom role: absent fields are left
// alone, a value sets (permissions as a whole list).
type RoleUpdate struct {
	Name        domain.Optional[string]   `json:"name,omitzero"`
	Description domain.Optional[string]   `json:"description,omitzero"`
	Permissions domain.Optional[[]string] `json:"permissions,omitzero"`
}

// RoleFilter narrows ListRoles.
type RoleFilter struct {
	OrganizationID string // only the custom roles defined in this organization
	Name           string // exact, ignoring case
	Builtin        *bool
}

// RoleAssignmentFilter narrows ListRoleAssignments.
type RoleAssignmentFilter struct {
	UserID, OrganizationID, RoleID, InvitationID string
}

// CreateRole creates a custom role.
func (c *Client) CreateRole(ctx context.Context, in RoleCreate) (*Role, error) {
	var out Role
	return &out, c.do(ctx, http.MethodPost, "/v1/roles", in, &out)
}

// GetRole reads a role.
func (c *Client) GetRole(ctx context.Context, id string) (*Role, error) {
	var out Role
	return &out, c.do(ctx, http.MethodGet, pathID("/v1/roles", id), nil, &out)
}

// UpdateRole applies a merge patch to a custom role.
func (c *Client) UpdateRole(ctx context.Context, id string, in RoleUpdate, opts ...Option) (*Role, error) {
	var out Role
	return &out, c.do(ctx, http.MethodPatch, pathID("/v1/roles", id), in, &out, opts...)
}

// DeleteRole deletes a custom role.
func (c *Client) DeleteRole(ctx context.Context, id string, opts ...Option) error {
	return c.do(ctx, http.MethodDelete, pathID("/v1/roles", id), nil, nil, opts...)
}

// ListRoles reads every page of matching roles.
func (c *Client) ListRoles(ctx context.Context, f RoleFilter) ([]Role, error) {
	q := url.Values{}
	setIf(q, "organization_id", f.OrganizationID)
	setIf(q, "name", f.Name)
	if f.Builtin != nil {
		q.Set("builtin", strconv.FormatBool(*f.Builtin))
	}
	return listAll[Role](ctx, c, "/v1/roles", q)
}

// ListPermissions reads the permission catalog.
func (c *Client) ListPermissions(ctx context.Context) ([]Permission, error) {
	return listAll[Permission](ctx, c, "/v1/permissions", nil)
}

// RoleAssignmentCreate is the body of a create.
type RoleAssignmentCreate struct {
	UserID         string `json:"user_id"`
	OrganizationID string `json:"organization_id"`
	RoleID         string `json:"role_id"`
}

// CreateRoleAssignment grants a role.
func (c *Client) CreateRoleAssignment(ctx context.Context, in RoleAssignmentCreate) (*RoleAssignment, error) {
	var out RoleAssignment
	return &out, c.do(ctx, http.MethodPost, "/v1/role-assignments", in, &out)
}

// GetRoleAssignment reads a grant.
func (c *Client) GetRoleAssignment(ctx context.Context, id string) (*RoleAssignment, error) {
	var out RoleAssignment
	return &out, c.do(ctx, http.MethodGet, pathID("/v1/role-assignments", id), nil, &out)
}

// DeleteRoleAssignment removes a grant.
func (c *Client) DeleteRoleAssignment(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, pathID("/v1/role-assignments", id), nil, nil)
}

// ListRoleAssignments reads every page of matching grants.
func (c *Client) ListRoleAssignments(ctx context.Context, f RoleAssignmentFilter) ([]RoleAssignment, error) {
	q := url.Values{}
	setIf(q, "user_id", f.UserID)
	setIf(q, "organization_id", f.OrganizationID)
	setIf(q, "role_id", f.RoleID)
	setIf(q, "invitation_id", f.InvitationID)
	return listAll[RoleAssignment](ctx, c, "/v1/role-assignments", q)
}
