package api

import (
	"context"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

func (a *API) listInvitations(
	ctx context.Context,
	op *service.Op,
	in queryInput[wire.InvitationQuery],
) (wire.List[wire.Invitation], error) {
	q := in.Query
	p, err := pageOf(q.PageQuery)
	if err != nil {
		return wire.List[wire.Invitation]{}, err
	}
	invs, next, err := op.ListInvitations(
		ctx,
		domain.InvitationFilter{OrganizationID: q.OrganizationID, Status: string(q.Status), Email: q.Email},
		p,
	)
	items := make([]wire.Invitation, len(invs))
	for i, inv := range invs {
		items[i] = inv.Invitation
	}
	return list(items, next), err
}

func (a *API) createInvitation(ctx context.Context, op *service.Op, in bodyInput[wire.InvitationCreate]) (wire.Invitation, error) {
	inv, err := op.CreateInvitation(ctx, in.Body)
	return inv.Invitation, err
}

func (a *API) getInvitation(ctx context.Context, op *service.Op, in noInput) (wire.Invitation, error) {
	inv, err := op.GetInvitation(ctx, in.ID())
	return inv.Invitation, err
}

func (a *API) updateInvitation(ctx context.Context, op *service.Op, in bodyInput[wire.InvitationUpdate]) (wire.Invitation, error) {
	inv, err := op.UpdateInvitation(ctx, in.ID(), in.Body, in.IfMatch)
	return inv.Invitation, err
}

func (a *API) deleteInvitation(ctx context.Context, op *service.Op, in noInput) (wire.NoBody, error) {
	return wire.NoBody{}, op.DeleteInvitation(ctx, in.ID(), in.IfMatch)
}

func (a *API) resendInvitation(ctx context.Context, op *service.Op, in bodyInput[wire.InvitationResend]) (wire.Invitation, error) {
	inv, err := op.ResendInvitation(ctx, in.ID(), in.Body, in.IfMatch)
	return inv.Invitation, err
}

func (a *API) revokeInvitation(ctx context.Context, op *service.Op, in noInput) (wire.Invitation, error) {
	inv, err := op.RevokeInvitation(ctx, in.ID(), in.IfMatch)
	return inv.Invitation, err
}

// acceptInvitation is public: the token in the body is the credential.
func (a *API) acceptInvitation(ctx context.Context, in bodyInput[wire.InvitationAccept]) (wire.AcceptResult, error) {
	res, _, err := a.acceptWithLink(ctx, in.Body)
	return res, err
}

// completeSetup is public: an invited user sets a password with their set-up link.
func (a *API) completeSetup(ctx context.Context, in bodyInput[wire.AccountSetup]) (wire.SetupResult, error) {
	u, err := a.setupWithLink(ctx, in.Body.Token, in.Body.Password)
	return wire.SetupResult{UserID: u.ID, Status: u.Status}, err
}
