package service

import (
	"context"
	"fmt"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// checkGrantLimits enforces max_grant_duration: a grant on org ending at end
// (nil: never), held by a principal homed at granteeHome, made by the
// caller. Every organization of org's lineage that sets a limit bounds it
// when the grantee or the caller lives outside that organization: a client
// can hold its partner's technicians to N days, whoever grants them.
func (o *Op) checkGrantLimits(ctx context.Context, field, org, granteeHome string, end *time.Time) error {
	lineages, err := o.orgLineages(ctx, []string{org})
	if err != nil {
		return err
	}
	ids := make([]string, 0, domain.MaxOrgDepth+1)
	for _, n := range lineages[org] {
		ids = append(ids, n.ID)
	}
	limits, err := o.tx.GrantLimits(ctx, ids)
	if err != nil || len(limits) == 0 {
		return err
	}
	callerHome := ""
	if o.caller.UserID != "" {
		me, err := o.tx.GetUser(ctx, o.caller.UserID)
		if err != nil {
			return err
		}
		callerHome = me.OrganizationID
	}
	homes, err := o.orgLineages(ctx, []string{granteeHome, callerHome})
	if err != nil {
		return err
	}
	for _, id := range ids {
		spelled, ok := limits[id]
		if !ok || (homes[granteeHome].Has(id) && (callerHome == "" || homes[callerHome].Has(id))) {
			continue
		}
		limit, _, err := domain.ParseGrantLimit(spelled)
		if err != nil {
			return err
		}
		if end == nil || end.Sub(o.now) > limit {
			return domain.Invalid("grant longer than the organization allows", domain.FieldError{Field: field, Message: fmt.Sprintf(
				"%s allows grants made from outside it for at most %s (max_grant_duration %s): set %s no later than %s",
				o.limitHolder(ctx, id), domain.Days(limit), spelled, field, o.now.Add(limit).UTC().Format(time.RFC3339))})
		}
	}
	return nil
}

// limitHolder names the organization whose limit applies when the caller
// can see it; an organization above the caller's reach stays unnamed.
func (o *Op) limitHolder(ctx context.Context, id string) string {
	if ok, err := o.can(ctx, id, "organizations:read"); err == nil && ok {
		return "organization " + id
	}
	return "an organization above this one"
}

// UpdateAssignment extends or shortens a grant by changing its end: the
// change takes what granting the role would, since extending gives access.
func (o *Op) UpdateAssignment(ctx context.Context, id string, in wire.RoleAssignmentUpdate, ifMatch *int64) (domain.RoleAssignment, error) {
	a, err := o.GetAssignment(ctx, id)
	if err != nil {
		return a, err
	}
	if err := checkVersion("role assignment", id, a.Version, ifMatch); err != nil {
		return a, err
	}
	if err := o.need(ctx, a.OrganizationID, "roles:assign", "change role assignments on it"); err != nil {
		return a, err
	}
	if !in.ExpiresAt.Set {
		return a, nil
	}
	if a.InvitationID != nil {
		return a, domain.Conflict("owned_by_invitation", fmt.Sprintf(
			"role assignment %s belongs to invitation %s; change the invitation's access_expires_at instead", id, *a.InvitationID))
	}
	var end *time.Time
	if !in.ExpiresAt.Null {
		end = &in.ExpiresAt.Value
	}
	var fe domain.Fields
	domain.CheckGrantEnd(&fe, "expires_at", end, o.now)
	if err := fe.Err(); err != nil {
		return a, err
	}
	u, err := o.getPrincipal(ctx, a.UserID)
	if err != nil {
		return a, err
	}
	if err := o.checkGrantableRole(ctx, "role_id", a.RoleID, a.OrganizationID); err != nil {
		return a, err
	}
	if err := o.coverUser(ctx, a.UserID, "change this user's roles"); err != nil {
		return a, err
	}
	if err := o.checkGrantLimits(ctx, "expires_at", a.OrganizationID, u.OrganizationID, end); err != nil {
		return a, err
	}
	return o.setGrantEnd(ctx, a, end)
}

// checkInvitationLimits checks an invitation's grants against every
// max_grant_duration on their way: the account will live at its home.
func (o *Op) checkInvitationLimits(ctx context.Context, inv domain.Invitation) error {
	for _, org := range inv.OrganizationIDs {
		if err := o.checkGrantLimits(ctx, "access_expires_at", org, inv.OrganizationID, inv.AccessExpiresAt); err != nil {
			return err
		}
	}
	return nil
}

// setGrantEnd writes a grant's new end. Giving an end to an organization's
// last administrator whose access never ends would leave it with none once
// the end passes: that is refused as removing them would be.
func (o *Op) setGrantEnd(ctx context.Context, a domain.RoleAssignment, end *time.Time) (domain.RoleAssignment, error) {
	before := a
	a.ExpiresAt = end
	if domain.SameContent(a, before) {
		return before, nil
	}
	o.bump(&a.Meta)
	a = o.stamped(a)
	if err := o.tx.UpdateAssignment(ctx, before, a); err != nil {
		return before, written(err, "role assignment", a.ID)
	}
	o.invalidate()
	if before.ExpiresAt == nil && end != nil && a.RoleID == domain.RoleAdmin {
		if err := o.ensureOrgAdmin(ctx, a.OrganizationID); err != nil {
			return before, err
		}
	}
	return a, o.audit(ctx, "role_assignment.update", "role_assignment", a.ID, &a.OrganizationID, before, a)
}

// ensureOrgAdmin refuses a change that leaves an organization without an
// enabled administrator whose grant never ends; on the root it also needs
// one who can sign in (see ensureRootAdmin).
func (o *Op) ensureOrgAdmin(ctx context.Context, org string) error {
	root, err := o.tx.RootOrg(ctx)
	if err != nil {
		return err
	}
	if org == root.ID {
		return o.ensureRootAdmin(ctx)
	}
	holders, err := o.tx.RoleHolders(ctx, org, domain.RoleAdmin)
	if err != nil || len(holders) > 0 {
		return err
	}
	return domain.Conflict("last_admin", fmt.Sprintf(
		"organization %s would be left without an administrator whose access never ends once this grant expires; "+
			"assign the admin role there to another enabled user without an end first", org))
}

// lapseBatch bounds one sweep's transaction.
const lapseBatch = 500

// RecordLapses writes an audit event for each grant whose end has passed
// since the last sweep. The grant stopped giving anything at its instant
// whether or not this has run: this only keeps the trail complete.
func (s *Service) RecordLapses(ctx context.Context) error {
	for {
		n := 0
		err := s.Store.Write(ctx, func(tx *store.Tx) error {
			o := s.Op(tx, Caller{})
			lapsed, err := tx.LapsedAssignments(ctx, store.TimeText(o.now), lapseBatch)
			n = len(lapsed)
			for _, a := range lapsed {
				if err == nil {
					err = tx.MarkLapseAudited(ctx, a.ID)
				}
				if err == nil {
					err = o.audit(ctx, "role_assignment.expire", "role_assignment", a.ID, &a.OrganizationID, nil, o.stamped(a))
				}
			}
			return err
		})
		if err != nil || n < lapseBatch {
			return err
		}
	}
}

// setInvitationAccessEnd gives an invitation's grants a new end; on an
// accepted invitation the assignments it owns follow at once.
func (o *Op) setInvitationAccessEnd(ctx context.Context, inv *domain.Invitation, end wire.Nullable[time.Time]) error {
	inv.AccessExpiresAt = nil
	if !end.Null {
		inv.AccessExpiresAt = &end.Value
	}
	var fe domain.Fields
	domain.CheckGrantEnd(&fe, "access_expires_at", inv.AccessExpiresAt, o.now)
	if err := fe.Err(); err != nil {
		return err
	}
	if err := o.checkInvitationLimits(ctx, *inv); err != nil {
		return err
	}
	if inv.Status != domain.InvitationAccepted || inv.UserID == nil {
		return nil
	}
	if err := o.coverUser(ctx, *inv.UserID, "change the roles an invitation granted them"); err != nil {
		return err
	}
	owned, err := o.tx.AssignmentsOfInvitation(ctx, inv.ID)
	for _, a := range owned {
		if err == nil {
			_, err = o.setGrantEnd(ctx, a, inv.AccessExpiresAt)
		}
	}
	return err
}
