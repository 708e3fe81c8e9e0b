package service

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// SessionTTL is how long a session lasts. Sessions do not slide: a stolen
// session is worth at most this long, and using one writes nothing (a
// sliding expiry would cost a write per request or a window of minutes).
const SessionTTL = 12 * time.Hour

// MaxSessionsPerUser bounds a user's live sessions; signing in again past it
// ends the oldest.
const MaxSessionsPerUser = 10

// ErrInvalidCredentials answers every failed sign-in alike: unknown address,
// wrong password or code, an account that is disabled, locked, cut off with
// its organization, or never set up.
var ErrInvalidCredentials = &domain.Error{Kind: domain.KindUnauthenticated, Code: "invalid_credentials",
	Detail: "the e-mail address or password is wrong, or the account cannot sign in; after 5 failed attempts in a row the " +
		"account is locked until an administrator unlocks it. A forgotten password can be reset (POST /v1/password-resets)"}

// ErrMFARequired asks an enrolled account, once its password was right, for
// its TOTP code.
var ErrMFARequired = &domain.Error{Kind: domain.KindUnauthenticated, Code: "mfa_required",
	Detail: "this account signs in with a TOTP code: send the current 6-digit code of its authenticator app in totp_code"}

// errWrongCode is a TOTP code that does not match (or was used already).
var errWrongCode = &domain.Error{Kind: domain.KindUnauthenticated, Code: "mfa_required",
	Detail: "the TOTP code is wrong, expired or already used: send the current 6-digit code of the authenticator app in " +
		"totp_code; failed codes count toward the lock after 5 failed attempts"}

// signInState is what a sign-in read about an account, before the write.
type signInState struct {
	user   domain.User
	usable bool // enabled, not locked, set up, and its organizations enabled
}

// SignIn checks a person's credentials and opens a session. The password is
// compared outside any transaction (bcrypt is slow on purpose), against a
// dummy hash for an unknown address so that both cost the same; only the
// outcome is written: a failure counted (the fifth in a row locks), or a
// success with its session.
func (s *Service) SignIn(ctx context.Context, in wire.SessionCreate) (wire.Session, error) {
	session, _, err := s.SignInStep(ctx, in)
	return session, err
}

// SignInStep is SignIn that, when the password was right and an enrolled
// account's code is missing, also answers a challenge: proof of that first
// step for five minutes, so that a page can ask for the code without
// keeping the password (see SignInWithChallenge).
func (s *Service) SignInStep(ctx context.Context, in wire.SessionCreate) (wire.Session, string, error) {
	st, err := Read(ctx, s, Caller{}, func(ctx context.Context, op *Op) (signInState, error) {
		return op.signInState(ctx, strings.TrimSpace(in.Email))
	})
	if err != nil {
		return wire.Session{}, "", err
	}
	if !PasswordMatches(st.user.PasswordHash, in.Password) {
		if st.user.ID != "" && st.usable {
			return wire.Session{}, "", s.signInFailed(ctx, st.user.ID, ErrInvalidCredentials)
		}
		return wire.Session{}, "", ErrInvalidCredentials
	}
	if st.usable && st.user.MFAEnrolled && in.TOTPCode == "" {
		return wire.Session{}, s.Secrets.challenge(st.user, s.Clock.Now()), ErrMFARequired
	}
	session, err := s.secondStep(ctx, st, in.TOTPCode)
	return session, "", err
}

// SignInWithChallenge finishes a sign-in whose password a challenge proves
// (SignInStep) with the TOTP code; a wrong code counts like any failure.
func (s *Service) SignInWithChallenge(ctx context.Context, challenge, code string) (wire.Session, error) {
	st, err := Read(ctx, s, Caller{}, func(ctx context.Context, op *Op) (signInState, error) {
		id, ok := s.Secrets.challengeUser(challenge, s.Clock.Now())
		if !ok {
			return signInState{}, nil
		}
		u, err := op.tx.GetUser(ctx, id)
		if errors.Is(err, store.ErrNotFound) || (err == nil && !s.Secrets.challengeHolds(challenge, u)) {
			return signInState{}, nil
		}
		if err != nil {
			return signInState{}, err
		}
		return op.signInState(ctx, u.Email)
	})
	if err != nil {
		return wire.Session{}, err
	}
	if st.user.ID == "" {
		return wire.Session{}, ErrInvalidCredentials
	}
	return s.secondStep(ctx, st, code)
}

// secondStep checks the TOTP code of an account whose password was right
// (none for an account not enrolled) and opens the session.
func (s *Service) secondStep(ctx context.Context, st signInState, code string) (wire.Session, error) {
	if !st.usable {
		return wire.Session{}, ErrInvalidCredentials
	}
	step := int64(0)
	if st.user.MFAEnrolled {
		if code == "" {
			return wire.Session{}, ErrMFARequired
		}
		secret, err := s.Secrets.Open(st.user.ID, st.user.TOTPSecret)
		if err != nil {
			return wire.Session{}, err
		}
		var ok bool
		if step, ok = domain.MatchTOTP(secret, code, s.Clock.Now(), st.user.TOTPLastStep); !ok {
			return wire.Session{}, s.signInFailed(ctx, st.user.ID, errWrongCode)
		}
	}
	return Write(ctx, s, Caller{UserID: st.user.ID}, func(ctx context.Context, op *Op) (wire.Session, error) {
		return op.openSession(ctx, st.user, step)
	})
}

// signInState reads the account at an address and whether it may sign in.
func (o *Op) signInState(ctx context.Context, email string) (signInState, error) {
	u, err := o.tx.GetUserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		return signInState{}, nil
	}
	if err != nil {
		return signInState{}, err
	}
	st := signInState{user: u, usable: u.Enabled && !u.Locked && u.SetupCompleted && u.PasswordHash != ""}
	if st.usable {
		st.usable, err = o.tx.OrgPathEnabled(ctx, u.OrganizationID)
	}
	return st, err
}

// signInFailed counts a failed attempt on an account and answers refusal;
// the MaxFailedSignIns-th in a row locks the account and ends its sessions.
func (s *Service) signInFailed(ctx context.Context, userID string, refusal error) error {
	_, err := Write(ctx, s, Caller{}, func(ctx context.Context, op *Op) (struct{}, error) {
		return struct{}{}, op.countFailure(ctx, userID)
	})
	if err != nil {
		return err
	}
	return refusal
}

// countFailure records one failed attempt (password or code) on a person.
func (o *Op) countFailure(ctx context.Context, userID string) error {
	u, err := o.tx.GetUser(ctx, userID)
	if err != nil || u.Locked {
		return err
	}
	n := u.FailedSignIns + 1
	if n < domain.MaxFailedSignIns {
		return o.tx.SetFailedSignIns(ctx, u.ID, n)
	}
	before := u
	u.Locked, u.FailedSignIns = true, n
	if _, err := o.saveUser(ctx, "user.lock", before, u); err != nil {
		return err
	}
	return o.tx.DeleteSessionsOf(ctx, u.ID, "")
}

// openSession records a successful sign-in of u (as read before its
// password was checked) and mints its session. Anything that changed in
// between (a new password, a lock, a disabled account) refuses it.
func (o *Op) openSession(ctx context.Context, read domain.User, step int64) (wire.Session, error) {
	st, err := o.signInState(ctx, read.Email)
	if err != nil {
		return wire.Session{}, err
	}
	u := st.user
	if !st.usable || u.ID != read.ID || u.PasswordHash != read.PasswordHash || u.TOTPSecret != read.TOTPSecret ||
		(step != 0 && step <= u.TOTPLastStep) {
		return wire.Session{}, ErrInvalidCredentials
	}
	before := u
	u.FailedSignIns, u.LastLoginAt = 0, ptr(o.now)
	if step != 0 {
		u.TOTPLastStep = step
	}
	if u, err = o.saveUser(ctx, "user.sign_in", before, u); err != nil {
		return wire.Session{}, err
	}
	if err := o.tx.TrimSessions(ctx, u.ID, o.now, MaxSessionsPerUser-1); err != nil {
		return wire.Session{}, err
	}
	secret, hash := domain.NewSecret(domain.SessionTokenPrefix)
	k := domain.APIToken{
		APIToken: wire.APIToken{ID: domain.NewID("ses"), UserID: u.ID, Name: "session", Prefix: domain.SessionTokenPrefix,
			CreatedAt: o.now, ExpiresAt: ptr(o.now.Add(SessionTTL))},
		Hash:     hash,
		IssuedBy: u.ID,
		Session:  true,
	}
	if err := o.tx.InsertToken(ctx, k); err != nil {
		return wire.Session{}, written(err, "session", k.ID)
	}
	return wire.Session{Token: secret, ExpiresAt: *k.ExpiresAt, UserID: u.ID, PasswordChangeRequired: u.PasswordChangeRequired}, nil
}

// SignOut ends the caller's session. An API token is not a session: it is
// revoked through the tokens routes.
func (o *Op) SignOut(ctx context.Context) error {
	if !o.caller.Session {
		return domain.NotFound("session", "current")
	}
	if err := o.tx.DeleteSession(ctx, o.caller.UserID, o.caller.TokenID); err != nil {
		return notFound(err, "session", "current")
	}
	u, err := o.tx.GetUser(ctx, o.caller.UserID)
	if err != nil {
		return err
	}
	return o.audit(ctx, "user.sign_out", "user", u.ID, &u.OrganizationID, nil, nil)
}

// SessionMayRun reports whether a caller may run an operation: a session
// whose user must change the password may only change it, read /v1/me and
// sign out (allowed says which operation is one of those).
func SessionMayRun(c Caller, allowed bool) error {
	if c.Session && c.MustChangePassword && !allowed {
		return &domain.Error{Kind: domain.KindForbidden, Code: "password_change_required",
			Detail: "this account must choose a new password before doing anything else: POST /v1/me/password with " +
				"current_password and new_password, then continue with the same session"}
	}
	return nil
}
