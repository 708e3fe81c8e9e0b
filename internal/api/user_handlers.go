package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// userFilter is the domain's filter of a user query, with its organization.
func userFilter(q wire.UserQuery) (f domain.UserFilter, org string, descendants bool) {
	return domain.UserFilter{Status: string(q.Status), RoleID: q.RoleID, MFAEnrolled: q.MFAEnrolled, Query: q.Q, Email: q.Email},
		q.OrganizationID, q.IncludeDescendants
}

func (a *API) listUsers(ctx context.Context, op *service.Op, in queryInput[wire.UserListQuery]) (wire.List[wire.User], error) {
	p, err := pageOf(in.Query.PageQuery)
	if err != nil {
		return wire.List[wire.User]{}, err
	}
	f, org, desc := userFilter(in.Query.UserQuery)
	users, next, err := op.ListUsers(ctx, f, org, desc, p)
	items := make([]wire.User, len(users))
	for i, u := range users {
		items[i] = u.User
	}
	return list(items, next), err
}

// csvAlias answers a list of users asked for as CSV (Accept: text/csv) with
// the export of every page, as the list did before the export had an
// operation of its own: it takes the list's query, and ignores the page.
func csvAlias(e endpoint) endpoint {
	serve := e.serve
	e.serve = func(a *API, o *Operation) http.HandlerFunc {
		list := serve(a, o)
		return func(w http.ResponseWriter, r *http.Request) {
			if !strings.Contains(r.Header.Get("Accept"), "text/csv") {
				list(w, r)
				return
			}
			var q wire.UserListQuery
			if err := decodeQuery(r, &q); err != nil {
				a.writeError(w, r, err)
				return
			}
			a.exportUsers(w, r, q.UserQuery)
		}
	}
	return e
}

// serveExport is the export's own operation.
func (a *API) serveExport(w http.ResponseWriter, r *http.Request) {
	var q wire.UserQuery
	if err := decodeQuery(r, &q); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.exportUsers(w, r, q)
}

func (a *API) createUser(ctx context.Context, op *service.Op, in bodyInput[wire.UserCreate]) (wire.User, error) {
	u, err := op.CreateUser(ctx, in.Body)
	return u.User, err
}

func (a *API) getUser(ctx context.Context, op *service.Op, in noInput) (wire.User, error) {
	u, err := op.GetUser(ctx, in.ID())
	return u.User, err
}

func (a *API) updateUser(ctx context.Context, op *service.Op, in bodyInput[wire.UserUpdate]) (wire.User, error) {
	u, err := op.UpdateUser(ctx, in.ID(), in.Body, in.IfMatch)
	return u.User, err
}

func (a *API) deleteUser(ctx context.Context, op *service.Op, in noInput) (wire.NoBody, error) {
	return wire.NoBody{}, op.DeleteUser(ctx, in.ID(), in.IfMatch)
}

func (a *API) userAction(action service.UserAction) func(context.Context, *service.Op, noInput) (wire.User, error) {
	return func(ctx context.Context, op *service.Op, in noInput) (wire.User, error) {
		u, err := op.UserLifecycle(ctx, in.ID(), action, in.IfMatch)
		return u.User, err
	}
}

func (a *API) userAccess(ctx context.Context, op *service.Op, in queryInput[wire.AccessPageQuery]) (wire.UserAccess, error) {
	p, err := accessPage(in.Query)
	if err != nil {
		return wire.UserAccess{}, err
	}
	return op.UserAccess(ctx, in.ID(), p)
}

func (a *API) listTokens(ctx context.Context, op *service.Op, in noInput) (wire.List[wire.APIToken], error) {
	tokens, err := op.ListTokens(ctx, in.ID())
	return list(apiTokens(tokens), ""), err
}

func apiTokens(tokens []domain.APIToken) []wire.APIToken {
	out := make([]wire.APIToken, len(tokens))
	for i, t := range tokens {
		out[i] = t.APIToken
	}
	return out
}

func (a *API) createToken(ctx context.Context, op *service.Op, in bodyInput[wire.TokenCreate]) (wire.CreatedToken, error) {
	return op.CreateToken(ctx, in.ID(), in.Body)
}

func (a *API) deleteToken(ctx context.Context, op *service.Op, in noInput) (wire.NoBody, error) {
	return wire.NoBody{}, op.DeleteToken(ctx, in.ID(), in.PathValue("token_id"))
}

func (a *API) listPeople(ctx context.Context, op *service.Op, in queryInput[wire.PeopleQuery]) (wire.List[wire.Person], error) {
	q := in.Query
	p, err := pageOf(q.PageQuery)
	if err != nil {
		return wire.List[wire.Person]{}, err
	}
	items, next, err := op.ListPeople(ctx, service.PeopleFilter{Kind: string(q.Kind), OrganizationID: q.OrganizationID, Email: q.Email}, p)
	return list(items, next), err
}
