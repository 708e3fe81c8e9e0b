package api

import (
	"context"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

func (a *API) listOrganizations(
	ctx context.Context,
	op *service.Op,
	in queryInput[wire.OrganizationQuery],
) (wire.List[wire.Organization], error) {
	q := in.Query
	p, err := pageOf(q.PageQuery)
	if err != nil {
		return wire.List[wire.Organization]{}, err
	}
	items, next, err := op.ListOrganizations(
		ctx,
		domain.OrgFilter{ParentID: q.ParentID, Kind: string(q.Kind), Name: q.Name, ExternalID: q.ExternalID},
		p,
	)
	return list(items, next), err
}

func (a *API) createOrganization(ctx context.Context, op *service.Op, in bodyInput[wire.OrganizationCreate]) (wire.Organization, error) {
	return op.CreateOrganization(ctx, in.Body)
}

func (a *API) getOrganization(ctx context.Context, op *service.Op, in noInput) (wire.Organization, error) {
	return op.GetOrganization(ctx, in.ID())
}

func (a *API) updateOrganization(ctx context.Context, op *service.Op, in bodyInput[wire.OrganizationUpdate]) (wire.Organization, error) {
	return op.UpdateOrganization(ctx, in.ID(), in.Body, in.IfMatch)
}

func (a *API) deleteOrganization(ctx context.Context, op *service.Op, in queryInput[wire.OrganizationDeleteQuery]) (wire.NoBody, error) {
	return wire.NoBody{}, op.DeleteOrganization(ctx, in.ID(), in.Query.Force, in.IfMatch)
}

func (a *API) me(ctx context.Context, op *service.Op, in queryInput[wire.AccessPageQuery]) (wire.Me, error) {
	p, err := accessPage(in.Query)
	if err != nil {
		return wire.Me{}, err
	}
	return op.Me(ctx, p)
}

func (a *API) listPermissions(context.Context, *service.Op, noInput) (wire.List[wire.Permission], error) {
	return list(domain.Catalog, ""), nil
}

func (a *API) listAudit(ctx context.Context, op *service.Op, in queryInput[wire.AuditEventQuery]) (wire.List[wire.AuditEvent], error) {
	q := in.Query
	p, err := pageOf(q.PageQuery)
	if err != nil {
		return wire.List[wire.AuditEvent]{}, err
	}
	f := domain.AuditFilter{OrganizationID: q.OrganizationID, ObjectID: q.ObjectID, Action: q.Action, ActorUserID: q.ActorUserID}
	items, next, err := op.ListAudit(ctx, f, p)
	return list(items, next), err
}
