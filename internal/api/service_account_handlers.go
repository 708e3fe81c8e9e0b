package api

import (
	"context"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

func (a *API) listServiceAccounts(
	ctx context.Context,
	op *service.Op,
	in queryInput[wire.ServiceAccountQuery],
) (wire.List[wire.ServiceAccount], error) {
	q := in.Query
	p, err := pageOf(q.PageQuery)
	if err != nil {
		return wire.List[wire.ServiceAccount]{}, err
	}
	items, next, err := op.ListServiceAccounts(ctx, domain.ServiceAccountFilter{OrganizationID: q.OrganizationID, Name: q.Name}, p)
	return list(items, next), err
}

func (a *API) createServiceAccount(
	ctx context.Context,
	op *service.Op,
	in bodyInput[wire.ServiceAccountCreate],
) (wire.ServiceAccount, error) {
	return op.CreateServiceAccount(ctx, in.Body)
}

func (a *API) getServiceAccount(ctx context.Context, op *service.Op, in noInput) (wire.ServiceAccount, error) {
	return op.GetServiceAccount(ctx, in.ID())
}

func (a *API) updateServiceAccount(
	ctx context.Context,
	op *service.Op,
	in bodyInput[wire.ServiceAccountUpdate],
) (wire.ServiceAccount, error) {
	return op.UpdateServiceAccount(ctx, in.ID(), in.Body, in.IfMatch)
}

func (a *API) deleteServiceAccount(ctx context.Context, op *service.Op, in noInput) (wire.NoBody, error) {
	return wire.NoBody{}, op.DeleteServiceAccount(ctx, in.ID(), in.IfMatch)
}

func (a *API) listServiceAccountTokens(ctx context.Context, op *service.Op, in noInput) (wire.List[wire.APIToken], error) {
	tokens, err := op.ListServiceAccountTokens(ctx, in.ID())
	return list(apiTokens(tokens), ""), err
}

func (a *API) createServiceAccountToken(ctx context.Context, op *service.Op, in bodyInput[wire.TokenCreate]) (wire.CreatedToken, error) {
	return op.CreateServiceAccountToken(ctx, in.ID(), in.Body)
}

func (a *API) getServiceAccountToken(ctx context.Context, op *service.Op, in noInput) (wire.APIToken, error) {
	t, err := op.GetServiceAccountToken(ctx, in.ID(), in.PathValue("token_id"))
	return t.APIToken, err
}

func (a *API) deleteServiceAccountToken(ctx context.Context, op *service.Op, in noInput) (wire.NoBody, error) {
	return wire.NoBody{}, op.DeleteServiceAccountToken(ctx, in.ID(), in.PathValue("token_id"))
}
