package client

import (
	"context"
	"net/http"
	"net/url"
)

// RoleCreate is the body of a create.
type RoleCreate struct {
	OrganizationID string   `json:"organization_id"`
	Name           string   `json:"name"`
	Description    string   `json:"description"`
	Permissions    []string `json:"permissions"`
}

// RoleUpdate replaces a custom role's name, description and permissions.
type RoleUpdate struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Permissions []string `json:"permissions"`
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

// UpdateRole changes a custom role.
func (c *Client) UpdateRole(ctx context.Context, id string, in RoleUpdate, opts ...Option) (*Role, error) {
	var out Role
	return &out, c.do(ctx, http.MethodPatch, pathID("/v1/roles", id), in, &out, opts...)
}

// DeleteRole deletes a custom role.
func (c *Client) DeleteRole(ctx context.Context, id string, opts ...Option) error {
	return c.do(ctx, http.MethodDelete, pathID("/v1/roles", id), nil, nil, opts...)
}

// ListRoles reads every page of roles, optionally those defined in one organization or with one name.
func (c *Client) ListRoles(ctx context.Context, organizationID, name string) ([]Role, error) {
	q := url.Values{}
	setIf(q, "organization_id", organizationID)
	setIf(q, "name", name)
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
func (c *Client) ListRoleAssignments(ctx context.Context, userID, organizationID, roleID string) ([]RoleAssignment, error) {
	q := url.Values{}
	setIf(q, "user_id", userID)
	setIf(q, "organization_id", organizationID)
	setIf(q, "role_id", roleID)
	return listAll[RoleAssignment](ctx, c, "/v1/role-assignments", q)
}
