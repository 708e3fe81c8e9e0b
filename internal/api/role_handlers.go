package api

import (
	"context"
	"net/http"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
)

func (a *API) listRoles(w http.ResponseWriter, r *http.Request) {
	q := parseQuery(r, "organization_id", "name", "builtin")
	f := domain.RoleFilter{OrganizationID: q.str("organization_id"), Name: q.str("name"), Builtin: q.boolean("builtin")}
	p := q.page()
	if err := q.err(); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.read(w, r, func(ctx context.Context, op *service.Op) (any, error) {
		items, next, err := op.ListRoles(ctx, f, p)
		return newList(items, next), err
	})
}

func (a *API) createRole(w http.ResponseWriter, r *http.Request) {
	var in service.RoleCreate
	a.mutate(w, r, &in, http.StatusCreated, func(ctx context.Context, op *service.Op) (any, error) {
		if err := checkRoleLookalike(in.Name); err != nil {
			return nil, err
		}
		return op.CreateRole(ctx, in)
	})
}

func (a *API) getRole(w http.ResponseWriter, r *http.Request) {
	a.read(w, r, func(ctx context.Context, op *service.Op) (any, error) { return op.GetRole(ctx, r.PathValue("id")) })
}

func (a *API) updateRole(w http.ResponseWriter, r *http.Request) {
	var in service.RoleUpdate
	a.withIfMatch(w, r, func(v *int64) {
		a.mutate(w, r, &in, http.StatusOK, func(ctx context.Context, op *service.Op) (any, error) {
			// A name kept as it is stays accepted, so that a role named
			// before the look-alike rule can still be changed.
			if in.Name.Set {
				if cur, err := op.GetRole(ctx, r.PathValue("id")); err == nil && cur.Name != in.Name.Value {
					if err := checkRoleLookalike(in.Name.Value); err != nil {
						return nil, err
					}
				}
			}
			return op.UpdateRole(ctx, r.PathValue("id"), in, v)
		})
	})
}

func (a *API) deleteRole(w http.ResponseWriter, r *http.Request) {
	a.withIfMatch(w, r, func(v *int64) {
		a.mutate(w, r, nil, http.StatusNoContent, func(ctx context.Context, op *service.Op) (any, error) {
			return nil, op.DeleteRole(ctx, r.PathValue("id"), v)
		})
	})
}

func (a *API) listAssignments(w http.ResponseWriter, r *http.Request) {
	q := parseQuery(r, "user_id", "organization_id", "role_id", "invitation_id")
	f := domain.AssignmentFilter{UserID: q.str("user_id"), OrganizationID: q.str("organization_id"), RoleID: q.str("role_id"), InvitationID: q.str("invitation_id")}
	p := q.page()
	if err := q.err(); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.read(w, r, func(ctx context.Context, op *service.Op) (any, error) {
		items, next, err := op.ListAssignments(ctx, f, p)
		return newList(items, next), err
	})
}

func (a *API) createAssignment(w http.ResponseWriter, r *http.Request) {
	var in service.AssignmentCreate
	a.mutate(w, r, &in, http.StatusCreated, func(ctx context.Context, op *service.Op) (any, error) { return op.CreateAssignment(ctx, in) })
}

func (a *API) getAssignment(w http.ResponseWriter, r *http.Request) {
	a.read(w, r, func(ctx context.Context, op *service.Op) (any, error) {
		return op.GetAssignment(ctx, r.PathValue("id"))
	})
}

func (a *API) deleteAssignment(w http.ResponseWriter, r *http.Request) {
	a.withIfMatch(w, r, func(v *int64) {
		a.mutate(w, r, nil, http.StatusNoContent, func(ctx context.Context, op *service.Op) (any, error) {
			return nil, op.DeleteAssignment(ctx, r.PathValue("id"), v)
		})
	})
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
