package api

import (
	"context"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// The public link endpoints (JSON and HTML) share these steps: check the link
// on a read snapshot first, so a dead or forged link never costs a password
// hash nor the write lock; then do the slow password work outside any
// transaction; then write, re-checking the link inside the transaction.

func (a *API) inspectInvitationLink(ctx context.Context, token string) (service.InvitationLink, error) {
	return service.Read(ctx, a.svc, service.Caller{}, func(ctx context.Context, op *service.Op) (service.InvitationLink, error) {
		link, _, err := op.InspectInvitationLink(ctx, token)
		return link, err
	})
}

func (a *API) acceptWithLink(ctx context.Context, in wire.InvitationAccept) (wire.AcceptResult, service.InvitationLink, error) {
	link, err := a.inspectInvitationLink(ctx, in.Token)
	if err != nil {
		return wire.AcceptResult{}, link, err
	}
	var proof service.AcceptProof
	if link.Account == service.AccountExisting {
		if !service.PasswordMatches(link.AccountPasswordHash, in.Password) {
			return wire.AcceptResult{}, link, service.ErrAccountPassword
		}
		proof.ConfirmedPasswordHash = link.AccountPasswordHash
	} else if proof.NewPasswordHash, err = service.HashPassword(in.Password, link.Email); err != nil {
		return wire.AcceptResult{}, link, err
	}
	res, err := service.Write(ctx, a.svc, service.Caller{}, func(ctx context.Context, op *service.Op) (wire.AcceptResult, error) {
		return op.AcceptInvitation(ctx, in, proof)
	})
	return res, link, err
}

// checkSetupLink answers why a set-up link is dead, or nil for a live one.
func (a *API) checkSetupLink(ctx context.Context, token string) (domain.User, error) {
	return service.Read(ctx, a.svc, service.Caller{}, func(ctx context.Context, op *service.Op) (domain.User, error) {
		return op.InspectSetupLink(ctx, token)
	})
}

func (a *API) setupWithLink(ctx context.Context, token, password string) (domain.User, error) {
	return a.passwordWithLink(ctx, token, password, (*service.Op).InspectSetupLink, (*service.Op).CompleteSetup)
}

// checkResetLink answers why a password-reset link is dead, or nil for a live one.
func (a *API) checkResetLink(ctx context.Context, token string) (domain.User, error) {
	return service.Read(ctx, a.svc, service.Caller{}, func(ctx context.Context, op *service.Op) (domain.User, error) {
		return op.InspectResetLink(ctx, token)
	})
}

func (a *API) resetWithLink(ctx context.Context, token, password string) (domain.User, error) {
	return a.passwordWithLink(ctx, token, password, (*service.Op).InspectResetLink, (*service.Op).CompleteReset)
}

// passwordWithLink sets a password with a link that inspect checks and
// complete uses: the set-up and reset links share the steps.
func (a *API) passwordWithLink(
	ctx context.Context,
	token, password string,
	inspect func(*service.Op, context.Context, string) (domain.User, error),
	complete func(*service.Op, context.Context, string, string) (domain.User, error),
) (domain.User, error) {
	u, err := service.Read(ctx, a.svc, service.Caller{}, func(ctx context.Context, op *service.Op) (domain.User, error) {
		return inspect(op, ctx, token)
	})
	if err != nil {
		return u, err
	}
	hash, err := service.HashPassword(password, u.Email)
	if err != nil {
		return domain.User{}, err
	}
	return service.Write(ctx, a.svc, service.Caller{}, func(ctx context.Context, op *service.Op) (domain.User, error) {
		return complete(op, ctx, token, hash)
	})
}
