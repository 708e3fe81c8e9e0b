package store

import (
	"context"
	"database/sql"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

const orgCols = "id, name, kind, parent_id, external_id, enabled, version, created_at, updated_at"

func scanOrg(s scanner) (domain.Organization, error) {
	var o domain.Organization
	var parent, ext sql.NullString
	var created, updated string
	err := s.Scan(&o.ID, &o.Name, &o.Kind, &parent, &ext, &o.Enabled, &o.Version, &created, &updated)
	if err != nil {
		return o, err
	}
	o.ParentID, o.ExternalID = nullString(parent), nullString(ext)
	o.CreatedAt, o.UpdatedAt = parseTime(created), parseTime(updated)
	return o, nil
}

// OrgTree loads the whole hierarchy for access decisions.
func (t *Tx) OrgTree(ctx context.Context) (*domain.Tree, error) {
	nodes, err := all(t, ctx, "SELECT id, COALESCE(parent_id, ''), kind, enabled FROM organizations", nil,
		func(s scanner) (domain.OrgNode, error) {
			var n domain.OrgNode
			err := s.Scan(&n.ID, &n.ParentID, &n.Kind, &n.Enabled)
			return n, err
		})
	if err != nil {
		return nil, err
	}
	return domain.NewTree(nodes), nil
}

// OrgPathEnabled reports whether id and every organization above it are
// enabled, walking up the parents instead of loading the whole tree.
func (t *Tx) OrgPathEnabled(ctx context.Context, id string) (bool, error) {
	var found, disabled int
	err := t.queryRow(ctx, `WITH RECURSIVE up(id, parent_id, enabled) AS (
			SELECT id, parent_id, enabled FROM organizations WHERE id = ?
			UNION ALL
			SELECT o.id, o.parent_id, o.enabled FROM organizations o JOIN up ON o.id = up.parent_id)
		SELECT COUNT(*), COUNT(*) FILTER (WHERE NOT enabled) FROM up`, id).Scan(&found, &disabled)
	return found > 0 && disabled == 0, err
}

// GetOrg reads one organization.
func (t *Tx) GetOrg(ctx context.Context, id string) (domain.Organization, error) {
	return one(t, ctx, "SELECT "+orgCols+" FROM organizations WHERE id = ?", []any{id}, scanOrg)
}

// FindOrgByName finds a child of parent by name, case-insensitively.
func (t *Tx) FindOrgByName(ctx context.Context, parentID *string, name string) (domain.Organization, error) {
	p := ""
	if parentID != nil {
		p = *parentID
	}
	return one(t, ctx, "SELECT "+orgCols+" FROM organizations WHERE COALESCE(parent_id, '') = ? AND name_key = ?",
		[]any{p, domain.NameKey(name)}, scanOrg)
}

// RootOrg returns the organization without a parent.
func (t *Tx) RootOrg(ctx context.Context) (domain.Organization, error) {
	return one(t, ctx, "SELECT "+orgCols+" FROM organizations WHERE parent_id IS NULL", nil, scanOrg)
}

// InsertOrg writes a new organization.
func (t *Tx) InsertOrg(ctx context.Context, o domain.Organization) error {
	return checkOne(t.exec(ctx, `INSERT INTO organizations (id, name, name_key, kind, parent_id, external_id, enabled, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.ID, o.Name, domain.NameKey(o.Name), o.Kind, o.ParentID, o.ExternalID, o.Enabled, o.Version, fmtTime(o.CreatedAt), fmtTime(o.UpdatedAt)))
}

// UpdateOrg writes o over the row at version o.Version-1.
func (t *Tx) UpdateOrg(ctx context.Context, o domain.Organization) error {
	return checkOne(t.exec(ctx, `UPDATE organizations SET name = ?, name_key = ?, parent_id = ?, external_id = ?, enabled = ?, version = ?, updated_at = ?
		WHERE id = ? AND version = ?`,
		o.Name, domain.NameKey(o.Name), o.ParentID, o.ExternalID, o.Enabled, o.Version, fmtTime(o.UpdatedAt), o.ID, o.Version-1))
}

// DeleteOrg removes one organization row.
func (t *Tx) DeleteOrg(ctx context.Context, id string) error {
	return checkOne(t.exec(ctx, "DELETE FROM organizations WHERE id = ?", id))
}

// OrgFilter narrows an organization list.
type OrgFilter struct {
	ParentID   string
	Kind       string
	Name       string // exact, case-insensitive
	ExternalID string // exact
	Within     []string
}

// ListOrgs lists organizations among Within that match f.
func (t *Tx) ListOrgs(ctx context.Context, f OrgFilter, p Page) ([]domain.Organization, string, error) {
	var w where
	w.in("id", f.Within)
	if f.ParentID != "" {
		w.add("parent_id = ?", f.ParentID)
	}
	if f.Kind != "" {
		w.add("kind = ?", f.Kind)
	}
	if f.Name != "" {
		w.add("name_key = ?", domain.NameKey(f.Name))
	}
	if f.ExternalID != "" {
		w.add("external_id = ?", f.ExternalID)
	}
	return list(t, ctx, "organizations", orgCols, w, p, scanOrg)
}

// OrgDependents counts what still hangs off an organization.
type OrgDependents struct {
	Children, Users, Assignments, PendingInvitations, Roles int
}

// Any reports whether anything depends on the organization.
func (d OrgDependents) Any() bool {
	return d.Children+d.Users+d.Assignments+d.PendingInvitations+d.Roles > 0
}

// CountOrgDependents counts children, users, assignments, pending invitations and custom roles of id.
func (t *Tx) CountOrgDependents(ctx context.Context, id string) (OrgDependents, error) {
	var d OrgDependents
	err := t.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM organizations WHERE parent_id = ?1),
		(SELECT COUNT(*) FROM users WHERE organization_id = ?1),
		(SELECT COUNT(*) FROM role_assignments WHERE organization_id = ?1),
		(SELECT COUNT(*) FROM invitations WHERE organization_id = ?1 AND status = 'pending'),
		(SELECT COUNT(*) FROM roles WHERE organization_id = ?1)`, id).
		Scan(&d.Children, &d.Users, &d.Assignments, &d.PendingInvitations, &d.Roles)
	return d, err
}

// PurgeOrgContents deletes everything that belongs to the organizations in ids
// (a cascading delete): assignments on them, invitations, users homed there
// (with their tokens and assignments elsewhere), custom roles and their
// assignments. The organizations themselves are left for the caller.
func (t *Tx) PurgeOrgContents(ctx context.Context, ids []string) error {
	b := jsonList(ids)
	stmts := []string{
		"DELETE FROM role_assignments WHERE organization_id IN (SELECT value FROM json_each(?1))",
		"DELETE FROM role_assignments WHERE role_id IN (SELECT id FROM roles WHERE organization_id IN (SELECT value FROM json_each(?1)))",
		"DELETE FROM role_assignments WHERE invitation_id IN (SELECT id FROM invitations WHERE organization_id IN (SELECT value FROM json_each(?1)))",
		"DELETE FROM invitations WHERE organization_id IN (SELECT value FROM json_each(?1))",
		"DELETE FROM users WHERE organization_id IN (SELECT value FROM json_each(?1))",
		"DELETE FROM roles WHERE organization_id IN (SELECT value FROM json_each(?1))",
	}
	for _, s := range stmts {
		if _, err := t.exec(ctx, s, b); err != nil {
			return err
		}
	}
	return nil
}
