package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

const invitationCols = `id, email, organization_id, role_ids, status, expires_at, accepted_at, user_id, message,
	invited_by, token_hash, version, created_at, updated_at`

func scanInvitation(s scanner) (domain.Invitation, error) {
	var i domain.Invitation
	var roles, expires, created, updated string
	var accepted, user, token sql.NullString
	if err := s.Scan(&i.ID, &i.Email, &i.OrganizationID, &roles, &i.Status, &expires, &accepted, &user, &i.Message,
		&i.InvitedBy, &token, &i.Version, &created, &updated); err != nil {
		return i, err
	}
	i.RoleIDs = decodeStrings(roles)
	i.ExpiresAt = parseTime(expires)
	i.AcceptedAt = parseTimePtr(accepted)
	i.UserID = nullString(user)
	i.TokenHash = token.String
	i.CreatedAt, i.UpdatedAt = parseTime(created), parseTime(updated)
	return i, nil
}

func decodeStrings(s string) []string {
	out := []string{}
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		panic("store: bad JSON list: " + err.Error())
	}
	return out
}

func invitationArgs(i domain.Invitation) []any {
	return []any{i.Email, domain.NormalizeEmail(i.Email), i.OrganizationID, jsonList(i.RoleIDs), i.Status,
		fmtTime(i.ExpiresAt), fmtTimePtr(i.AcceptedAt), i.UserID, i.Message, i.InvitedBy, emptyNil(i.TokenHash),
		i.Version, fmtTime(i.UpdatedAt)}
}

// GetInvitation reads one invitation (status as stored; expiry is derived by the caller).
func (t *Tx) GetInvitation(ctx context.Context, id string) (domain.Invitation, error) {
	return t.oneInvitation(ctx, "SELECT "+invitationCols+" FROM invitations WHERE id = ?", id)
}

// GetInvitationByTokenHash finds the invitation whose link carries hash.
func (t *Tx) GetInvitationByTokenHash(ctx context.Context, hash string) (domain.Invitation, error) {
	return t.oneInvitation(ctx, "SELECT "+invitationCols+" FROM invitations WHERE token_hash = ?", hash)
}

// PendingInvitation finds a pending, unexpired invitation of email homed in
// organization home, whoever may see it.
func (t *Tx) PendingInvitation(ctx context.Context, email, home string, now time.Time) (domain.Invitation, error) {
	return t.oneInvitation(ctx, "SELECT "+invitationCols+` FROM invitations
		WHERE email_key = ? AND organization_id = ? AND status = 'pending' AND expires_at > ? ORDER BY id LIMIT 1`,
		domain.NormalizeEmail(email), home, fmtTime(now))
}

func (t *Tx) oneInvitation(ctx context.Context, q string, args ...any) (domain.Invitation, error) {
	i, err := one(t, ctx, q, args, scanInvitation)
	if err != nil {
		return i, err
	}
	invs := []domain.Invitation{i}
	err = t.fillInvitationOrgs(ctx, invs)
	return invs[0], err
}

// fillInvitationOrgs reads the organizations the invitations grant in, with
// one query for all of them.
func (t *Tx) fillInvitationOrgs(ctx context.Context, invs []domain.Invitation) error {
	if len(invs) == 0 {
		return nil
	}
	ids := make([]string, len(invs))
	at := make(map[string]int, len(invs))
	for k, i := range invs {
		ids[k], at[i.ID] = i.ID, k
		invs[k].OrganizationIDs = []string{}
	}
	pairs, err := all(t, ctx, `SELECT invitation_id, organization_id FROM invitation_organizations
		WHERE invitation_id IN (SELECT value FROM json_each(?)) ORDER BY invitation_id, organization_id`, []any{jsonList(ids)}, scanPair)
	for _, p := range pairs {
		k := at[p[0]]
		invs[k].OrganizationIDs = append(invs[k].OrganizationIDs, p[1])
	}
	return err
}

// setInvitationOrgs replaces the organizations an invitation grants in.
func (t *Tx) setInvitationOrgs(ctx context.Context, id string, orgs []string) error {
	if _, err := t.exec(ctx, "DELETE FROM invitation_organizations WHERE invitation_id = ?", id); err != nil {
		return err
	}
	_, err := t.exec(ctx, `INSERT INTO invitation_organizations (invitation_id, organization_id)
		SELECT CAST(? AS TEXT), value FROM json_each(?)`, id, jsonList(orgs))
	return err
}

// InsertInvitation writes a new invitation and the organizations it grants in.
func (t *Tx) InsertInvitation(ctx context.Context, i domain.Invitation) error {
	args := append([]any{i.ID}, invitationArgs(i)...)
	args = append(args, fmtTime(i.CreatedAt))
	if err := checkOne(t.exec(ctx, `INSERT INTO invitations (id, email, email_key, organization_id, role_ids, status, expires_at,
		accepted_at, user_id, message, invited_by, token_hash, version, updated_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)); err != nil {
		return err
	}
	return t.setInvitationOrgs(ctx, i.ID, i.OrganizationIDs)
}

// UpdateInvitation writes i over the row at version i.Version-1.
func (t *Tx) UpdateInvitation(ctx context.Context, i domain.Invitation) error {
	args := append(invitationArgs(i), i.ID, i.Version-1)
	if err := checkOne(t.exec(ctx, `UPDATE invitations SET email = ?, email_key = ?, organization_id = ?, role_ids = ?, status = ?,
		expires_at = ?, accepted_at = ?, user_id = ?, message = ?, invited_by = COALESCE(?, invited_by), token_hash = ?, version = ?, updated_at = ?
		WHERE id = ? AND version = ?`, args...)); err != nil {
		return err
	}
	return t.setInvitationOrgs(ctx, i.ID, i.OrganizationIDs)
}

// DeleteInvitation removes an invitation record.
func (t *Tx) DeleteInvitation(ctx context.Context, id string) error {
	return checkOne(t.exec(ctx, "DELETE FROM invitations WHERE id = ?", id))
}

// ListInvitations lists invitations matching f; status filters honour
// derived expiry. An invitation is in scope when its home and every
// organization it grants in are: one that reaches further than the caller
// would name organizations outside their reach.
func (t *Tx) ListInvitations(ctx context.Context, f domain.InvitationFilter, p domain.Page) ([]domain.Invitation, string, error) {
	var w where
	if err := t.scope(ctx, &w, "invitations.organization_id", f.Within, f.WithinSubtrees); err != nil {
		return nil, "", err
	}
	var grants where
	if err := t.scope(ctx, &grants, "io.organization_id", f.Within, f.WithinSubtrees); err != nil {
		return nil, "", err
	}
	w.add("NOT EXISTS (SELECT 1 FROM invitation_organizations io WHERE io.invitation_id = invitations.id AND NOT ("+
		strings.Join(grants.conds, " AND ")+"))", grants.args...)
	if f.OrganizationID != "" {
		w.add("(organization_id = ? OR id IN (SELECT invitation_id FROM invitation_organizations WHERE organization_id = ?))", f.OrganizationID, f.OrganizationID)
	}
	switch domain.InvitationStatus(f.Status) {
	case domain.InvitationPending:
		w.add("status = 'pending' AND expires_at > ?", f.Now)
	case domain.InvitationExpired:
		w.add("status = 'pending' AND expires_at <= ?", f.Now)
	case domain.InvitationAccepted, domain.InvitationRevoked:
		w.add("status = ?", f.Status)
	}
	if f.Unanswered {
		w.add("status = 'pending'")
	}
	if f.Email != "" {
		w.add("email_key = ?", domain.NormalizeEmail(f.Email))
	}
	items, next, err := list(t, ctx, "invitations", invitationCols, w, p, scanInvitation)
	if err != nil {
		return nil, "", err
	}
	return items, next, t.fillInvitationOrgs(ctx, items)
}
