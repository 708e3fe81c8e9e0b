package store

import (
	"context"
	"strings"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// assignmentTable stores domain.RoleAssignment. Only its end changes after
// it is made; its status is derived from the end on read.
var assignmentTable = newTable("role_assignments", "id = ? AND version = ?",
	append(metaColumns(func(a *domain.RoleAssignment) *domain.Meta { return &a.Meta }),
		field("user_id", func(a *domain.RoleAssignment) *string { return &a.UserID }),
		field("organization_id", func(a *domain.RoleAssignment) *string { return &a.OrganizationID }),
		field("role_id", func(a *domain.RoleAssignment) *string { return &a.RoleID }),
		field("invitation_id", func(a *domain.RoleAssignment) **string { return &a.InvitationID }),
		coded("expires_at", func(a *domain.RoleAssignment) optionalTimeText { return optionalTimeText{&a.ExpiresAt} }),
	),
	nil, map[string]string{"Status": "derived from expires_at and the clock on every read"},
)

// liveAt is the condition of a grant in force at the time bound to it.
const liveAt = "(a.expires_at IS NULL OR a.expires_at > ?)"

// The reads of assignments, built once.
var (
	getAssignmentSQL  = "SELECT " + assignmentTable.selectList + " FROM role_assignments WHERE id = ?"
	findAssignmentSQL = "SELECT " + assignmentTable.selectList + " FROM role_assignments WHERE user_id = ? AND organization_id = ? " +
		"AND role_id = ?"
	assignmentsOfInvitationSQL = "SELECT " + assignmentTable.selectList + " FROM role_assignments WHERE invitation_id = ? ORDER BY id"
)

// GetAssignment reads one role assignment.
func (t *Tx) GetAssignment(ctx context.Context, id string) (domain.RoleAssignment, error) {
	return one(t, ctx, getAssignmentSQL, []any{id}, assignmentTable.scanRow)
}

// FindAssignment finds the assignment of (user, organization, role).
func (t *Tx) FindAssignment(ctx context.Context, userID, orgID, roleID string) (domain.RoleAssignment, error) {
	return one(t, ctx, findAssignmentSQL,
		[]any{userID, orgID, roleID}, assignmentTable.scanRow)
}

// InsertAssignment writes a new role assignment.
func (t *Tx) InsertAssignment(ctx context.Context, a domain.RoleAssignment) error {
	return checkOne(t.exec(ctx, assignmentTable.insert, assignmentTable.insertArgs(&a)...))
}

// UpdateAssignment writes a new end for an assignment; its lapse is audited
// again when the new end passes.
func (t *Tx) UpdateAssignment(ctx context.Context, before, a domain.RoleAssignment) error {
	q, args := assignmentTable.updateFrom(&before, &a, a.ID, before.Version)
	if err := checkOne(t.exec(ctx, q, args...)); err != nil {
		return err
	}
	return checkOne(t.exec(ctx, "UPDATE role_assignments SET expiry_audited = false WHERE id = ?", a.ID))
}

// DeleteAssignment removes one role assignment.
func (t *Tx) DeleteAssignment(ctx context.Context, id string) error {
	return checkOne(t.exec(ctx, "DELETE FROM role_assignments WHERE id = ?", id))
}

// UserGrants returns every assignment of a user with its role's permissions
// and its end, expired ones included: the service filters them on its own
// clock, so that a cached copy never outlives an expiry.
func (t *Tx) UserGrants(ctx context.Context, userID string) ([]domain.Grant, error) {
	return all(t, ctx, `SELECT a.id, a.organization_id, a.role_id, r.permissions, a.expires_at FROM role_assignments a
		JOIN roles r ON r.id = a.role_id WHERE a.user_id = ? ORDER BY a.id`, []any{userID}, scanGrant)
}

// scanGrant reads a grant with its end.
func scanGrant(s scanner) (domain.Grant, error) {
	var g domain.Grant
	err := s.Scan(&g.AssignmentID, &g.OrganizationID, &g.RoleID, jsonStrings{&g.Permissions}, optionalTimeText{&g.ExpiresAt})
	return g, err
}

// AssignmentsOfInvitation lists the assignments an accepted invitation created.
func (t *Tx) AssignmentsOfInvitation(ctx context.Context, invitationID string) ([]domain.RoleAssignment, error) {
	return all(t, ctx, assignmentsOfInvitationSQL, []any{invitationID}, assignmentTable.rows())
}

// RoleHolders lists the enabled people holding roleID directly on orgID by a
// grant that never ends: a service account never signs in, so it never
// counts as an administrator who could, and a grant that lapses leaves the
// organization without one.
func (t *Tx) RoleHolders(ctx context.Context, orgID, roleID string) ([]string, error) {
	return all(t, ctx, `SELECT a.user_id FROM role_assignments a JOIN users u ON u.id = a.user_id
		WHERE a.organization_id = ? AND a.role_id = ? AND a.expires_at IS NULL AND u.enabled AND u.`+isPerson+`
		ORDER BY a.user_id`, []any{orgID, roleID},
		func(s scanner) (string, error) {
			var id string
			err := s.Scan(&id)
			return id, err
		})
}

// ListAssignments lists assignments matching f.
func (t *Tx) ListAssignments(ctx context.Context, f domain.AssignmentFilter, p domain.Page) ([]domain.RoleAssignment, string, error) {
	var w where
	if err := t.scope(ctx, &w, "role_assignments.organization_id", f.Within, f.WithinSubtrees); err != nil {
		return nil, "", err
	}
	if f.UserID != "" {
		w.add("user_id = ?", f.UserID)
	}
	if f.OrganizationID != "" {
		w.add("organization_id = ?", f.OrganizationID)
	}
	if f.RoleID != "" {
		w.add("role_id = ?", f.RoleID)
	}
	if f.InvitationID != "" {
		w.add("invitation_id = ?", f.InvitationID)
	}
	switch f.Status {
	case domain.AssignmentActive:
		w.add("(expires_at IS NULL OR expires_at > ?)", f.Now)
	case domain.AssignmentExpired:
		w.add("expires_at <= ?", f.Now)
	}
	return list(t, ctx, "role_assignments", assignmentTable.selectList, w, p, assignmentTable.rows())
}

// GrantsAffectedBy returns the grants that a change to the organizations in
// orgs acts on: every grant on them, and every grant of a user homed in them
// (wherever it is), each with its role's permissions.
func (t *Tx) GrantsAffectedBy(ctx context.Context, orgs []string) ([]domain.Grant, error) {
	b := jsonList(orgs)
	return all(t, ctx, `SELECT a.id, a.organization_id, a.role_id, r.permissions, a.expires_at FROM role_assignments a
		JOIN roles r ON r.id = a.role_id
		WHERE a.organization_id IN (SELECT value FROM json_each(?1))
		   OR a.user_id IN (SELECT id FROM users WHERE organization_id IN (SELECT value FROM json_each(?1)))
		ORDER BY a.id`, []any{b}, scanGrant)
}

// CountUsersIn counts the principals (people and service accounts) homed in
// any of orgs: disabling, moving or deleting an organization acts on both.
func (t *Tx) CountUsersIn(ctx context.Context, orgs []string) (int, error) {
	var n int
	err := t.queryRow(ctx, "SELECT COUNT(*) FROM users WHERE organization_id IN (SELECT value FROM json_each(?))", jsonList(orgs)).Scan(&n)
	return n, err
}

// ForeignRoleUses lists the custom roles, defined outside allowed, that a
// grant on orgs or a pending invitation granting in orgs uses.
func (t *Tx) ForeignRoleUses(ctx context.Context, orgs, allowed []string) ([]string, error) {
	return all(t, ctx, `SELECT DISTINCT r.id FROM roles r
		WHERE r.organization_id IS NOT NULL AND r.organization_id NOT IN (SELECT value FROM json_each(?2))
		  AND (r.id IN (SELECT role_id FROM role_assignments WHERE organization_id IN (SELECT value FROM json_each(?1)))
		    OR EXISTS (SELECT 1 FROM invitations i WHERE i.id IN (SELECT invitation_id FROM invitation_organizations
		                                                         WHERE organization_id IN (SELECT value FROM json_each(?1)))
		               AND i.status = 'pending' AND EXISTS (SELECT 1 FROM json_each(i.role_ids) WHERE value = r.id)))
		ORDER BY r.id`, []any{jsonList(orgs), jsonList(allowed)}, func(s scanner) (string, error) {
		var id string
		err := s.Scan(&id)
		return id, err
	})
}

// GrantsOf lists the assignments in force at now of users on organizations
// in the subtrees of roots, as (user, organization, role): one query for a
// page of users, however many they are.
func (t *Tx) GrantsOf(ctx context.Context, users, roots []string, now string) ([]domain.RoleAssignment, error) {
	var w where
	if err := t.scope(ctx, &w, "a.organization_id", nil, roots); err != nil {
		return nil, err
	}
	return all(t, ctx, "SELECT a.user_id, a.organization_id, a.role_id FROM role_assignments a "+
		"WHERE a.user_id IN (SELECT value FROM json_each(?)) AND "+liveAt+" AND "+strings.Join(w.conds, " AND "),
		append([]any{jsonList(users), now}, w.args...), func(s scanner) (domain.RoleAssignment, error) {
			var a domain.RoleAssignment
			err := s.Scan(&a.UserID, &a.OrganizationID, &a.RoleID)
			return a, err
		})
}
