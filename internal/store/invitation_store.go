package store

import (
	"context"
	"strings"
	"time"

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
		coded("access_expires_at", func(i *domain.Invitation) optionalTimeText { return optionalTimeText{&i.AccessExpiresAt} }),
	),
	nil, map[string]string{"OrganizationIDs": "rows of invitation_organizations, written and read with the invitation"},
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
	return t.oneInvitation(ctx, getInvitationSQL, id)
}

// GetInvitationByTokenHash finds the invitation whose link carries hash.
func (t *Tx) GetInvitationByTokenHash(ctx context.Context, hash string) (domain.Invitation, error) {
	return t.oneInvitation(ctx, getInvitationByTokenHashSQL, hash)
}

// PendingInvitation finds a pending, unexpired invitation of email homed in
// organization home, whoever may see it.
func (t *Tx) PendingInvitations(ctx context.Context, email, home string, now time.Time) ([]domain.Invitation, error) {
	invs, err := some(t, ctx, "SELECT "+invitationTable.selectList+` FROM invitations
		WHERE email_key = ? AND organization_id = ? AND status = 'pending' AND expires_at > ? ORDER BY id`,
		[]any{domain.NormalizeEmail(email), home, fmtTime(now)}, 100, invitationTable.scanRow)
	if err != nil {
		return nil, err
	}
	return invs, t.fillInvitationOrgs(ctx, invs)
}

func (t *Tx) oneInvitation(ctx context.Context, q string, args ...any) (domain.Invitation, error) {
	i, err := one(t, ctx, q, args, invitationTable.scanRow)
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
	if err := checkOne(t.exec(ctx, invitationTable.insert, invitationTable.insertArgs(&i)...)); err != nil {
		return err
	}
	return t.setInvitationOrgs(ctx, i.ID, i.OrganizationIDs)
}

// UpdateInvitation writes i over before, the invitation as read (see
// updateFrom).
func (t *Tx) UpdateInvitation(ctx context.Context, before, i domain.Invitation) error {
	q, args := invitationTable.updateFrom(&before, &i, i.ID, before.Version)
	if err := checkOne(t.exec(ctx, q, args...)); err != nil {
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
		w.add(
			"(organization_id = ? OR id IN (SELECT invitation_id FROM invitation_organizations WHERE organization_id = ?))",
			f.OrganizationID,
			f.OrganizationID,
		)
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
	items, next, err := list(t, ctx, "invitations", invitationTable.selectList, w, p, invitationTable.rows())
	if err != nil {
		return nil, "", err
	}
	return items, next, t.fillInvitationOrgs(ctx, items)
}
