package service

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// InvitationCreate is the body of POST /v1/invitations.
type InvitationCreate struct {
	Email            string   `json:"email"`
	OrganizationID   string   `json:"organization_id"`
	RoleIDs          []string `json:"role_ids"`
	ExpiresInSeconds *int64   `json:"expires_in_seconds"`
	Message          string   `json:"message"`
}

// InvitationUpdate is the body of PATCH /v1/invitations/{id}.
type InvitationUpdate struct {
	RoleIDs domain.Optional[[]string] `json:"role_ids"`
	Message domain.Optional[string]   `json:"message"`
}

// InvitationResend is the optional body of POST /v1/invitations/{id}/resend.
type InvitationResend struct {
	ExpiresInSeconds *int64 `json:"expires_in_seconds"`
}

func (o *Op) present(ctx context.Context, i domain.Invitation) domain.Invitation {
	i.Status = domain.EffectiveInvitationStatus(i.Status, i.ExpiresAt, o.now)
	if i.RoleIDs == nil {
		i.RoleIDs = []string{}
	}
	// The sender is named only to those who can see them; the stored value
	// stays (an update never writes a null sender).
	if i.InvitedBy != nil && !o.userVisible(ctx, *i.InvitedBy) {
		i.InvitedBy = nil
	}
	return i
}

func ttl(field string, secs *int64) (time.Duration, error) {
	if secs == nil {
		return domain.DefaultInvitationTTL, nil
	}
	d := time.Duration(*secs) * time.Second
	if d < domain.MinInvitationTTL || d > domain.MaxInvitationTTL || *secs > int64(domain.MaxInvitationTTL/time.Second) {
		return 0, domain.Invalid("invitation lifetime out of range", domain.FieldError{Field: field, Message: fmt.Sprintf(
			"must be between %d (1 hour) and %d (30 days) seconds; got %d", int64(domain.MinInvitationTTL/time.Second), int64(domain.MaxInvitationTTL/time.Second), *secs)})
	}
	return d, nil
}

// GetInvitation reads a visible invitation.
func (o *Op) GetInvitation(ctx context.Context, id string) (domain.Invitation, error) {
	i, err := o.tx.GetInvitation(ctx, id)
	if err != nil {
		return i, notFound(err, "invitation", id)
	}
	return o.present(ctx, i), o.see(ctx, i.OrganizationID, "users:read", "invitation", id)
}

// ListInvitations lists visible invitations.
func (o *Op) ListInvitations(ctx context.Context, f domain.InvitationFilter, p domain.Page) ([]domain.Invitation, string, error) {
	acc, err := o.Access(ctx)
	if err != nil {
		return nil, "", err
	}
	f.WithinSubtrees = acc.Roots("users:read")
	f.Now = o.now.Format("2006-01-02T15:04:05.000000000Z")
	items, next, err := o.tx.ListInvitations(ctx, f, p)
	for k := range items {
		items[k] = o.present(ctx, items[k])
	}
	return items, next, err
}

func (o *Op) checkInvitationRoles(ctx context.Context, org string, roles []string) ([]string, error) {
	if len(roles) == 0 {
		return nil, domain.Invalid("no roles", domain.FieldError{Field: "role_ids", Message: "must list at least one role to grant"})
	}
	out := []string{}
	for k, r := range roles {
		if err := o.checkGrantableRole(ctx, fmt.Sprintf("role_ids[%d]", k), r, org); err != nil {
			return nil, err
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	slices.Sort(out)
	return out, nil
}

// CreateInvitation invites an e-mail to an organization with roles. An
// existing account is granted the roles at once.
func (o *Op) CreateInvitation(ctx context.Context, in InvitationCreate) (domain.Invitation, error) {
	var fe domain.Fields
	fe.Check("email", domain.ValidateEmail(in.Email))
	fe.Check("message", domain.ValidateText(in.Message, domain.MaxMessageLength))
	if in.OrganizationID == "" {
		fe.Add("organization_id", "is required")
	}
	if err := fe.Err(); err != nil {
		return domain.Invitation{}, err
	}
	life, err := ttl("expires_in_seconds", in.ExpiresInSeconds)
	if err != nil {
		return domain.Invitation{}, err
	}
	org, err := o.GetOrganization(ctx, in.OrganizationID)
	if err != nil {
		return domain.Invitation{}, err
	}
	if err := o.need(ctx, org.ID, "users:invite", "invite people to it"); err != nil {
		return domain.Invitation{}, err
	}
	// An invitation grants nothing its sender could not assign directly.
	if err := o.need(ctx, org.ID, "roles:assign", "grant roles through an invitation"); err != nil {
		return domain.Invitation{}, err
	}
	roles, err := o.checkInvitationRoles(ctx, org.ID, in.RoleIDs)
	if err != nil {
		return domain.Invitation{}, err
	}
	pending, _, err := o.tx.ListInvitations(ctx, domain.InvitationFilter{Within: []string{org.ID}, Email: in.Email, Status: "pending", Now: o.now.Format("2006-01-02T15:04:05.000000000Z")}, domain.Page{Limit: 1})
	if err != nil {
		return domain.Invitation{}, err
	}
	if len(pending) > 0 {
		c := domain.Conflict("duplicate_invitation", fmt.Sprintf("%s already has a pending invitation to organization %s (id %s); change or resend that one", in.Email, org.ID, pending[0].ID))
		c.Extra = map[string]any{"existing_id": pending[0].ID}
		return domain.Invitation{}, c
	}
	inv := domain.Invitation{
		Meta: o.newMeta("inv"), Email: in.Email, OrganizationID: org.ID, RoleIDs: roles, Status: domain.InvitationPending,
		ExpiresAt: o.now.Add(life), Message: in.Message, InvitedBy: ptr(o.caller.UserID),
	}
	existing, err := o.tx.GetUserByEmail(ctx, in.Email)
	switch {
	case err == nil:
		atOnce, err := o.acceptsAtOnce(ctx, existing)
		if err != nil {
			return inv, err
		}
		if atOnce {
			inv.Status, inv.AcceptedAt, inv.UserID = domain.InvitationAccepted, ptr(o.now), ptr(existing.ID)
		}
	case errors.Is(err, store.ErrNotFound):
	default:
		return inv, err
	}
	var token string
	if inv.Status == domain.InvitationPending {
		token, inv.TokenHash = domain.NewSecret(domain.InvitationTokenPrefix)
	}
	if err := o.tx.InsertInvitation(ctx, inv); err != nil {
		return inv, written(err, "invitation", inv.ID)
	}
	if inv.UserID != nil {
		if err := o.grantInvitation(ctx, inv, inv.RoleIDs); err != nil {
			return inv, err
		}
	} else if err := o.sendInvitationMail(ctx, inv, org.Name, token); err != nil {
		return inv, err
	}
	return o.present(ctx, inv), o.audit(ctx, "invitation.create", "invitation", inv.ID, &inv.OrganizationID, nil, o.present(ctx, inv))
}

// acceptsAtOnce reports whether an invitation to an existing account may be
// accepted without its owner: only when the owner proved the address and the
// sender could already manage the account. Otherwise the invitation stays
// pending, and answers exactly as for an address without an account, so it
// reveals nothing about accounts elsewhere in the portal.
func (o *Op) acceptsAtOnce(ctx context.Context, u domain.User) (bool, error) {
	if !u.EmailVerified {
		return false, nil
	}
	return o.manages(ctx, u)
}

// grantInvitation creates the assignments an accepted invitation owns. A
// grant the user already holds stays with its owner.
func (o *Op) grantInvitation(ctx context.Context, inv domain.Invitation, roles []string) error {
	for _, r := range roles {
		_, err := o.insertAssignment(ctx, *inv.UserID, inv.OrganizationID, r, ptr(inv.ID))
		if err != nil && !domain.IsKind(err, domain.KindConflict) {
			return err
		}
	}
	return nil
}

func (o *Op) manageInvitation(ctx context.Context, id string, ifMatch *int64, goal string) (domain.Invitation, error) {
	inv, err := o.GetInvitation(ctx, id)
	if err != nil {
		return inv, err
	}
	if err := checkVersion("invitation", id, inv.Version, ifMatch); err != nil {
		return inv, err
	}
	if err := o.need(ctx, inv.OrganizationID, "users:invite", goal); err != nil {
		return inv, err
	}
	// An invitation grants roles: managing one takes what granting them
	// directly would (changing, renewing, or removing what it granted).
	return inv, o.need(ctx, inv.OrganizationID, "roles:assign", goal)
}

func (o *Op) saveInvitation(ctx context.Context, action string, before, inv domain.Invitation) (domain.Invitation, error) {
	o.bump(&inv.Meta)
	stored := inv
	if stored.Status == domain.InvitationExpired { // expiry is derived, never stored
		stored.Status = domain.InvitationPending
	}
	if err := o.tx.UpdateInvitation(ctx, stored); err != nil {
		return before, written(err, "invitation", inv.ID)
	}
	inv = o.present(ctx, stored)
	return inv, o.audit(ctx, action, "invitation", inv.ID, &inv.OrganizationID, before, inv)
}

// UpdateInvitation changes the roles or message; for an accepted invitation
// the access it granted follows the new roles.
func (o *Op) UpdateInvitation(ctx context.Context, id string, in InvitationUpdate, ifMatch *int64) (domain.Invitation, error) {
	inv, err := o.manageInvitation(ctx, id, ifMatch, "change its invitations")
	if err != nil {
		return inv, err
	}
	before := inv
	if inv.Status == domain.InvitationRevoked {
		return inv, domain.Conflict("invitation_revoked", fmt.Sprintf("invitation %s was revoked and cannot be changed; create a new one", id))
	}
	if in.Message.Set {
		if err := domain.ValidateText(in.Message.Value, domain.MaxMessageLength); err != nil {
			return inv, domain.Invalid("invalid message", domain.FieldError{Field: "message", Message: err.Error()})
		}
		inv.Message = in.Message.Value
	}
	if in.RoleIDs.Set {
		roles, err := o.checkInvitationRoles(ctx, inv.OrganizationID, in.RoleIDs.Value)
		if err != nil {
			return inv, err
		}
		if inv.Status == domain.InvitationAccepted && inv.UserID != nil {
			if err := o.regrant(ctx, inv, roles); err != nil {
				return inv, err
			}
		}
		inv.RoleIDs = roles
	}
	if domain.SameContent(inv, before) {
		return before, nil
	}
	return o.saveInvitation(ctx, "invitation.update", before, inv)
}

// regrant moves an accepted invitation's assignments to a new set of roles.
func (o *Op) regrant(ctx context.Context, inv domain.Invitation, roles []string) error {
	if err := o.coverUser(ctx, *inv.UserID, "change the roles an invitation granted them"); err != nil {
		return err
	}
	owned, err := o.tx.AssignmentsOfInvitation(ctx, inv.ID)
	if err != nil {
		return err
	}
	for _, a := range owned {
		if !slices.Contains(roles, a.RoleID) {
			if err := o.removeAssignment(ctx, a); err != nil {
				return err
			}
		}
	}
	var add []string
	for _, r := range roles {
		if !slices.ContainsFunc(owned, func(a domain.RoleAssignment) bool { return a.RoleID == r }) {
			add = append(add, r)
		}
	}
	return o.grantInvitation(ctx, inv, add)
}

// RevokeInvitation kills a pending invitation's link.
func (o *Op) RevokeInvitation(ctx context.Context, id string, ifMatch *int64) (domain.Invitation, error) {
	inv, err := o.manageInvitation(ctx, id, ifMatch, "revoke its invitations")
	if err != nil {
		return inv, err
	}
	switch inv.Status {
	case domain.InvitationAccepted:
		return inv, domain.Conflict("invitation_accepted", fmt.Sprintf("invitation %s was already accepted; delete it to remove the access it granted", id))
	case domain.InvitationRevoked:
		return inv, nil
	}
	before := inv
	inv.Status, inv.TokenHash = domain.InvitationRevoked, ""
	return o.saveInvitation(ctx, "invitation.revoke", before, inv)
}

// ResendInvitation issues a new link and expiry; the old link stops working.
// An expired invitation is renewed this way.
func (o *Op) ResendInvitation(ctx context.Context, id string, in InvitationResend, ifMatch *int64) (domain.Invitation, error) {
	inv, err := o.manageInvitation(ctx, id, ifMatch, "resend its invitations")
	if err != nil {
		return inv, err
	}
	if inv.Status == domain.InvitationAccepted || inv.Status == domain.InvitationRevoked {
		return inv, domain.Conflict("invitation_"+string(inv.Status), fmt.Sprintf("invitation %s is %s and cannot be resent; only pending or expired invitations can", id, inv.Status))
	}
	// Renewing the link renews the grant: the sender must still be able to give every role.
	if _, err := o.checkInvitationRoles(ctx, inv.OrganizationID, inv.RoleIDs); err != nil {
		return inv, err
	}
	if err := o.checkResend(ctx, "invitation.resend", "invitation", id); err != nil {
		return inv, err
	}
	life, err := ttl("expires_in_seconds", in.ExpiresInSeconds)
	if err != nil {
		return inv, err
	}
	org, err := o.tx.GetOrg(ctx, inv.OrganizationID)
	if err != nil {
		return inv, err
	}
	before := inv
	var token string
	token, inv.TokenHash = domain.NewSecret(domain.InvitationTokenPrefix)
	inv.ExpiresAt, inv.Status = o.now.Add(life), domain.InvitationPending
	inv, err = o.saveInvitation(ctx, "invitation.resend", before, inv)
	if err != nil {
		return inv, err
	}
	return inv, o.sendInvitationMail(ctx, inv, org.Name, token)
}

// DeleteInvitation revokes a pending invitation, or removes the access an
// accepted one granted (never the account), and deletes the record.
func (o *Op) DeleteInvitation(ctx context.Context, id string, ifMatch *int64) error {
	inv, err := o.manageInvitation(ctx, id, ifMatch, "delete its invitations")
	if err != nil {
		return err
	}
	owned, err := o.tx.AssignmentsOfInvitation(ctx, id)
	if err != nil {
		return err
	}
	for _, a := range owned {
		if err := o.removeAssignment(ctx, a); err != nil {
			return err
		}
	}
	if err := o.tx.DeleteInvitation(ctx, id); err != nil {
		return written(err, "invitation", id)
	}
	return o.audit(ctx, "invitation.delete", "invitation", id, &inv.OrganizationID, inv, nil)
}
