package store

import (
	"context"
	"encoding/json"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// roleTable stores domain.Role: custom roles through its INSERT and UPDATE,
// built-ins through SyncBuiltinRoles.
var roleTable = newTable("roles", "id = ? AND version = ? AND NOT builtin",
	append(metaColumns(func(r *domain.Role) *domain.Meta { return &r.Meta }),
		field("name", func(r *domain.Role) *string { return &r.Name }),
		derived("name_key", func(r *domain.Role) any { return domain.NameKey(r.Name) }),
		field("description", func(r *domain.Role) *string { return &r.Description }),
		coded("permissions", func(r *domain.Role) jsonStrings { return jsonStrings{&r.Permissions} }),
		field("organization_id", func(r *domain.Role) **string { return &r.OrganizationID }),
		field("builtin", func(r *domain.Role) *bool { return &r.Builtin }),
	),
	nil, nil,
)

// The reads of roles, built once.
var (
	getRoleSQL        = "SELECT " + roleTable.selectList + " FROM roles WHERE id = ?"
	findRoleByNameSQL = "SELECT " + roleTable.selectList + " FROM roles WHERE COALESCE(organization_id, '') = ? AND name_key = ?"
)

// GetRole reads one role, built-in or custom.
func (t *Tx) GetRole(ctx context.Context, id string) (domain.Role, error) {
	return one(t, ctx, getRoleSQL, []any{id}, roleTable.scanRow)
}

// FindRoleByName finds a role by name among the built-ins (org nil) or in one organization.
func (t *Tx) FindRoleByName(ctx context.Context, orgID *string, name string) (domain.Role, error) {
	o := ""
	if orgID != nil {
		o = *orgID
	}
	return one(t, ctx, findRoleByNameSQL,
		[]any{o, domain.NameKey(name)}, roleTable.scanRow)
}

// SyncBuiltinRoles makes the stored built-ins match this version's definitions,
// so that assignments can reference them by foreign key.
func (t *Tx) SyncBuiltinRoles(ctx context.Context, roles []domain.Role) error {
	for _, r := range roles {
		perms, _ := json.Marshal(r.Permissions)
		_, err := t.exec(
			ctx,
			`INSERT INTO roles (id, name, name_key, description, permissions, organization_id, builtin, version, created_at, updated_at)
			VALUES (?1, ?2, ?3, ?4, ?5, NULL, TRUE, 1, ?6, ?6)
			ON CONFLICT (id) DO UPDATE SET description = excluded.description, permissions = excluded.permissions,
				version = CASE WHEN roles.permissions = excluded.permissions AND roles.description = excluded.description
					THEN roles.version ELSE roles.version + 1 END`,
			r.ID,
			r.Name,
			domain.NameKey(r.Name),
			r.Description,
			string(perms),
			fmtTime(r.CreatedAt),
		)
		if err != nil {
			return err
		}
	}
	return nil
}

// InsertRole writes a new custom role (built-ins come from SyncBuiltinRoles).
func (t *Tx) InsertRole(ctx context.Context, r domain.Role) error {
	return checkOne(t.exec(ctx, roleTable.insert, roleTable.insertArgs(&r)...))
}

// UpdateRole writes r over before, the role as read (see updateFrom).
func (t *Tx) UpdateRole(ctx context.Context, before, r domain.Role) error {
	q, args := roleTable.updateFrom(&before, &r, r.ID, before.Version)
	return checkOne(t.exec(ctx, q, args...))
}

// DeleteRole removes a custom role.
func (t *Tx) DeleteRole(ctx context.Context, id string) error {
	return checkOne(t.exec(ctx, "DELETE FROM roles WHERE id = ? AND NOT builtin", id))
}

// ListRoles lists built-in roles and visible custom roles.
func (t *Tx) ListRoles(ctx context.Context, f domain.RoleFilter, p domain.Page) ([]domain.Role, string, error) {
	var w where
	below, args, err := t.inSubtrees(ctx, "roles.organization_id", f.VisibleFrom)
	if err != nil {
		return nil, "", err
	}
	w.add(
		"(builtin OR "+below+" OR organization_id IN (SELECT ancestor_id FROM organization_closure WHERE descendant_id IN (SELECT value FROM "+
			"json_each(?))))",
		append(args, jsonList(f.VisibleFrom))...)
	if f.OrganizationID != "" {
		w.add("organization_id = ?", f.OrganizationID)
	}
	if f.Name != "" {
		w.add("name_key = ?", domain.NameKey(f.Name))
	}
	if f.Builtin != nil {
		w.add("builtin = ?", *f.Builtin)
	}
	return list(t, ctx, "roles", roleTable.selectList, w, p, roleTable.rows())
}

// CountRoleAssignments counts the grants of a role.
func (t *Tx) CountRoleAssignments(ctx context.Context, roleID string) (int, error) {
	var n int
	err := t.queryRow(ctx, "SELECT COUNT(*) FROM role_assignments WHERE role_id = ?", roleID).Scan(&n)
	return n, err
}

// CountRoleInvitations counts pending invitations that would grant a role.
func (t *Tx) CountRoleInvitations(ctx context.Context, roleID string) (int, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM invitations WHERE status = 'pending'
		AND EXISTS (SELECT 1 FROM json_each(invitations.role_ids) WHERE value = ?)`, roleID).Scan(&n)
	return n, err
}
