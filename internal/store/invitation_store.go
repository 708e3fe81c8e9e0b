package store

import (
	"context"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// invitationTable stores domain.Invitation.
var invitationTable = newTable("invitations", "id = ? AND version = ?",
	append(metaColumns(func(i *domain.Invitation) *domain.Meta { return &i.Meta }),
		field("email", func(i *domain.Invitation) *string { return &i.Email }),
		derived("email_key", func(i *domain.Invitation) any { return domain.NormalizeEmail(i.Email) }),
		field("organization_id", func(i *domain.Invitation) *string { return &i.OrganizationID }),
		coded("role_ids", func(i *domain.Invitation) jsonStrings { return jsonStrings{&i.RoleIDs} }),
		field("status", func(i *domain.Invitation) *domain.InvitationStatus { return &i.Status }),
		coded("expires_at", func(i *domain.Invitation) timeText { return timeText{&i.ExpiresAt} }),
		coded("accepted_at", func(i *domain.Invitation) optionalTimeText { return optionalTimeText{&i.AcceptedAt} }),
		field("user_id", func(i *domain.Invitation) **string { return &i.UserID }),
		field("message", func(i *domain.Invitation) *string { return &i.Message }),
		invitedBy,
		coded("token_hash", func(i *domain.Invitation) emptyAsNull { return emptyAsNull{&i.TokenHash} }),
	),
	nil, nil,
)

// invitedBy keeps the stored sender when the invitation written names
// none: the service hides the sender from callers who cannot see them.
var invitedBy = func() column[domain.Invitation] {
	c := field("invited_by", func(i *domain.Invitation) **string { return &i.InvitedBy })
	c.set = "invited_by = COALESCE(?, invited_by)"
	return c
}()

// The reads of invitations, built once.
var (
	getInvitationSQL            = "SELECT " + invitationTable.selectList + " FROM invitations WHERE id = ?"
	getInvitationByTokenHashSQL = "SELECT " + invitationTable.selectList + " FROM invitations WHERE token_hash = ?"
)

// GetInvitation reads one invitation (status as stored; expiry is derived by the caller).
func (t *Tx) GetInvitation(ctx context.Context, id string) (domain.Invitation, error) {
	return one(t, ctx, getInvitationSQL, []any{id}, invitationTable.scanRow)
}

// GetInvitationByTokenHash finds the invitation whose link carries hash.
func (t *Tx) GetInvitationByTokenHash(ctx context.Context, hash string) (domain.Invitation, error) {
	return one(t, ctx, getInvitationByTokenHashSQL, []any{hash}, invitationTable.scanRow)
}

// InsertInvitation writes a new invitation.
func (t *Tx) InsertInvitation(ctx context.Context, i domain.Invitation) error {
	return checkOne(t.exec(ctx, invitationTable.insert, invitationTable.insertArgs(&i)...))
}

// UpdateInvitation writes i over the row at version i.Version-1.
func (t *Tx) UpdateInvitation(ctx context.Context, i domain.Invitation) error {
	return checkOne(t.exec(ctx, invitationTable.update, invitationTable.updateArgs(&i, i.ID, i.Version-1)...))
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
	return list(t, ctx, "invitations", invitationTable.selectList, w, p, invitationTable.scanRow)
}
