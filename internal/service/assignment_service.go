package service

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// GetAssignment reads an assignment on an organization where the caller can see users.
func (o *Op) GetAssignment(ctx context.Context, id string) (domain.RoleAssignment, error) {
	a, err := o.tx.GetAssignment(ctx, id)
	if err != nil {
		return a, notFound(err, "role assignment", id)
	}
	return o.stamped(a), o.see(ctx, a.OrganizationID, "users:read", "role assignment", id)
}

// stamped sets an assignment's status on the operation's clock.
func (o *Op) stamped(a domain.RoleAssignment) domain.RoleAssignment {
	a.Status = domain.AssignmentStatusAt(a.ExpiresAt, o.now)
	return a
}

// ListAssignments lists visible assignments.
func (o *Op) ListAssignments(ctx context.Context, f domain.AssignmentFilter, p domain.Page) ([]domain.RoleAssignment, string, error) {
	acc, err := o.Access(ctx)
	if err != nil {
		return nil, "", err
	}
	f.WithinSubtrees, f.Now = acc.Roots("users:read"), store.TimeText(o.now)
	items, next, err := o.tx.ListAssignments(ctx, f, p)
	for k := range items {
		items[k] = o.stamped(items[k])
	}
	return items, next, err
}

// checkGrantableRole checks that the caller may grant role at org: the role is
// visible, usable there (built-in, or defined on org or above it), and holds
// nothing the caller lacks there.
func (o *Op) checkGrantableRole(ctx context.Context, field, roleID, org string) error {
	r, err := o.GetRole(ctx, roleID)
	if domain.IsKind(err, domain.KindNotFound) {
		return domain.Invalid("unknown role", domain.FieldError{Field: field, Message: fmt.Sprintf(
			"role %q does not exist or is not visible to you; use a built-in role (admin, user_manager, technician, viewer) or the id of a custom "+
				"role",
			roleID,
		)})
	}
	if err != nil {
		return err
	}
	if !r.Builtin {
		usable, err := o.isAncestorOrSelf(ctx, *r.OrganizationID, org)
		if err != nil {
			return err
		}
		if !usable {
			return domain.Invalid("role not usable here", domain.FieldError{Field: field, Message: fmt.Sprintf(
				"role %s is defined in organization %s and can only be granted there or below it", roleID, *r.OrganizationID)})
		}
	}
	return o.checkRoleGrantable(ctx, org, r.Permissions, "grant role "+roleID)
}

// CreateAssignment grants a role to a user on an organization.
func (o *Op) CreateAssignment(ctx context.Context, in wire.RoleAssignmentCreate) (domain.RoleAssignment, error) {
	var fe domain.Fields
	for f, v := range map[string]string{"user_id": in.UserID, "organization_id": in.OrganizationID, "role_id": in.RoleID} {
		if v == "" {
			fe.Add(f, "is required")
		}
	}
	domain.CheckGrantEnd(&fe, "expires_at", in.ExpiresAt, o.now)
	if err := fe.Err(); err != nil {
		return domain.RoleAssignment{}, err
	}
	if err := o.see(ctx, in.OrganizationID, "organizations:read", "organization", in.OrganizationID); err != nil {
		return domain.RoleAssignment{}, err
	}
	if err := o.need(ctx, in.OrganizationID, "roles:assign", "assign roles on it"); err != nil {
		return domain.RoleAssignment{}, err
	}
	// user_id names a user or a service account: both hold roles alike.
	grantee, err := o.getPrincipal(ctx, in.UserID)
	if err != nil {
		return domain.RoleAssignment{}, err
	}
	if err := o.checkGrantableRole(ctx, "role_id", in.RoleID, in.OrganizationID); err != nil {
		return domain.RoleAssignment{}, err
	}
	if err := o.coverUser(ctx, in.UserID, "change this user's roles"); err != nil {
		return domain.RoleAssignment{}, err
	}
	if err := o.checkGrantLimits(ctx, "expires_at", in.OrganizationID, grantee.OrganizationID, in.ExpiresAt); err != nil {
		return domain.RoleAssignment{}, err
	}
	return o.insertAssignment(ctx, grantTerms{in.UserID, in.OrganizationID, in.RoleID, nil, in.ExpiresAt})
}

// grantTerms are what an assignment is made of: who, where, which role, the
// invitation that owns it (if any) and its end (nil: never).
type grantTerms struct {
	userID, orgID, roleID string
	invitationID          *string
	expiresAt             *time.Time
}

func (o *Op) insertAssignment(ctx context.Context, g grantTerms) (domain.RoleAssignment, error) {
	userID, orgID, roleID := g.userID, g.orgID, g.roleID
	existing, err := o.tx.FindAssignment(ctx, userID, orgID, roleID)
	if err == nil {
		c := domain.Conflict(
			"duplicate_assignment",
			fmt.Sprintf("user %s already has role %s on organization %s (assignment %s)", userID, roleID, orgID, existing.ID),
		)
		c.ExistingID = existing.ID
		return existing, c
	}
	if !errors.Is(err, store.ErrNotFound) {
		return existing, err
	}
	a := o.stamped(domain.RoleAssignment{Meta: o.newMeta("ras"), UserID: userID, OrganizationID: orgID, RoleID: roleID,
		InvitationID: g.invitationID, ExpiresAt: g.expiresAt})
	if err := o.tx.InsertAssignment(ctx, a); err != nil {
		return a, written(err, "role assignment", a.ID)
	}
	o.invalidate()
	return a, o.audit(ctx, "role_assignment.create", "role_assignment", a.ID, &a.OrganizationID, nil, a)
}

// DeleteAssignment removes a grant.
func (o *Op) DeleteAssignment(ctx context.Context, id string, ifMatch *int64) error {
	a, err := o.GetAssignment(ctx, id)
	if err != nil {
		return err
	}
	if err := checkVersion("role assignment", id, a.Version, ifMatch); err != nil {
		return err
	}
	if err := o.need(ctx, a.OrganizationID, "roles:assign", "remove role assignments on it"); err != nil {
		return err
	}
	return o.removeAssignment(ctx, a)
}

// removeAssignment deletes a grant the caller could have given: taking
// power away from someone stronger is refused like granting it would be.
func (o *Op) removeAssignment(ctx context.Context, a domain.RoleAssignment) error {
	r, err := o.tx.GetRole(ctx, a.RoleID)
	if err != nil {
		return err
	}
	if err := o.checkRoleGrantable(ctx, a.OrganizationID, r.Permissions, "remove role "+a.RoleID); err != nil {
		return err
	}
	if err := o.coverUser(ctx, a.UserID, "change this user's roles"); err != nil {
		return err
	}
	if a.UserID == o.caller.UserID && a.RoleID == domain.RoleAdmin {
		return domain.Conflict(
			"own_admin",
			fmt.Sprintf("you cannot remove your own admin role on organization %s; ask another administrator", a.OrganizationID),
		)
	}
	if err := o.tx.DeleteAssignment(ctx, a.ID); err != nil {
		return written(err, "role assignment", a.ID)
	}
	o.invalidate()
	if err := o.ensureRootAdmin(ctx); err != nil {
		return err
	}
	return o.audit(ctx, "role_assignment.delete", "role_assignment", a.ID, &a.OrganizationID, a, nil)
}
