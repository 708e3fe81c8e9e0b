package wire

import "time"

// Role is a named set of permissions. Built-in roles (admin, user_manager,
// technician, viewer) exist in every portal with ids equal to their names;
// custom roles belong to an organization and are usable in it and below it.
type Role struct {
	Meta
	// Unique in its organization, ignoring case.
	Name string `json:"name" example:"Helpdesk"`
	// What the role is for.
	Description string `json:"description" example:"Resets passwords and reads users"`
	// Names from the permission catalog (GET /v1/permissions), sorted.
	Permissions []string `json:"permissions" example:"[\"users:read\",\"users:write\"]"`
	// The organization that defines it; null for a built-in role.
	OrganizationID *string `json:"organization_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// Whether it is a built-in role, which exists in every portal and cannot be changed.
	Builtin bool `json:"builtin" example:"false"`
}

// RoleCreate is the body of POST /v1/roles.
type RoleCreate struct {
	// The organization the role is defined in.
	OrganizationID string `json:"organization_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// Unique in the organization, ignoring case; never a built-in role's name or one that looks like it.
	Name string `json:"name" example:"Helpdesk"`
	// What the role is for.
	Description string `json:"description,omitempty" example:"Resets passwords and reads users"`
	// Names from the permission catalog; the caller must hold each of them.
	Permissions []string `json:"permissions" example:"[\"users:read\",\"users:write\"]"`
}

// RoleUpdate is the body of PATCH /v1/roles/{id}, a merge patch.
type RoleUpdate struct {
	// A new name, unique in the organization; never a built-in role's or one that looks like it.
	Name Optional[string] `json:"name,omitzero" example:"Helpdesk"`
	// Null clears it.
	Description Nullable[string] `json:"description,omitzero" example:"Resets passwords"`
	// Replaces the permissions; the caller must hold each one added or removed.
	Permissions Optional[[]string] `json:"permissions,omitzero" example:"[\"users:read\"]"`
}

// RoleQuery filters GET /v1/roles.
type RoleQuery struct {
	// Roles defined in this organization.
	OrganizationID string `query:"organization_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// Exact name, ignoring case.
	Name string `query:"name" example:"Helpdesk"`
	// Only built-in (true) or custom (false) roles.
	Builtin *bool `query:"builtin" example:"false"`
	PageQuery
}

// Permission is one entry of the fixed permission catalog.
type Permission struct {
	// The permission, as roles list it.
	Name string `json:"name" example:"users:read"`
	// What it allows.
	Description string `json:"description" example:"See portal users and their role assignments."`
}

// RoleAssignment grants a role to a user or a service account on an
// organization and on everything below it.
type RoleAssignment struct {
	Meta
	// A user or a service account.
	UserID string `json:"user_id" example:"usr_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// The organization the grant is on; it applies to everything below it too.
	OrganizationID string `json:"organization_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// The role granted.
	RoleID string `json:"role_id" example:"technician"`
	// The invitation that created it, which owns it; null otherwise.
	InvitationID *string `json:"invitation_id" example:"inv_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// When the grant ends: from this instant it gives nothing. Null: it never ends.
	ExpiresAt *time.Time `json:"expires_at" example:"2026-12-31T18:00:00Z"`
	// active, or expired once expires_at has passed.
	Status AssignmentStatus `json:"status"`
}

// AssignmentStatus tells a grant in force from one past its expiry.
type AssignmentStatus string

// Assignment statuses.
const (
	AssignmentActive  AssignmentStatus = "active"
	AssignmentExpired AssignmentStatus = "expired"
)

// Values lists the statuses.
func (AssignmentStatus) Values() []string {
	return []string{string(AssignmentActive), string(AssignmentExpired)}
}

// RoleAssignmentCreate is the body of POST /v1/role-assignments.
type RoleAssignmentCreate struct {
	// A user or a service account.
	UserID string `json:"user_id" example:"usr_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// The organization the grant is on; it applies to everything below it too.
	OrganizationID string `json:"organization_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// The role to grant: a built-in role's name, or a custom role usable there.
	RoleID string `json:"role_id" example:"technician"`
	// When the grant ends, in the future; left out, it never ends (unless the
	// organization's max_grant_duration requires an end).
	ExpiresAt *time.Time `json:"expires_at,omitempty" example:"2026-12-31T18:00:00Z"`
}

// RoleAssignmentUpdate is the body of PATCH /v1/role-assignments/{id}, a
// merge patch: a grant is extended or shortened by changing its end.
type RoleAssignmentUpdate struct {
	// A new end, in the future; null: it never ends.
	ExpiresAt Nullable[time.Time] `json:"expires_at,omitzero" example:"2027-01-31T18:00:00Z"`
}

// RoleAssignmentQuery filters GET /v1/role-assignments.
type RoleAssignmentQuery struct {
	// Assignments of this user or service account.
	UserID string `query:"user_id" example:"usr_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// Assignments on this organization.
	OrganizationID string `query:"organization_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// Assignments of this role.
	RoleID string `query:"role_id" example:"technician"`
	// Assignments created by this invitation.
	InvitationID string `query:"invitation_id" example:"inv_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// Grants in force (active) or past their end (expired).
	Status AssignmentStatus `query:"status"`
	PageQuery
}
