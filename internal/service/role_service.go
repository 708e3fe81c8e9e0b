package service

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// roleVisible reports whether the caller can see the custom roles of org:
// where they hold roles:read, and above it, because a role defined on a
// partner is usable in its clients.
func (o *Op) roleVisible(ctx context.Context, org string) (bool, error) {
	acc, err := o.Access(ctx)
	if err != nil {
		return false, err
	}
	ok := acc.CanAtOrAbove(org, "roles:read")
	return ok, acc.Err()
}

// GetRole reads a built-in or a visible custom role.
func (o *Op) GetRole(ctx context.Context, id string) (domain.Role, error) {
	r, err := o.tx.GetRole(ctx, id)
	if err != nil {
		return r, notFound(err, "role", id)
	}
	if r.Builtin {
		return r, nil
	}
	visible, err := o.roleVisible(ctx, *r.OrganizationID)
	if err != nil {
		return r, err
	}
	if visible {
		return r, nil
	}
	return r, domain.NotFound("role", id)
}

// ListRoles lists built-in and visible custom roles.
func (o *Op) ListRoles(ctx context.Context, f domain.RoleFilter, p domain.Page) ([]domain.Role, string, error) {
	acc, err := o.Access(ctx)
	if err != nil {
		return nil, "", err
	}
	f.VisibleFrom = acc.Roots("roles:read")
	return o.tx.ListRoles(ctx, f, p)
}

// checkRoleGrantable refuses permissions the caller does not hold at org: nobody
// can hand out, or build a role with, power they do not have.
func (o *Op) checkRoleGrantable(ctx context.Context, org string, perms []string, what string) error {
	acc, err := o.Access(ctx)
	if err != nil {
		return err
	}
	held := acc.Permissions(org)
	if err := acc.Err(); err != nil {
		return err
	}
	var missing []string
	for _, p := range perms {
		if !held[p] && !slices.Contains(missing, p) {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		return domain.Forbidden(
			fmt.Sprintf("you cannot %s: it includes permissions you do not hold on organization %s: %s", what, org, strings.Join(missing, ", ")),
		)
	}
	return nil
}

func (o *Op) checkRoleName(ctx context.Context, org, name, selfID string) error {
	if domain.IsBuiltinRoleName(name) {
		return domain.Invalid(
			"role name is reserved",
			domain.FieldError{Field: "name", Message: fmt.Sprintf("%q is the name of a built-in role; choose another name", name)},
		)
	}
	other, err := o.tx.FindRoleByName(ctx, &org, name)
	if errors.Is(err, store.ErrNotFound) || (err == nil && other.ID == selfID) {
		return nil
	}
	if err != nil {
		return err
	}
	c := domain.Conflict(
		"duplicate_name",
		fmt.Sprintf(
			"organization %s already has a role named %q (id %s); role names are unique within an organization, ignoring case",
			org,
			other.Name,
			other.ID,
		),
	)
	c.ExistingID = other.ID
	return c
}

// CreateRole creates a custom role in an organization.
func (o *Op) CreateRole(ctx context.Context, in wire.RoleCreate) (domain.Role, error) {
	normalizeName(&in.Name)
	var fe domain.Fields
	fe.Check("name", domain.ValidateName(in.Name, domain.MaxPersonNameLength))
	fe.Check("description", domain.ValidateText(in.Description, domain.MaxDescription))
	perms, err := domain.NormalizePermissions("permissions", in.Permissions)
	if err != nil {
		var de *domain.Error
		errors.As(err, &de)
		fe = append(fe, de.Fields...)
	}
	if in.OrganizationID == "" {
		fe.Add("organization_id", "is required: custom roles are defined in an organization and usable in it and below it")
	}
	if err := fe.Err(); err != nil {
		return domain.Role{}, err
	}
	if err := o.see(ctx, in.OrganizationID, "roles:read", "organization", in.OrganizationID); err != nil {
		return domain.Role{}, err
	}
	if err := o.need(ctx, in.OrganizationID, "roles:write", "create roles in it"); err != nil {
		return domain.Role{}, err
	}
	if err := o.checkRoleGrantable(ctx, in.OrganizationID, perms, "create this role"); err != nil {
		return domain.Role{}, err
	}
	if err := o.checkRoleName(ctx, in.OrganizationID, in.Name, ""); err != nil {
		return domain.Role{}, err
	}
	r := domain.Role{
		Meta:           o.newMeta("rol"),
		Name:           in.Name,
		Description:    in.Description,
		Permissions:    perms,
		OrganizationID: ptr(in.OrganizationID),
	}
	if err := o.tx.InsertRole(ctx, r); err != nil {
		return r, written(err, "role", r.ID)
	}
	return r, o.audit(ctx, "role.create", "role", r.ID, r.OrganizationID, nil, r)
}

func (o *Op) manageRole(ctx context.Context, id string, ifMatch *int64, goal string) (domain.Role, error) {
	r, err := o.GetRole(ctx, id)
	if err != nil {
		return r, err
	}
	if r.Builtin {
		return r, domain.Conflict(
			"builtin_role",
			fmt.Sprintf("%s is a built-in role and cannot be changed or deleted; create a custom role instead", id),
		)
	}
	if err := checkVersion("role", id, r.Version, ifMatch); err != nil {
		return r, err
	}
	return r, o.need(ctx, *r.OrganizationID, "roles:write", goal)
}

// UpdateRole changes a custom role.
func (o *Op) UpdateRole(ctx context.Context, id string, in wire.RoleUpdate, ifMatch *int64) (domain.Role, error) {
	normalizeOptional(&in.Name)
	r, err := o.manageRole(ctx, id, ifMatch, "change its roles")
	if err != nil {
		return r, err
	}
	before := r
	var fe domain.Fields
	if in.Name.Set {
		fe.Check("name", domain.ValidateName(in.Name.Value, domain.MaxPersonNameLength))
		r.Name = in.Name.Value
	}
	if in.Description.Set {
		fe.Check("description", domain.ValidateText(in.Description.Value, domain.MaxDescription))
		r.Description = in.Description.Value
	}
	if in.Permissions.Set {
		perms, err := domain.NormalizePermissions("permissions", in.Permissions.Value)
		if err != nil {
			var de *domain.Error
			errors.As(err, &de)
			fe = append(fe, de.Fields...)
		}
		r.Permissions = perms
	}
	if err := fe.Err(); err != nil {
		return before, err
	}
	// Removing a permission from a role takes it from everyone who holds the
	// role, so the caller must hold what is removed as well as what is added.
	involved := append(slices.Clone(before.Permissions), r.Permissions...)
	if err := o.checkRoleGrantable(ctx, *r.OrganizationID, involved, "change this role's permissions"); err != nil {
		return before, err
	}
	if err := o.checkRoleName(ctx, *r.OrganizationID, r.Name, r.ID); err != nil {
		return before, err
	}
	if domain.SameContent(r, before) {
		return before, nil
	}
	o.bump(&r.Meta)
	if err := o.tx.UpdateRole(ctx, before, r); err != nil {
		return before, written(err, "role", id)
	}
	o.invalidate()
	return r, o.audit(ctx, "role.update", "role", r.ID, r.OrganizationID, before, r)
}

// DeleteRole deletes a custom role that nobody holds and no pending invitation grants.
func (o *Op) DeleteRole(ctx context.Context, id string, ifMatch *int64) error {
	r, err := o.manageRole(ctx, id, ifMatch, "delete its roles")
	if err != nil {
		return err
	}
	n, err := o.tx.CountRoleAssignments(ctx, id)
	if err != nil {
		return err
	}
	m, err := o.tx.CountRoleInvitations(ctx, id)
	if err != nil {
		return err
	}
	if n+m > 0 {
		// The counts span every organization that may use the role; name
		// them only to a caller who can see that organization's users.
		if ok, err := o.can(ctx, *r.OrganizationID, "users:read"); err != nil || !ok {
			return domain.Conflict(
				"role_in_use",
				fmt.Sprintf("role %s is still assigned or granted by a pending invitation; remove those first", id),
			)
		}
		return domain.Conflict(
			"role_in_use",
			fmt.Sprintf("role %s is still assigned %d time(s) and granted by %d pending invitation(s); remove those first", id, n, m),
		)
	}
	if err := o.tx.DeleteRole(ctx, id); err != nil {
		return written(err, "role", id)
	}
	return o.audit(ctx, "role.delete", "role", id, r.OrganizationID, r, nil)
}
