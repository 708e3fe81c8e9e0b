package api

import (
	"context"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

func (a *API) listRoles(ctx context.Context, op *service.Op, in queryInput[wire.RoleQuery]) (wire.List[wire.Role], error) {
	q := in.Query
	p, err := pageOf(q.PageQuery)
	if err != nil {
		return wire.List[wire.Role]{}, err
	}
	items, next, err := op.ListRoles(ctx, domain.RoleFilter{OrganizationID: q.OrganizationID, Name: q.Name, Builtin: q.Builtin}, p)
	return list(items, next), err
}

func (a *API) createRole(ctx context.Context, op *service.Op, in bodyInput[wire.RoleCreate]) (wire.Role, error) {
	if err := checkRoleLookalike(in.Body.Name); err != nil {
		return wire.Role{}, err
	}
	return op.CreateRole(ctx, in.Body)
}

func (a *API) getRole(ctx context.Context, op *service.Op, in noInput) (wire.Role, error) {
	return op.GetRole(ctx, in.ID())
}

func (a *API) updateRole(ctx context.Context, op *service.Op, in bodyInput[wire.RoleUpdate]) (wire.Role, error) {
	// A name kept as it is stays accepted, so that a role named before the
	// look-alike rule can still be changed.
	if name := in.Body.Name; name.Set {
		if cur, err := op.GetRole(ctx, in.ID()); err == nil && cur.Name != name.Value {
			if err := checkRoleLookalike(name.Value); err != nil {
				return wire.Role{}, err
			}
		}
	}
	return op.UpdateRole(ctx, in.ID(), in.Body, in.IfMatch)
}

func (a *API) deleteRole(ctx context.Context, op *service.Op, in noInput) (wire.NoBody, error) {
	return wire.NoBody{}, op.DeleteRole(ctx, in.ID(), in.IfMatch)
}

func (a *API) listAssignments(
	ctx context.Context,
	op *service.Op,
	in queryInput[wire.RoleAssignmentQuery],
) (wire.List[wire.RoleAssignment], error) {
	q := in.Query
	p, err := pageOf(q.PageQuery)
	if err != nil {
		return wire.List[wire.RoleAssignment]{}, err
	}
	f := domain.AssignmentFilter{UserID: q.UserID, OrganizationID: q.OrganizationID, RoleID: q.RoleID, InvitationID: q.InvitationID,
		Status: q.Status}
	items, next, err := op.ListAssignments(ctx, f, p)
	return list(items, next), err
}

func (a *API) createAssignment(ctx context.Context, op *service.Op, in bodyInput[wire.RoleAssignmentCreate]) (wire.RoleAssignment, error) {
	return op.CreateAssignment(ctx, in.Body)
}

func (a *API) getAssignment(ctx context.Context, op *service.Op, in noInput) (wire.RoleAssignment, error) {
	return op.GetAssignment(ctx, in.ID())
}

func (a *API) updateAssignment(ctx context.Context, op *service.Op, in bodyInput[wire.RoleAssignmentUpdate]) (wire.RoleAssignment, error) {
	return op.UpdateAssignment(ctx, in.ID(), in.Body, in.IfMatch)
}

func (a *API) deleteAssignment(ctx context.Context, op *service.Op, in noInput) (wire.NoBody, error) {
	return wire.NoBody{}, op.DeleteAssignment(ctx, in.ID(), in.IfMatch)
}

// checkRoleLookalike refuses a custom role name that is, or looks like, a
// built-in role's name ("Аdmin" with a Cyrillic А, "ádmin", "user-manager"),
// saying which one; other name errors are left to the role's own checks.
func checkRoleLookalike(name string) error {
	if invalid := domain.ValidateName(name, domain.MaxPersonNameLength); invalid != nil {
		return nil //nolint:nilerr // other name errors are the role's own checks to report, with their field
	}
	if err := domain.ValidateRoleName(name); err != nil {
		return domain.Invalid("role name is reserved", domain.FieldError{Field: "name", Message: err.Error()})
	}
	return nil
}
