package store

import (
	"context"
	"database/sql"
	"encoding/json"

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
	return one(t, ctx, "SELECT "+invitationCols+" FROM invitations WHERE id = ?", []any{id}, scanInvitation)
}

// GetInvitationByTokenHash finds the invitation whose link carries hash.
func (t *Tx) GetInvitationByTokenHash(ctx context.Context, hash string) (domain.Invitation, error) {
	return one(t, ctx, "SELECT "+invitationCols+" FROM invitations WHERE token_hash = ?", []any{hash}, scanInvitation)
}

// InsertInvitation writes a new invitation.
func (t *Tx) InsertInvitation(ctx context.Context, i domain.Invitation) error {
	args := append([]any{i.ID}, invitationArgs(i)...)
	args = append(args, fmtTime(i.CreatedAt))
	return checkOne(t.exec(ctx, `INSERT INTO invitations (id, email, email_key, organization_id, role_ids, status, expires_at,
		accepted_at, user_id, message, invited_by, token_hash, version, updated_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...))
}

// UpdateInvitation writes i over the row at version i.Version-1.
func (t *Tx) UpdateInvitation(ctx context.Context, i domain.Invitation) error {
	args := append(invitationArgs(i), i.ID, i.Version-1)
	return checkOne(t.exec(ctx, `UPDATE invitations SET email = ?, email_key = ?, organization_id = ?, role_ids = ?, status = ?,
		expires_at = ?, accepted_at = ?, user_id = ?, message = ?, invited_by = COALESCE(?, invited_by), token_hash = ?, version = ?, updated_at = ?
		WHERE id = ? AND version = ?`, args...))
}

// DeleteInvitation removes an invitation record.
func (t *Tx) DeleteInvitation(ctx context.Context, id string) error {
	return checkOne(t.exec(ctx, "DELETE FROM invitations WHERE id = ?", id))
}

// ListInvitations lists invitations matching f; status filters honour derived expiry.
func (t *Tx) ListInvitations(ctx context.Context, f domain.InvitationFilter, p domain.Page) ([]domain.Invitation, string, error) {
	var w where
	if err := t.scope(ctx, &w, "invitations.organization_id", f.Within, f.WithinSubtrees); err != nil {
		return nil, "", err
	}
	if f.OrganizationID != "" {
		w.add("organization_id = ?", f.OrganizationID)
	}
	switch domain.InvitationStatus(f.Status) {
	case domain.InvitationPending:
		w.add("status = 'pending' AND expires_at > ?", f.Now)
	case domain.InvitationExpired:
		w.add("status = 'pending' AND expires_at <= ?", f.Now)
	case domain.InvitationAccepted, domain.InvitationRevoked:
		w.add("status = ?", f.Status)
	}
	if f.Email != "" {
		w.add("email_key = ?", domain.NormalizeEmail(f.Email))
	}
	return list(t, ctx, "invitations", invitationCols, w, p, scanInvitation)
}
