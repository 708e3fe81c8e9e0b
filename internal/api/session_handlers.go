package api

import (
	"context"

	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

func (a *API) createSession(ctx context.Context, in bodyInput[wire.SessionCreate]) (wire.Session, error) {
	return a.svc.SignIn(ctx, in.Body)
}

func (a *API) deleteCurrentSession(ctx context.Context, op *service.Op, _ noInput) (wire.NoBody, error) {
	return wire.NoBody{}, op.SignOut(ctx)
}

func (a *API) startTOTP(ctx context.Context, op *service.Op, _ noInput) (wire.TOTPEnrollment, error) {
	return op.StartTOTP(ctx)
}

func (a *API) confirmTOTP(ctx context.Context, op *service.Op, in bodyInput[wire.TOTPConfirm]) (wire.User, error) {
	u, err := op.ConfirmTOTP(ctx, in.Body)
	return u.User, err
}

func (a *API) changePassword(ctx context.Context, in bodyInput[wire.PasswordChange]) (wire.User, error) {
	u, err := a.svc.ChangePassword(ctx, callerFrom(ctx), in.Body)
	return u.User, err
}

func (a *API) requestPasswordReset(ctx context.Context, in bodyInput[wire.PasswordResetRequest]) (wire.PasswordResetAccepted, error) {
	return a.svc.RequestPasswordReset(ctx, in.Body), nil
}

func (a *API) completePasswordReset(ctx context.Context, in bodyInput[wire.PasswordResetComplete]) (wire.SetupResult, error) {
	u, err := a.resetWithLink(ctx, in.Body.Token, in.Body.Password)
	return wire.SetupResult{UserID: u.ID, Status: u.Status}, err
}
