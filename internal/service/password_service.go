package service

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// ResetLinkTTL is how long a password-reset link works.
const ResetLinkTTL = time.Hour

// maxResetsInFlight bounds the password-reset requests handled at once;
// past it a request is answered alike and dropped (see RequestPasswordReset).
const maxResetsInFlight = 8

// ChangePassword sets the caller's new password, given the current one, and
// ends the user's other sessions. A wrong current password counts as a
// failed sign-in: a stolen session cannot guess its way to the password.
func (s *Service) ChangePassword(ctx context.Context, c Caller, in wire.PasswordChange) (domain.User, error) {
	u, err := Read(ctx, s, c, func(ctx context.Context, op *Op) (domain.User, error) {
		return op.ownAccount(ctx, "change your password")
	})
	if err != nil {
		return u, err
	}
	if !PasswordMatches(u.PasswordHash, in.CurrentPassword) {
		if err := s.signInFailed(ctx, u.ID, nil); err != nil {
			return u, err
		}
		return u, domain.Invalid("the current password is wrong",
			domain.FieldError{Field: "current_password", Message: "is not this account's password; failed attempts count toward the lock"})
	}
	if in.NewPassword == in.CurrentPassword {
		return u, domain.Invalid("the new password is the current one",
			domain.FieldError{Field: "new_password", Message: "must differ from the current password"})
	}
	if err := checkPassword("new_password", in.NewPassword, u.Email); err != nil {
		return u, err
	}
	hash, err := HashPassword(in.NewPassword, u.Email)
	if err != nil {
		return u, err
	}
	return Write(ctx, s, c, func(ctx context.Context, op *Op) (domain.User, error) {
		cur, err := op.ownAccount(ctx, "change your password")
		if err != nil {
			return cur, err
		}
		if cur.PasswordHash != u.PasswordHash {
			return cur, domain.Conflict("password_changed", "the password was changed meanwhile; sign in again with the new one")
		}
		return op.setPassword(ctx, "user.password_change", cur, hash, false, c.TokenID)
	})
}

// setPassword gives u a new password hash and ends its sessions but keep's.
// mustChange makes the next session change it (a password someone else chose).
func (o *Op) setPassword(
	ctx context.Context,
	action string,
	u domain.User,
	hash string,
	mustChange bool,
	keep string,
) (domain.User, error) {
	before := u
	u.PasswordHash, u.PasswordChangeRequired = hash, mustChange
	u.ResetTokenHash, u.ResetExpiresAt = "", nil
	if !u.SetupCompleted {
		// Someone chose a password for an invited account: it is set up, and
		// its set-up link stops working.
		u.SetupCompleted, u.SetupTokenHash, u.InvitationExpiresAt = true, "", nil
	}
	u, err := o.saveUser(ctx, action, before, u)
	if err != nil {
		return u, err
	}
	return u, o.tx.DeleteSessionsOf(ctx, u.ID, keep)
}

// RequestPasswordReset answers at once, the same for every address, and
// mails in the background: a reset link to an account that can sign in, a
// fresh set-up link to one that never finished set-up, nothing otherwise.
// Answering before looking the address up is what keeps the timing from
// telling which addresses have accounts. One address gets at most one link
// a minute (and the outbox's hourly cap per address holds too); the route's
// per-source limit bounds the rest.
func (s *Service) RequestPasswordReset(ctx context.Context, in wire.PasswordResetRequest) wire.PasswordResetAccepted {
	email := strings.TrimSpace(in.Email)
	select {
	case s.resets <- struct{}{}:
		s.background.Add(1)
		go func() {
			defer s.background.Done()
			defer func() { <-s.resets }()
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
			defer cancel()
			if _, err := Write(ctx, s, Caller{}, func(ctx context.Context, op *Op) (struct{}, error) {
				return struct{}{}, op.mailReset(ctx, email)
			}); err != nil && !domain.IsKind(err, domain.KindTooSoon) {
				s.Log.WarnContext(ctx, "a password-reset request failed", "error", err.Error())
			}
		}()
	default:
		s.Log.WarnContext(ctx, "password-reset requests dropped: too many in flight", "limit", maxResetsInFlight)
	}
	return wire.PasswordResetAccepted{Detail: "If an account with this address can sign in, a link to choose a new password " +
		"was e-mailed to it; the link works for one hour, once."}
}

// mailReset mails the link a password-reset request asks for, if any.
func (o *Op) mailReset(ctx context.Context, email string) error {
	if domain.ValidateEmail(email) != nil {
		return nil //nolint:nilerr // not an address: nobody to mail, and the answer was the same anyway
	}
	u, err := o.tx.GetUserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		return nil // nobody to mail: the answer was the same anyway
	}
	if err != nil || !u.Enabled {
		return err
	}
	if err := o.checkResend(ctx, "user.password_reset_request", "user", u.ID); err != nil {
		return err
	}
	before := u
	if !u.SetupCompleted {
		token := o.issueSetup(&u)
		if u, err = o.saveUser(ctx, "user.password_reset_request", before, u); err != nil {
			return err
		}
		return o.sendSetupMail(ctx, u, token)
	}
	token := o.issueReset(&u)
	if u, err = o.saveUser(ctx, "user.password_reset_request", before, u); err != nil {
		return err
	}
	return o.sendResetMail(ctx, u, token, "You asked to reset your portal password.")
}

// issueReset gives u a fresh password-reset link; an earlier one stops working.
func (o *Op) issueReset(u *domain.User) string {
	token, hash := domain.NewSecret(domain.ResetTokenPrefix)
	u.ResetTokenHash, u.ResetExpiresAt = hash, ptr(o.now.Add(ResetLinkTTL))
	return token
}

func (o *Op) sendResetMail(ctx context.Context, u domain.User, token, why string) error {
	body := fmt.Sprintf("Hello %s,\n\n%s Choose a new password before %s with this link (it works once):\n\n%s%s%s\n\n"+
		"If you did not ask for this, you can ignore this message: your password stays as it is.\n",
		u.FirstName, why, u.ResetExpiresAt.Format(time.RFC1123), o.svc.BaseURL, ResetPath, token)
	return o.queueMail(ctx, u.Email, "Choose a new portal password", body)
}

// InspectResetLink checks a password-reset link; a dead one is a Gone error saying why.
func (o *Op) InspectResetLink(ctx context.Context, token string) (domain.User, error) {
	hash := domain.HashSecret(token)
	u, err := o.tx.GetUserByResetTokenHash(ctx, hash)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !domain.HashMatches(hash, u.ResetTokenHash)) {
		return u, domain.Gone("this password-reset link is not valid: it was already used or replaced by a newer one; " +
			"ask for a new one on the sign-in page")
	}
	if err != nil {
		return u, err
	}
	if u.ResetExpiresAt != nil && !o.now.Before(*u.ResetExpiresAt) {
		return u, domain.Gone(fmt.Sprintf("this password-reset link expired on %s; ask for a new one on the sign-in page",
			u.ResetExpiresAt.Format(time.RFC1123)))
	}
	return u, nil
}

// CompleteReset sets a new password with a reset link's token and ends
// every session of the account. The link proves the mailbox.
func (o *Op) CompleteReset(ctx context.Context, token, passwordHash string) (domain.User, error) {
	u, err := o.InspectResetLink(ctx, token)
	if err != nil {
		return u, err
	}
	u.EmailVerified = true
	return o.setPassword(ctx, "user.password_reset", u, passwordHash, false, "")
}
