package api

import (
	"context"
	"net/http"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
)

func (a *API) listServiceAccounts(w http.ResponseWriter, r *http.Request) {
	q := parseQuery(r, "organization_id", "name")
	f := domain.ServiceAccountFilter{OrganizationID: q.str("organization_id"), Name: q.str("name")}
	p := q.page()
	if err := q.err(); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.read(w, r, func(ctx context.Context, op *service.Op) (any, error) {
		items, next, err := op.ListServiceAccounts(ctx, f, p)
		return newList(items, next), err
	})
}

func (a *API) createServiceAccount(w http.ResponseWriter, r *http.Request) {
	var in service.ServiceAccountCreate
	a.mutate(w, r, &in, http.StatusCreated, func(ctx context.Context, op *service.Op) (any, error) {
		return op.CreateServiceAccount(ctx, in)
	})
}

func (a *API) getServiceAccount(w http.ResponseWriter, r *http.Request) {
	a.read(w, r, func(ctx context.Context, op *service.Op) (any, error) {
		return op.GetServiceAccount(ctx, r.PathValue("id"))
	})
}

func (a *API) updateServiceAccount(w http.ResponseWriter, r *http.Request) {
	var in service.ServiceAccountUpdate
	a.withIfMatch(w, r, func(v *int64) {
		a.mutate(w, r, &in, http.StatusOK, func(ctx context.Context, op *service.Op) (any, error) {
			return op.UpdateServiceAccount(ctx, r.PathValue("id"), in, v)
		})
	})
}

func (a *API) deleteServiceAccount(w http.ResponseWriter, r *http.Request) {
	a.withIfMatch(w, r, func(v *int64) {
		a.mutate(w, r, nil, http.StatusNoContent, func(ctx context.Context, op *service.Op) (any, error) {
			return nil, op.DeleteServiceAccount(ctx, r.PathValue("id"), v)
		})
	})
}

func (a *API) listServiceAccountTokens(w http.ResponseWriter, r *http.Request) {
	a.read(w, r, func(ctx context.Context, op *service.Op) (any, error) {
		items, err := op.ListServiceAccountTokens(ctx, r.PathValue("id"))
		return newList(items, ""), err
	})
}

func (a *API) createServiceAccountToken(w http.ResponseWriter, r *http.Request) {
	var in service.TokenCreate
	w.Header().Set("Cache-Control", "no-store")
	a.mutate(w, r, &in, http.StatusCreated, func(ctx context.Context, op *service.Op) (any, error) {
		return op.CreateServiceAccountToken(ctx, r.PathValue("id"), in)
	})
}

func (a *API) getServiceAccountToken(w http.ResponseWriter, r *http.Request) {
	a.read(w, r, func(ctx context.Context, op *service.Op) (any, error) {
		return op.GetServiceAccountToken(ctx, r.PathValue("id"), r.PathValue("token_id"))
	})
}

func (a *API) deleteServiceAccountToken(w http.ResponseWriter, r *http.Request) {
	a.mutate(w, r, nil, http.StatusNoContent, func(ctx context.Context, op *service.Op) (any, error) {
		return nil, op.DeleteServiceAccountToken(ctx, r.PathValue("id"), r.PathValue("token_id"))
	})
}
