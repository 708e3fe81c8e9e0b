package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// orgTable stores domain.Organization.
var orgTable = newTable("organizations", "id = ? AND version = ?",
	append(metaColumns(func(o *domain.Organization) *domain.Meta { return &o.Meta }),
		field("name", func(o *domain.Organization) *string { return &o.Name }),
		derived("name_key", func(o *domain.Organization) any { return domain.NameKey(o.Name) }),
		field("kind", func(o *domain.Organization) *domain.OrgKind { return &o.Kind }),
		field("parent_id", func(o *domain.Organization) **string { return &o.ParentID }),
		field("external_id", func(o *domain.Organization) **string { return &o.ExternalID }),
		field("enabled", func(o *domain.Organization) *bool { return &o.Enabled }),
		field("max_grant_duration", func(o *domain.Organization) **string { return &o.MaxGrantDuration }),
	),
	nil, nil,
)

// The reads of organizations, built once.
var (
	getOrgSQL        = "SELECT " + orgTable.selectList + " FROM organizations WHERE id = ?"
	findOrgByNameSQL = "SELECT " + orgTable.selectList + " FROM organizations WHERE COALESCE(parent_id, '') = ? AND name_key = ?"
	rootOrgSQL       = "SELECT " + orgTable.selectList + " FROM organizations WHERE parent_id IS NULL"
)

// OrgPathEnabled reports whether id and every organization above it are
// enabled: one indexed lookup of its ancestors in the closure table.
func (t *Tx) OrgPathEnabled(ctx context.Context, id string) (bool, error) {
	var found, disabled int
	err := t.queryRow(ctx, `SELECT COUNT(*), COUNT(*) FILTER (WHERE NOT o.enabled)
		FROM organization_closure c JOIN organizations o ON o.id = c.ancestor_id WHERE c.descendant_id = ?`, id).Scan(&found, &disabled)
	return found > 0 && disabled == 0, err
}

// OrgLineages returns, for each organization of ids that exists, the
// organization and everything above it, nearest first: one indexed query
// whose answer is bounded by the tree's depth.
func (t *Tx) OrgLineages(ctx context.Context, ids []string) (map[string]domain.Lineage, error) {
	out := make(map[string]domain.Lineage, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	q := `SELECT c.descendant_id, c.ancestor_id, o.enabled FROM organization_closure c JOIN organizations o ON o.id = c.ancestor_id
		WHERE c.descendant_id `
	var arg any
	if len(ids) == 1 {
		q, arg = q+"= ?", ids[0]
	} else {
		q, arg = q+"IN (SELECT value FROM json_each(?))", jsonList(ids)
	}
	rows, err := t.query(ctx, q+" ORDER BY c.descendant_id, c.depth", arg)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var id string
		var n domain.LineageNode
		if err := rows.Scan(&id, &n.ID, &n.Enabled); err != nil {
			return nil, err
		}
		out[id] = append(out[id], n)
	}
	return out, rows.Err()
}

// IsAncestorOrSelf reports whether anc is id or above it.
func (t *Tx) IsAncestorOrSelf(ctx context.Context, anc, id string) (bool, error) {
	var n int
	err := t.queryRow(ctx, "SELECT COUNT(*) FROM organization_closure WHERE ancestor_id = ? AND descendant_id = ?", anc, id).Scan(&n)
	return n > 0, err
}

// OrgSubtree lists id and every organization below it, parents before
// their children.
func (t *Tx) OrgSubtree(ctx context.Context, id string) ([]string, error) {
	return all(t, ctx, "SELECT descendant_id FROM organization_closure WHERE ancestor_id = ? ORDER BY depth, descendant_id", []any{id},
		func(s scanner) (string, error) {
			var d string
			err := s.Scan(&d)
			return d, err
		})
}

// OrgDepth is how many levels below the root id is (0 for the root), and
// height how many levels its subtree reaches below it (0 for a leaf).
func (t *Tx) OrgDepth(ctx context.Context, id string) (depth, height int, err error) {
	var d, h sql.NullInt64
	err = t.queryRow(ctx, `SELECT (SELECT MAX(depth) FROM organization_closure WHERE descendant_id = ?1),
		(SELECT MAX(depth) FROM organization_closure WHERE ancestor_id = ?1)`, id).Scan(&d, &h)
	if err == nil && !d.Valid {
		err = ErrNotFound
	}
	return int(d.Int64), int(h.Int64), err
}

// GetOrg reads one organization.
func (t *Tx) GetOrg(ctx context.Context, id string) (domain.Organization, error) {
	return one(t, ctx, getOrgSQL, []any{id}, orgTable.scanRow)
}

// FindOrgByName finds a child of parent by name, case-insensitively.
func (t *Tx) FindOrgByName(ctx context.Context, parentID *string, name string) (domain.Organization, error) {
	p := ""
	if parentID != nil {
		p = *parentID
	}
	return one(t, ctx, findOrgByNameSQL,
		[]any{p, domain.NameKey(name)}, orgTable.scanRow)
}

// RootOrg returns the organization without a parent.
func (t *Tx) RootOrg(ctx context.Context) (domain.Organization, error) {
	return one(t, ctx, rootOrgSQL, nil, orgTable.scanRow)
}

// InsertOrg writes a new organization with its closure rows: itself, and
// every ancestor of its parent.
func (t *Tx) InsertOrg(ctx context.Context, o domain.Organization) error {
	err := checkOne(t.exec(ctx, orgTable.insert, orgTable.insertArgs(&o)...))
	if err != nil {
		return err
	}
	parent := ""
	if o.ParentID != nil {
		parent = *o.ParentID
	}
	_, err = t.exec(ctx, `INSERT INTO organization_closure (ancestor_id, descendant_id, depth)
		SELECT CAST(?1 AS TEXT), CAST(?1 AS TEXT), 0
		UNION ALL
		SELECT ancestor_id, ?1, depth + 1 FROM organization_closure WHERE descendant_id = ?2`, o.ID, parent)
	return err
}

// UpdateOrg writes o over before, the organization as read (see
// updateFrom). A new parent moves the organization's whole subtree in the
// closure table.
func (t *Tx) UpdateOrg(ctx context.Context, before, o domain.Organization) error {
	q, args := orgTable.updateFrom(&before, &o, o.ID, before.Version)
	err := checkOne(t.exec(ctx, q, args...))
	if err != nil || o.ParentID == nil || (before.ParentID != nil && *before.ParentID == *o.ParentID) {
		return err
	}
	return t.relinkSubtree(ctx, o.ID, *o.ParentID)
}

// relinkSubtree re-attaches id's subtree under newParent in the closure
// table: the pairs linking the subtree to its old ancestors go, the pairs
// linking it to the new parent's lineage come.
func (t *Tx) relinkSubtree(ctx context.Context, id, newParent string) error {
	if _, err := t.exec(ctx, `DELETE FROM organization_closure
		WHERE descendant_id IN (SELECT descendant_id FROM organization_closure WHERE ancestor_id = ?1)
		AND ancestor_id NOT IN (SELECT descendant_id FROM organization_closure WHERE ancestor_id = ?1)`, id); err != nil {
		return err
	}
	_, err := t.exec(ctx, `INSERT INTO organization_closure (ancestor_id, descendant_id, depth)
		SELECT up.ancestor_id, down.descendant_id, up.depth + down.depth + 1
		FROM organization_closure up, organization_closure down
		WHERE up.descendant_id = ?1 AND down.ancestor_id = ?2`, newParent, id)
	return err
}

// DeleteOrg removes one organization row (its closure rows go with it).
func (t *Tx) DeleteOrg(ctx context.Context, id string) error {
	return checkOne(t.exec(ctx, "DELETE FROM organizations WHERE id = ?", id))
}

// ListOrgs lists organizations in scope that match f.
func (t *Tx) ListOrgs(ctx context.Context, f domain.OrgFilter, p domain.Page) ([]domain.Organization, string, error) {
	var w where
	if err := t.scope(ctx, &w, "organizations.id", f.Within, f.WithinSubtrees); err != nil {
		return nil, "", err
	}
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
	return list(t, ctx, "organizations", orgTable.selectList, w, p, orgTable.rows())
}

// OrgDependents counts what still hangs off an organization.
type OrgDependents struct {
	Children, Users, ServiceAccounts, Assignments, PendingInvitations, Roles int
}

// Any reports whether anything depends on the organization.
func (d OrgDependents) Any() bool {
	return d.Children+d.Users+d.ServiceAccounts+d.Assignments+d.PendingInvitations+d.Roles > 0
}

// CountOrgDependents counts children, users, service accounts, assignments, pending invitations and custom roles of id.
func (t *Tx) CountOrgDependents(ctx context.Context, id string) (OrgDependents, error) {
	var d OrgDependents
	err := t.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM organizations WHERE parent_id = ?1),
		(SELECT COUNT(*) FROM users WHERE organization_id = ?1 AND kind = 'person'),
		(SELECT COUNT(*) FROM users WHERE organization_id = ?1 AND kind = 'service_account'),
		(SELECT COUNT(*) FROM role_assignments WHERE organization_id = ?1),
		(SELECT COUNT(*) FROM invitations WHERE status = 'pending'
		   AND (organization_id = ?1 OR id IN (SELECT invitation_id FROM invitation_organizations WHERE organization_id = ?1))),
		(SELECT COUNT(*) FROM roles WHERE organization_id = ?1)`, id).
		Scan(&d.Children, &d.Users, &d.ServiceAccounts, &d.Assignments, &d.PendingInvitations, &d.Roles)
	return d, err
}

// PurgeOrgContents deletes everything that belongs to the organizations in ids
// (a cascading delete): assignments on them, invitations homed there,
// users and service accounts homed there (with their tokens and assignments
// elsewhere), custom roles and their assignments. An invitation homed
// elsewhere stops granting in them, and goes when it granted nowhere else.
// Assignments an invitation homed there made elsewhere stay, no longer
// owned by it: the delete removes access to the organizations, not beyond.
// The organizations themselves are left for the caller.
func (t *Tx) PurgeOrgContents(ctx context.Context, ids []string, now time.Time) error {
	b := jsonList(ids)
	stmts := []struct {
		q    string
		args []any
	}{
		{"DELETE FROM role_assignments WHERE organization_id IN (SELECT value FROM json_each(?1))", []any{b}},
		{
			"DELETE FROM role_assignments WHERE role_id IN (SELECT id FROM roles WHERE organization_id IN (SELECT value FROM json_each(?1)))",
			[]any{b},
		},
		{"DELETE FROM invitations WHERE organization_id IN (SELECT value FROM json_each(?1))", []any{b}},
		{
			`DELETE FROM invitations WHERE id IN (SELECT invitation_id FROM invitation_organizations
			                                      WHERE organization_id IN (SELECT value FROM json_each(?1)))
			AND NOT EXISTS (SELECT 1 FROM invitation_organizations io WHERE io.invitation_id = invitations.id
			                AND io.organization_id NOT IN (SELECT value FROM json_each(?1)))`,
			[]any{b},
		},
		{`UPDATE invitations SET version = version + 1, updated_at = ?2
			WHERE id IN (SELECT invitation_id FROM invitation_organizations
			             WHERE organization_id IN (SELECT value FROM json_each(?1)))`, []any{b, fmtTime(now)}},
		{"DELETE FROM invitation_organizations WHERE organization_id IN (SELECT value FROM json_each(?1))", []any{b}},
		{"DELETE FROM users WHERE organization_id IN (SELECT value FROM json_each(?1))", []any{b}},
		{"DELETE FROM roles WHERE organization_id IN (SELECT value FROM json_each(?1))", []any{b}},
	}
	for _, s := range stmts {
		if _, err := t.exec(ctx, s.q, s.args...); err != nil {
			return err
		}
	}
	return nil
}

type orgRef string

func (r orgRef) ObjectID() string { return string(r) }

// ListReachedOrgs lists, by id, the organizations in the subtrees of roots
// that are also in the subtrees of visible (when visible is not nil): the
// organizations one user's grants reach, as far as another may see them.
func (t *Tx) ListReachedOrgs(ctx context.Context, roots, visible []string, p domain.Page) ([]string, string, error) {
	if roots == nil {
		roots = []string{}
	}
	var w where
	if err := t.scope(ctx, &w, "organizations.id", nil, roots); err != nil {
		return nil, "", err
	}
	if visible != nil {
		if err := t.scope(ctx, &w, "organizations.id", nil, visible); err != nil {
			return nil, "", err
		}
	}
	refs, next, err := list(t, ctx, "organizations", "id", w, p, func(s scanner) (orgRef, error) {
		var id string
		err := s.Scan(&id)
		return orgRef(id), err
	})
	ids := make([]string, len(refs))
	for k, r := range refs {
		ids[k] = string(r)
	}
	return ids, next, err
}

// OrgNames maps organization ids to names, with one query.
func (t *Tx) OrgNames(ctx context.Context, ids []string) (map[string]string, error) {
	rows, err := all(t, ctx, "SELECT id, name FROM organizations WHERE id IN (SELECT value FROM json_each(?))", []any{jsonList(ids)}, scanPair)
	names := make(map[string]string, len(rows))
	for _, r := range rows {
		names[r[0]] = r[1]
	}
	return names, err
}
