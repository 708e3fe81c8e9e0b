package service

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

func (o *Op) present(ctx context.Context, i domain.Invitation) domain.Invitation {
	i.Status = domain.EffectiveInvitationStatus(i.Status, i.ExpiresAt, o.now)
	if i.RoleIDs == nil {
		i.RoleIDs = []string{}
	}
	if i.OrganizationIDs == nil {
		i.OrganizationIDs = []string{}
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
			"must be between %d (1 hour) and %d (30 days) seconds; got %d",
			int64(domain.MinInvitationTTL/time.Second),
			int64(domain.MaxInvitationTTL/time.Second),
			*secs,
		)})
	}
	return d, nil
}

// GetInvitation reads a visible invitation: the caller reads users in its
// home and in every organization it grants in, so that an invitation never
// names an organization outside the caller's reach.
func (o *Op) GetInvitation(ctx context.Context, id string) (domain.Invitation, error) {
	i, err := o.tx.GetInvitation(ctx, id)
	if err != nil {
		return i, notFound(err, "invitation", id)
	}
	for _, org := range invitationOrgs(i) {
		if err := o.see(ctx, org, "users:read", "invitation", id); err != nil {
			return i, err
		}
	}
	return o.present(ctx, i), nil
}

// invitationOrgs lists every organization an invitation names: its home
// first, then those it grants in.
func invitationOrgs(i domain.Invitation) []string {
	return append([]string{i.OrganizationID}, i.OrganizationIDs...)
}

// grantOrgs validates the organizations an invitation grants in: a set of
// at least one and at most domain.MaxInvitationOrganizations, returned
// sorted without repeats.
func grantOrgs(field string, ids []string) ([]string, error) {
	if len(ids) == 0 {
		return nil, domain.Invalid("no organizations", domain.FieldError{Field: field,
			Message: "must list at least one organization to grant the roles in; omit it to grant them in organization_id, the invitee's home " +
				"organization"})
	}
	if len(ids) > domain.MaxInvitationOrganizations {
		return nil, domain.Invalid("too many organizations", domain.FieldError{Field: field, Message: fmt.Sprintf(
			"may list at most %d organizations; got %d. Send several invitations, or grant the roles on a partner organization above them",
			domain.MaxInvitationOrganizations,
			len(ids),
		)})
	}
	var fe domain.Fields
	for k, id := range ids {
		if id == "" {
			fe.Add(fmt.Sprintf("%s[%d]", field, k), "must be an organization id, not empty")
		}
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out), nil
}

// checkInvitationGrants checks that the caller may grant roles through an
// invitation in every one of orgs, and returns the roles as a sorted set.
// Every organization is looked up before any permission is checked, so one
// outside the caller's reach is a 404 whatever else the request holds.
func (o *Op) checkInvitationGrants(ctx context.Context, orgs, roles []string) ([]string, error) {
	for _, org := range orgs {
		if _, err := o.GetOrganization(ctx, org); err != nil {
			return nil, err
		}
	}
	var out []string
	for _, org := range orgs {
		if err := o.need(ctx, org, "users:invite", "invite people to it"); err != nil {
			return nil, err
		}
		// An invitation grants nothing its sender could not assign directly.
		if err := o.need(ctx, org, "roles:assign", "grant roles through an invitation"); err != nil {
			return nil, err
		}
		var err error
		if out, err = o.checkInvitationRoles(ctx, org, roles); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ListInvitations lists visible invitations.
func (o *Op) ListInvitations(ctx context.Context, f domain.InvitationFilter, p domain.Page) ([]domain.Invitation, string, error) {
	acc, err := o.Access(ctx)
	if err != nil {
		return nil, "", err
	}
	f.WithinSubtrees = acc.Roots("users:read")
	f.Now = store.TimeText(o.now)
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
func (o *Op) CreateInvitation(ctx context.Context, in wire.InvitationCreate) (domain.Invitation, error) {
	var fe domain.Fields
	fe.Check("email", domain.ValidateEmail(in.Email))
	fe.Check("message", domain.ValidateText(in.Message, domain.MaxMessageLength))
	if in.OrganizationID == "" {
		fe.Add("organization_id", "is required")
	}
	domain.CheckGrantEnd(&fe, "access_expires_at", in.AccessExpiresAt, o.now)
	if err := fe.Err(); err != nil {
		return domain.Invitation{}, err
	}
	life, err := ttl("expires_in_seconds", in.ExpiresInSeconds)
	if err != nil {
		return domain.Invitation{}, err
	}
	orgs := []string{in.OrganizationID}
	if in.OrganizationIDs != nil {
		if orgs, err = grantOrgs("organization_ids", in.OrganizationIDs); err != nil {
			return domain.Invitation{}, err
		}
	}
	org, err := o.GetOrganization(ctx, in.OrganizationID)
	if err != nil {
		return domain.Invitation{}, err
	}
	roles, err := o.checkInvitationGrants(ctx, orgs, in.RoleIDs)
	if err != nil {
		return domain.Invitation{}, err
	}
	// The account is created in the home organization.
	if err := o.need(ctx, org.ID, "users:invite", "invite people to it"); err != nil {
		return domain.Invitation{}, err
	}
	if err := o.checkNoPendingInvitation(ctx, in.Email, org.ID); err != nil {
		return domain.Invitation{}, err
	}
	inv := domain.Invitation{
		Invitation: wire.Invitation{
			Meta:            o.newMeta("inv"),
			Email:           in.Email,
			OrganizationID:  org.ID,
			OrganizationIDs: orgs,
			RoleIDs:         roles,
			Status:          domain.InvitationPending,
			ExpiresAt:       o.now.Add(life),
			Message:         in.Message,
			InvitedBy:       ptr(o.caller.UserID),
			AccessExpiresAt: in.AccessExpiresAt,
		},
	}
	if err := o.checkInvitationLimits(ctx, inv); err != nil {
		return inv, err
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
		if err := o.grantInvitation(ctx, inv); err != nil {
			return inv, err
		}
		if err := o.sendAccessMail(ctx, inv, existing, inv.OrganizationIDs); err != nil {
			return inv, err
		}
	} else if err := o.sendInvitationMail(ctx, inv, token); err != nil {
		return inv, err
	}
	return o.present(ctx, inv), o.auditInvitation(ctx, "invitation.create", inv, nil, o.present(ctx, inv))
}

// checkNoPendingInvitation refuses a second pending invitation of an address
// to the same home organization that the caller can see. One the caller
// cannot see (it grants beyond their reach) does not count: the answer must
// not depend on objects outside the caller's reach, so the caller's
// invitation is made beside it.
func (o *Op) checkNoPendingInvitation(ctx context.Context, email, home string) error {
	pendings, err := o.tx.PendingInvitations(ctx, email, home, o.now)
	if err != nil {
		return err
	}
	var pending *domain.Invitation
	for i := range pendings {
		if _, err := o.GetInvitation(ctx, pendings[i].ID); err == nil {
			pending = &pendings[i]
			break
		} else if !domain.IsKind(err, domain.KindNotFound) {
			return err
		}
	}
	if pending == nil {
		return nil
	}
	c := domain.Conflict(
		"duplicate_invitation",
		fmt.Sprintf("%s already has a pending invitation to organization %s (id %s); change or resend that one", email, home, pending.ID),
	)
	c.ExistingID = pending.ID
	return c
}

// auditInvitation records an invitation's change on the nearest
// organization at or above every organization it names: only those who may
// read all of it read its history.
func (o *Op) auditInvitation(ctx context.Context, action string, inv domain.Invitation, before, after any) error {
	orgs := invitationOrgs(inv)
	lineages, err := o.orgLineages(ctx, orgs)
	if err != nil {
		return err
	}
	at := inv.OrganizationID
	for _, n := range lineages[inv.OrganizationID] {
		if !slices.ContainsFunc(orgs, func(id string) bool { return !lineages[id].Has(n.ID) }) {
			at = n.ID
			break
		}
	}
	return o.audit(ctx, action, "invitation", inv.ID, &at, before, after)
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

// grantInvitation creates the assignments an accepted invitation owns: each
// of its roles in each organization it grants in. A grant the user already
// holds (the invitation's own included) stays with its owner.
func (o *Op) grantInvitation(ctx context.Context, inv domain.Invitation) error {
	for _, org := range inv.OrganizationIDs {
		for _, r := range inv.RoleIDs {
			_, err := o.insertAssignment(ctx, grantTerms{*inv.UserID, org, r, ptr(inv.ID), inv.AccessExpiresAt})
			if err != nil && !domain.IsKind(err, domain.KindConflict) {
				return err
			}
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
	// directly would (changing, renewing, or removing what it granted),
	// in every organization it grants in.
	for _, org := range inv.OrganizationIDs {
		if err := o.need(ctx, org, "users:invite", goal); err != nil {
			return inv, err
		}
		if err := o.need(ctx, org, "roles:assign", goal); err != nil {
			return inv, err
		}
	}
	return inv, nil
}

// storedInvitation is inv as the store keeps it: expiry is derived when
// read, never stored.
func storedInvitation(inv domain.Invitation) domain.Invitation {
	if inv.Status == domain.InvitationExpired {
		inv.Status = domain.InvitationPending
	}
	return inv
}

func (o *Op) saveInvitation(ctx context.Context, action string, before, inv domain.Invitation) (domain.Invitation, error) {
	o.bump(&inv.Meta)
	stored, was := storedInvitation(inv), storedInvitation(before)
	if err := o.tx.UpdateInvitation(ctx, was, stored); err != nil {
		return before, written(err, "invitation", inv.ID)
	}
	inv = o.present(ctx, stored)
	return inv, o.auditInvitation(ctx, action, inv, before, inv)
}

// UpdateInvitation changes the organizations it grants in, the roles or the
// message; for an accepted invitation the access it granted follows, and the
// person is told of organizations they were given access to.
func (o *Op) UpdateInvitation(ctx context.Context, id string, in wire.InvitationUpdate, ifMatch *int64) (domain.Invitation, error) {
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
	if in.AccessExpiresAt.Set {
		if err := o.setInvitationAccessEnd(ctx, &inv, in.AccessExpiresAt); err != nil {
			return before, err
		}
	}
	if in.OrganizationIDs.Set || in.RoleIDs.Set {
		orgs, roles := inv.OrganizationIDs, inv.RoleIDs
		if in.OrganizationIDs.Null {
			orgs = []string{inv.OrganizationID}
		} else if in.OrganizationIDs.Set {
			if orgs, err = grantOrgs("organization_ids", in.OrganizationIDs.Value); err != nil {
				return inv, err
			}
		}
		if in.RoleIDs.Set {
			roles = in.RoleIDs.Value
		}
		if roles, err = o.checkInvitationGrants(ctx, orgs, roles); err != nil {
			return inv, err
		}
		inv.OrganizationIDs, inv.RoleIDs = orgs, roles
		if inv.Status == domain.InvitationAccepted && inv.UserID != nil {
			if err := o.regrant(ctx, inv, before.OrganizationIDs); err != nil {
				return inv, err
			}
		}
	}
	if domain.SameContent(inv, before) {
		return before, nil
	}
	return o.saveInvitation(ctx, "invitation.update", before, inv)
}

// regrant moves an accepted invitation's assignments to its new
// organizations and roles, and tells the person of the organizations that
// are new to the invitation (had is what it granted in before).
func (o *Op) regrant(ctx context.Context, inv domain.Invitation, had []string) error {
	if err := o.coverUser(ctx, *inv.UserID, "change the roles an invitation granted them"); err != nil {
		return err
	}
	owned, err := o.tx.AssignmentsOfInvitation(ctx, inv.ID)
	if err != nil {
		return err
	}
	for _, a := range owned {
		if !slices.Contains(inv.OrganizationIDs, a.OrganizationID) || !slices.Contains(inv.RoleIDs, a.RoleID) {
			if err := o.removeAssignment(ctx, a); err != nil {
				return err
			}
		}
	}
	if err := o.grantInvitation(ctx, inv); err != nil {
		return err
	}
	var added []string
	for _, org := range inv.OrganizationIDs {
		if !slices.Contains(had, org) {
			added = append(added, org)
		}
	}
	if len(added) == 0 {
		return nil
	}
	u, err := o.tx.GetUser(ctx, *inv.UserID)
	if err != nil {
		return err
	}
	return o.sendAccessMail(ctx, inv, u, added)
}

// RevokeInvitation kills a pending invitation's link.
func (o *Op) RevokeInvitation(ctx context.Context, id string, ifMatch *int64) (domain.Invitation, error) {
	inv, err := o.manageInvitation(ctx, id, ifMatch, "revoke its invitations")
	if err != nil {
		return inv, err
	}
	switch inv.Status {
	case domain.InvitationAccepted:
		return inv, domain.Conflict(
			"invitation_accepted",
			fmt.Sprintf("invitation %s was already accepted; delete it to remove the access it granted", id),
		)
	case domain.InvitationRevoked:
		return inv, nil
	}
	before := inv
	inv.Status, inv.TokenHash = domain.InvitationRevoked, ""
	return o.saveInvitation(ctx, "invitation.revoke", before, inv)
}

// ResendInvitation issues a new link and expiry; the old link stops working.
// An expired invitation is renewed this way.
func (o *Op) ResendInvitation(ctx context.Context, id string, in wire.InvitationResend, ifMatch *int64) (domain.Invitation, error) {
	inv, err := o.manageInvitation(ctx, id, ifMatch, "resend its invitations")
	if err != nil {
		return inv, err
	}
	if inv.Status == domain.InvitationAccepted || inv.Status == domain.InvitationRevoked {
		return inv, domain.Conflict(
			"invitation_"+string(inv.Status),
			fmt.Sprintf("invitation %s is %s and cannot be resent; only pending or expired invitations can", id, inv.Status),
		)
	}
	// Renewing the link renews the grant: the sender must still be able to give every role.
	if _, err := o.checkInvitationGrants(ctx, inv.OrganizationIDs, inv.RoleIDs); err != nil {
		return inv, err
	}
	if err := o.checkResend(ctx, "invitation.resend", "invitation", id); err != nil {
		return inv, err
	}
	life, err := ttl("expires_in_seconds", in.ExpiresInSeconds)
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
	return inv, o.sendInvitationMail(ctx, inv, token)
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
	return o.auditInvitation(ctx, "invitation.delete", inv, inv, nil)
}
