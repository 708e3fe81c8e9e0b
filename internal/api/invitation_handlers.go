package api

import (
	"context"
	"net/http"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
)

func (a *API) listInvitations(w http.ResponseWriter, r *http.Request) {
	q := parseQuery(r, "organization_id", "status", "email")
	f := domain.InvitationFilter{OrganizationID: q.str("organization_id"), Status: q.enum("status", domain.InvitationStatuses), Email: q.str("email")}
	p := q.page()
	if err := q.err(); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.read(w, r, func(ctx context.Context, op *service.Op) (any, error) {
		items, next, err := op.ListInvitations(ctx, f, p)
		return newList(items, next), err
	})
}

func (a *API) createInvitation(w http.ResponseWriter, r *http.Request) {
	var in service.InvitationCreate
	a.mutate(w, r, &in, http.StatusCreated, func(ctx context.Context, op *service.Op) (any, error) { return op.CreateInvitation(ctx, in) })
}

func (a *API) getInvitation(w http.ResponseWriter, r *http.Request) {
	a.read(w, r, func(ctx context.Context, op *service.Op) (any, error) {
		return op.GetInvitation(ctx, r.PathValue("id"))
	})
}

func (a *API) updateInvitation(w http.ResponseWriter, r *http.Request) {
	var in service.InvitationUpdate
	a.withIfMatch(w, r, func(v *int64) {
		a.mutate(w, r, &in, http.StatusOK, func(ctx context.Context, op *service.Op) (any, error) {
			return op.UpdateInvitation(ctx, r.PathValue("id"), in, v)
		})
	})
}

func (a *API) deleteInvitation(w http.ResponseWriter, r *http.Request) {
	a.withIfMatch(w, r, func(v *int64) {
		a.mutate(w, r, nil, http.StatusNoContent, func(ctx context.Context, op *service.Op) (any, error) {
			return nil, op.DeleteInvitation(ctx, r.PathValue("id"), v)
		})
	})
}

func (a *API) resendInvitation(w http.ResponseWriter, r *http.Request) {
	a.withIfMatch(w, r, func(v *int64) {
		body, err := readBody(r)
		if err != nil {
			a.writeError(w, r, err)
			return
		}
		var in service.InvitationResend
		if len(body) > 0 {
			if err := DecodeStrict(body, &in); err != nil {
				a.writeError(w, r, err)
				return
			}
		}
		r.Body = http.NoBody
		a.mutate(w, r, nil, http.StatusOK, func(ctx context.Context, op *service.Op) (any, error) {
			return op.ResendInvitation(ctx, r.PathValue("id"), in, v)
		})
	})
}

func (a *API) revokeInvitation(w http.ResponseWriter, r *http.Request) {
	a.withIfMatch(w, r, func(v *int64) {
		a.mutate(w, r, nil, http.StatusOK, func(ctx context.Context, op *service.Op) (any, error) {
			return op.RevokeInvitation(ctx, r.PathValue("id"), v)
		})
	})
}

// acceptInvitation is public: the token in the body is the credential.
func (a *API) acceptInvitation(w http.ResponseWriter, r *http.Request) {
	var in service.InvitationAccept
	body, err := readBody(r)
	if err == nil {
		err = DecodeStrict(body, &in)
	}
	if err == nil {
		in.NormalizeNames()
	}
	var res service.AcceptResult
	if err == nil {
		res, _, err = a.acceptWithLink(r.Context(), in)
	}
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// completeSetup is public: an invited user sets a password with their set-up link.
func (a *API) completeSetup(w http.ResponseWriter, r *http.Request) {
	var in service.AccountSetup
	body, err := readBody(r)
	if err == nil {
		err = DecodeStrict(body, &in)
	}
	var u domain.User
	if err == nil {
		u, err = a.setupWithLink(r.Context(), in.Token, in.Password)
	}
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"user_id": u.ID, "status": string(u.Status)})
}
