package api

import (
	"context"
	"net/http"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
)

func (a *API) listOrganizations(w http.ResponseWriter, r *http.Request) {
	q := parseQuery(r, "parent_id", "kind", "name", "external_id")
	f := domain.OrgFilter{ParentID: q.str("parent_id"), Kind: q.enum("kind", []string{"partner", "client"}), Name: q.str("name"), ExternalID: q.str("external_id")}
	p := q.page()
	if err := q.err(); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.read(w, r, func(ctx context.Context, op *service.Op) (any, error) {
		items, next, err := op.ListOrganizations(ctx, f, p)
		return newList(items, next), err
	})
}

func (a *API) createOrganization(w http.ResponseWriter, r *http.Request) {
	var in service.OrgCreate
	a.mutate(w, r, &in, http.StatusCreated, func(ctx context.Context, op *service.Op) (any, error) {
		return op.CreateOrganization(ctx, in)
	})
}

func (a *API) getOrganization(w http.ResponseWriter, r *http.Request) {
	a.read(w, r, func(ctx context.Context, op *service.Op) (any, error) {
		return op.GetOrganization(ctx, r.PathValue("id"))
	})
}

func (a *API) updateOrganization(w http.ResponseWriter, r *http.Request) {
	var in service.OrgUpdate
	a.withIfMatch(w, r, func(v *int64) {
		a.mutate(w, r, &in, http.StatusOK, func(ctx context.Context, op *service.Op) (any, error) {
			return op.UpdateOrganization(ctx, r.PathValue("id"), in, v)
		})
	})
}

func (a *API) deleteOrganization(w http.ResponseWriter, r *http.Request) {
	q := parseQuery(r, "force")
	force := q.boolean("force")
	if err := q.err(); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.withIfMatch(w, r, func(v *int64) {
		a.mutate(w, r, nil, http.StatusNoContent, func(ctx context.Context, op *service.Op) (any, error) {
			return nil, op.DeleteOrganization(ctx, r.PathValue("id"), force != nil && *force, v)
		})
	})
}

func (a *API) me(w http.ResponseWriter, r *http.Request) {
	p, err := accessPage(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.read(w, r, func(ctx context.Context, op *service.Op) (any, error) { return op.Me(ctx, p) })
}

func (a *API) listPermissions(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, newList(domain.Catalog, ""))
}

func (a *API) listAudit(w http.ResponseWriter, r *http.Request) {
	q := parseQuery(r, "organization_id", "object_id", "action", "actor_user_id")
	f := domain.AuditFilter{OrganizationID: q.str("organization_id"), ObjectID: q.str("object_id"), Action: q.str("action"), ActorUserID: q.str("actor_user_id")}
	p := q.page()
	if err := q.err(); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.read(w, r, func(ctx context.Context, op *service.Op) (any, error) {
		items, next, err := op.ListAudit(ctx, f, p)
		return newList(items, next), err
	})
}

// accessPage reads the page of an access listing (/v1/me, a user's access):
// a full page unless a smaller limit is asked for.
func accessPage(r *http.Request) (domain.Page, error) {
	q := parseQuery(r)
	p := q.page()
	if q.str("limit") == "" {
		p.Limit = domain.MaxPageSize
	}
	return p, q.err()
}
