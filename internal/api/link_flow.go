package api

import (
	"context"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// The public link endpoints (JSON and HTML) share these steps: check the link
// on a read snapshot first, so a dead or forged link never costs a password
// hash nor the write lock; then do the slow password work outside any
// transaction; then write, re-checking the link inside the transaction.

func (a *API) inspectInvitationLink(ctx context.Context, token string) (service.InvitationLink, error) {
	var link service.InvitationLink
	err := a.svc.Store.Read(ctx, func(tx *store.Tx) error {
		var err error
		link, _, err = a.svc.Op(tx, service.Caller{}).InspectInvitationLink(ctx, token)
		return err
	})
	return link, err
}

func (a *API) acceptWithLink(ctx context.Context, in service.InvitationAccept) (service.AcceptResult, service.InvitationLink, error) {
	link, err := a.inspectInvitationLink(ctx, in.Token)
	if err != nil {
		return service.AcceptResult{}, link, err
	}
	var proof service.AcceptProof
	if link.Account == service.AccountExisting {
		if !service.PasswordMatches(link.AccountPasswordHash, in.Password) {
			return service.AcceptResult{}, link, service.ErrAccountPassword
		}
		proof.ConfirmedPasswordHash = link.AccountPasswordHash
	} else if proof.NewPasswordHash, err = service.HashPassword(in.Password); err != nil {
		return service.AcceptResult{}, link, err
	}
	var res service.AcceptResult
	err = a.svc.Store.Write(ctx, func(tx *store.Tx) error {
		var err error
		res, err = a.svc.Op(tx, service.Caller{}).AcceptInvitation(ctx, in, proof)
		return err
	})
	return res, link, err
}

// checkSetupLink answers why a set-up link is dead, or nil for a live one.
func (a *API) checkSetupLink(ctx context.Context, token string) error {
	return a.svc.Store.Read(ctx, func(tx *store.Tx) error {
		_, err := a.svc.Op(tx, service.Caller{}).InspectSetupLink(ctx, token)
		return err
	})
}

func (a *API) setupWithLink(ctx context.Context, token, password string) (domain.User, error) {
	if err := a.checkSetupLink(ctx, token); err != nil {
		return domain.User{}, err
	}
	hash, err := service.HashPassword(password)
	if err != nil {
		return domain.User{}, err
	}
	var u domain.User
	err = a.svc.Store.Write(ctx, func(tx *store.Tx) error {
		var err error
		u, err = a.svc.Op(tx, service.Caller{}).CompleteSetup(ctx, token, hash)
		return err
	})
	return u, err
}
