package api

import (
	"context"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
)

// maxCSVRows bounds one export; larger portals narrow the filters.
const maxCSVRows = 100000

func (a *API) listUsers(w http.ResponseWriter, r *http.Request) {
	q := parseQuery(r, "organization_id", "include_descendants", "status", "role_id", "mfa_enrolled", "q", "email")
	f := domain.UserFilter{Status: q.enum("status", domain.UserStatuses), RoleID: q.str("role_id"), MFAEnrolled: q.boolean("mfa_enrolled"),
		Query: q.str("q"), Email: q.str("email")}
	org := q.str("organization_id")
	desc := q.boolean("include_descendants")
	p := q.page()
	if err := q.err(); err != nil {
		a.writeError(w, r, err)
		return
	}
	withDesc := desc != nil && *desc
	if strings.Contains(r.Header.Get("Accept"), "text/csv") {
		a.exportUsers(w, r, f, org, withDesc)
		return
	}
	a.read(w, r, func(ctx context.Context, op *service.Op) (any, error) {
		items, next, err := op.ListUsers(ctx, f, org, withDesc, p)
		return newList(items, next), err
	})
}

// exportUsers streams every matching user as CSV from one snapshot. Rows go
// out as they are read, so memory does not grow with the export; the header
// waits for the first row (or the end), so that a refused export is still a
// problem document.
func (a *API) exportUsers(w http.ResponseWriter, r *http.Request, f domain.UserFilter, org string, desc bool) {
	var cw *csv.Writer
	start := func() {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="users.csv"`)
		cw = csv.NewWriter(w)
		_ = cw.Write([]string{"id", "email", "first_name", "last_name", "phone", "organization_id", "enabled", "status", "locked",
			"mfa_enrolled", "password_change_required", "last_login_at", "invitation_expires_at", "created_at", "organization_name", "roles"})
	}
	err := a.svc.ExportUsers(r.Context(), callerFrom(r.Context()), f, org, desc, maxCSVRows, func(u service.ExportedUser) error {
		if cw == nil {
			start()
		}
		return cw.Write([]string{u.ID, cell(u.Email), cell(u.FirstName), cell(u.LastName), cell(deref(u.Phone)), u.OrganizationID,
			strconv.FormatBool(u.Enabled), string(u.Status), strconv.FormatBool(u.Locked), strconv.FormatBool(u.MFAEnrolled),
			strconv.FormatBool(u.PasswordChangeRequired), timeCell(u.LastLoginAt), timeCell(u.InvitationExpiresAt), u.CreatedAt.Format(time.RFC3339),
			cell(u.OrganizationName), cell(strings.Join(u.Roles, "; "))})
	})
	switch {
	case err != nil && cw == nil:
		a.writeError(w, r, err)
		return
	case err != nil:
		// Too late for a problem document: cut the body short, so that the
		// client sees a broken transfer rather than a complete-looking file.
		a.log.Warn("CSV export stopped", "error", err.Error())
		panic(http.ErrAbortHandler)
	case cw == nil:
		start()
	}
	cw.Flush()
}

// cell defuses spreadsheet formulas in user-supplied text; an E.164 phone
// number (a plus and digits) is left as it is.
func cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '@', '\t', '\r', '-':
		return "'" + s
	case '+':
		if domain.ValidatePhone(s) != nil {
			return "'" + s
		}
	}
	return s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func timeCell(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.RFC3339)
}

func (a *API) createUser(w http.ResponseWriter, r *http.Request) {
	var in service.UserCreate
	a.mutate(w, r, &in, http.StatusCreated, func(ctx context.Context, op *service.Op) (any, error) {
		return op.CreateUser(ctx, in)
	})
}

func (a *API) getUser(w http.ResponseWriter, r *http.Request) {
	a.read(w, r, func(ctx context.Context, op *service.Op) (any, error) { return op.GetUser(ctx, r.PathValue("id")) })
}

func (a *API) updateUser(w http.ResponseWriter, r *http.Request) {
	var in service.UserUpdate
	a.withIfMatch(w, r, func(v *int64) {
		a.mutate(w, r, &in, http.StatusOK, func(ctx context.Context, op *service.Op) (any, error) {
			return op.UpdateUser(ctx, r.PathValue("id"), in, v)
		})
	})
}

func (a *API) deleteUser(w http.ResponseWriter, r *http.Request) {
	a.withIfMatch(w, r, func(v *int64) {
		a.mutate(w, r, nil, http.StatusNoContent, func(ctx context.Context, op *service.Op) (any, error) {
			return nil, op.DeleteUser(ctx, r.PathValue("id"), v)
		})
	})
}

func (a *API) userAction(action service.UserAction) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a.withIfMatch(w, r, func(v *int64) {
			a.mutate(w, r, nil, http.StatusOK, func(ctx context.Context, op *service.Op) (any, error) {
				return op.UserLifecycle(ctx, r.PathValue("id"), action, v)
			})
		})
	}
}

func (a *API) userAccess(w http.ResponseWriter, r *http.Request) {
	p, err := accessPage(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.read(w, r, func(ctx context.Context, op *service.Op) (any, error) {
		return op.UserAccess(ctx, r.PathValue("id"), p)
	})
}

func (a *API) listTokens(w http.ResponseWriter, r *http.Request) {
	a.read(w, r, func(ctx context.Context, op *service.Op) (any, error) {
		items, err := op.ListTokens(ctx, r.PathValue("id"))
		return newList(items, ""), err
	})
}

func (a *API) createToken(w http.ResponseWriter, r *http.Request) {
	var in service.TokenCreate
	w.Header().Set("Cache-Control", "no-store")
	a.mutate(w, r, &in, http.StatusCreated, func(ctx context.Context, op *service.Op) (any, error) {
		return op.CreateToken(ctx, r.PathValue("id"), in)
	})
}

func (a *API) deleteToken(w http.ResponseWriter, r *http.Request) {
	a.mutate(w, r, nil, http.StatusNoContent, func(ctx context.Context, op *service.Op) (any, error) {
		return nil, op.DeleteToken(ctx, r.PathValue("id"), r.PathValue("token_id"))
	})
}

func (a *API) listPeople(w http.ResponseWriter, r *http.Request) {
	q := parseQuery(r, "kind", "organization_id", "email")
	f := service.PeopleFilter{Kind: q.enum("kind", domain.PersonKinds), OrganizationID: q.str("organization_id"), Email: q.str("email")}
	p := q.page()
	if err := q.err(); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.read(w, r, func(ctx context.Context, op *service.Op) (any, error) {
		items, next, err := op.ListPeople(ctx, f, p)
		return newList(items, next), err
	})
}
