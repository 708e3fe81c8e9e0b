package client

import (
	"context"
	"net/http"

	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// CreateRole creates a custom role.
func (c *Client) CreateRole(ctx context.Context, in wire.RoleCreate) (*wire.Role, error) {
	var out wire.Role
	return &out, c.do(ctx, http.MethodPost, "/v1/roles", in, &out)
}

// GetRole reads a role.
func (c *Client) GetRole(ctx context.Context, id string) (*wire.Role, error) {
	var out wire.Role
	return &out, c.do(ctx, http.MethodGet, pathID("/v1/roles", id), nil, &out)
}

// UpdateRole applies a merge patch to a custom role.
func (c *Client) UpdateRole(ctx context.Context, id string, in wire.RoleUpdate, opts ...Option) (*wire.Role, error) {
	var out wire.Role
	return &out, c.do(ctx, http.MethodPatch, pathID("/v1/roles", id), in, &out, opts...)
}

// DeleteRole deletes a custom role.
func (c *Client) DeleteRole(ctx context.Context, id string, opts ...Option) error {
	return c.do(ctx, http.MethodDelete, pathID("/v1/roles", id), nil, nil, opts...)
}

// ListRoles reads every page of matching roles.
func (c *Client) ListRoles(ctx context.Context, f wire.RoleQuery) ([]wire.Role, error) {
	return listAll[wire.Role](ctx, c, "/v1/roles", f)
}

// ListPermissions reads the permission catalog.
func (c *Client) ListPermissions(ctx context.Context) ([]wire.Permission, error) {
	return listAll[wire.Permission](ctx, c, "/v1/permissions", wire.NoQuery{})
}

// CreateRoleAssignment grants a role.
func (c *Client) CreateRoleAssignment(ctx context.Context, in wire.RoleAssignmentCreate) (*wire.RoleAssignment, error) {
	var out wire.RoleAssignment
	return &out, c.do(ctx, http.MethodPost, "/v1/role-assignments", in, &out)
}

// GetRoleAssignment reads a grant.
func (c *Client) GetRoleAssignment(ctx context.Context, id string) (*wire.RoleAssignment, error) {
	var out wire.RoleAssignment
	return &out, c.do(ctx, http.MethodGet, pathID("/v1/role-assignments", id), nil, &out)
}

// UpdateRoleAssignment changes when a grant ends.
func (c *Client) UpdateRoleAssignment(
	ctx context.Context,
	id string,
	in wire.RoleAssignmentUpdate,
	opts ...Option,
) (*wire.RoleAssignment, error) {
	var out wire.RoleAssignment
	return &out, c.do(ctx, http.MethodPatch, pathID("/v1/role-assignments", id), in, &out, opts...)
}

// DeleteRoleAssignment removes a grant.
func (c *Client) DeleteRoleAssignment(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, pathID("/v1/role-assignments", id), nil, nil)
}

// ListRoleAssignments reads every page of matching grants.
func (c *Client) ListRoleAssignments(ctx context.Context, f wire.RoleAssignmentQuery) ([]wire.RoleAssignment, error) {
	return listAll[wire.RoleAssignment](ctx, c, "/v1/role-assignments", f)
}
