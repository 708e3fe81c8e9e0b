package service

import (
	"context"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// TOTPIssuer names the portal in authenticator apps.
const TOTPIssuer = "Portal"

// ownAccount reads the caller's own account for a change only its owner may
// make with a credential of their own: a token someone else minted acts for
// automation, not for the person, and must not take over how they sign in.
func (o *Op) ownAccount(ctx context.Context, goal string) (domain.User, error) {
	u, err := o.self(ctx)
	if err != nil {
		return u, err
	}
	if o.caller.Limit != nil {
		return u, domain.Forbidden("this token was minted by someone else; " + goal + " with a session or a token of your own")
	}
	return u, nil
}

// StartTOTP begins enrolling a TOTP authenticator for the caller: a new
// secret, sealed at rest, that counts once a code confirms it. Starting
// again replaces a secret not yet confirmed.
func (o *Op) StartTOTP(ctx context.Context) (wire.TOTPEnrollment, error) {
	u, err := o.ownAccount(ctx, "enrol an authenticator")
	if err != nil {
		return wire.TOTPEnrollment{}, err
	}
	if u.MFAEnrolled {
		return wire.TOTPEnrollment{}, domain.Conflict("mfa_enrolled",
			"this account already has an authenticator enrolled; an administrator resets it (POST /v1/users/{id}/reset-mfa) "+
				"before another can be enrolled")
	}
	secret, uri, err := domain.NewTOTPKey(TOTPIssuer, u.Email)
	if err != nil {
		return wire.TOTPEnrollment{}, err
	}
	before := u
	u.TOTPPending = o.svc.Secrets.Seal(u.ID, secret)
	if _, err := o.saveUser(ctx, "user.mfa_enrolment_start", before, u); err != nil {
		return wire.TOTPEnrollment{}, err
	}
	return wire.TOTPEnrollment{Secret: secret, OTPAuthURI: uri}, nil
}

// ConfirmTOTP finishes the enrolment with a code from the authenticator:
// from then on, signing in takes a code.
func (o *Op) ConfirmTOTP(ctx context.Context, in wire.TOTPConfirm) (domain.User, error) {
	u, err := o.ownAccount(ctx, "enrol an authenticator")
	if err != nil {
		return u, err
	}
	if u.TOTPPending == "" {
		return u, domain.Conflict("no_enrolment",
			"no authenticator is being enrolled: start with POST /v1/me/mfa/totp, then confirm with a code it shows")
	}
	secret, err := o.svc.Secrets.Open(u.ID, u.TOTPPending)
	if err != nil {
		return u, err
	}
	step, ok := domain.MatchTOTP(secret, in.Code, o.now, u.TOTPLastStep)
	if !ok {
		return u, domain.Invalid("the code does not confirm the enrolment", domain.FieldError{Field: "code",
			Message: "does not match: enter the current 6-digit code the authenticator app shows for this account"})
	}
	before := u
	u.TOTPSecret, u.TOTPPending, u.TOTPLastStep, u.MFAEnrolled = u.TOTPPending, "", step, true
	return o.saveUser(ctx, "user.mfa_enrol", before, u)
}

// Self reads the caller's own account (a person), for the account page.
func (o *Op) Self(ctx context.Context) (domain.User, error) { return o.self(ctx) }
