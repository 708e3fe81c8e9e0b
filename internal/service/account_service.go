package service

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
	"golang.org/x/crypto/bcrypt"
)

// HashPassword validates and hashes a password. It is slow on purpose, so
// callers run it before opening a write transaction, and only once the link
// the password comes with has been checked (InspectInvitationLink,
// InspectSetupLink).
func HashPassword(pw string) (string, error) {
	if err := domain.ValidatePassword(pw); err != nil {
		return "", domain.Invalid("invalid password", domain.FieldError{Field: "password", Message: err.Error()})
	}
	passwordHashes.Add(1)
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.DefaultCost)
	return string(h), err
}

// PasswordMatches compares a password with an account's hash.
func PasswordMatches(hash, pw string) bool {
	return hash != "" && bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}

// InspectSetupLink checks a set-up link; a dead one is a Gone error saying why.
func (o *Op) InspectSetupLink(ctx context.Context, token string) (domain.User, error) {
	hash := domain.HashSecret(token)
	u, err := o.tx.GetUserBySetupTokenHash(ctx, hash)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !domain.HashMatches(hash, u.SetupTokenHash)) {
		return u, domain.Gone("this set-up link is not valid: it was already used or replaced by a newer one; ask an administrator to resend it")
	}
	if err != nil {
		return u, err
	}
	if u.InvitationExpiresAt != nil && !o.now.Before(*u.InvitationExpiresAt) {
		return u, domain.Gone(
			fmt.Sprintf("this set-up link expired on %s; ask an administrator to resend it", u.InvitationExpiresAt.Format(time.RFC1123)),
		)
	}
	return u, nil
}

// CompleteSetup finishes an invited user's account set-up with the link's
// token; the link proves the mailbox, so the address is verified.
func (o *Op) CompleteSetup(ctx context.Context, token, passwordHash string) (domain.User, error) {
	u, err := o.InspectSetupLink(ctx, token)
	if err != nil {
		return u, err
	}
	before := u
	u.SetupCompleted, u.EmailVerified, u.PasswordHash, u.SetupTokenHash, u.InvitationExpiresAt = true, true, passwordHash, "", nil
	u.PasswordChangeRequired = false
	return o.saveUser(ctx, "user.setup", before, u)
}

// SimulateSignIn applies a sign-in event to a user (dev mode only).
func (o *Op) SimulateSignIn(ctx context.Context, id string, ev wire.SignInEvent) (domain.User, error) {
	u, err := o.GetUser(ctx, id)
	if err != nil {
		return u, err
	}
	before := u
	n := max(ev.Count, 1)
	switch ev.Event {
	case "failed_sign_in":
		u.FailedSignIns += n
		if u.FailedSignIns >= domain.MaxFailedSignIns {
			u.Locked = true
		}
	case "sign_in":
		u.FailedSignIns, u.LastLoginAt = 0, ptr(o.now)
	case "enroll_mfa":
		u.MFAEnrolled = true
	default:
		return u, domain.Invalid(
			"unknown event",
			domain.FieldError{Field: "event", Message: `must be "failed_sign_in", "sign_in" or "enroll_mfa"`},
		)
	}
	return o.saveUser(ctx, "user."+string(ev.Event), before, u)
}
