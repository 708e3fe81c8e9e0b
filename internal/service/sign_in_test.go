package service_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

func (w *world) user(id string) domain.User {
	w.t.Helper()
	return must(w, w.admin, func(ctx context.Context, op *service.Op) (domain.User, error) { return op.GetUser(ctx, id) })
}

// TestLockoutRule: failures count in a row (a success starts again), the
// MaxFailedSignIns-th locks and ends the sessions, a locked account's right
// password is refused like any other failure, and unlock clears the count.
func TestLockoutRule(t *testing.T) {
	w := newWorld(t)
	ann := w.person(w.root, "viewer", "ann@portal.test")
	signIn := func(pw string) (wire.Session, error) {
		return w.svc.SignIn(t.Context(), wire.SessionCreate{Email: "ANN@portal.test", Password: pw})
	}
	fail := func(n int) {
		for range n {
			if _, err := signIn("a wrong password"); !errors.Is(err, service.ErrInvalidCredentials) {
				t.Fatalf("a wrong password: %v", err)
			}
		}
	}
	fail(domain.MaxFailedSignIns - 1)
	session, err := signIn("a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	fail(domain.MaxFailedSignIns - 1)
	if w.user(ann.UserID).Locked {
		t.Fatal("locked by failures that a success interrupted")
	}
	fail(1)
	if u := w.user(ann.UserID); !u.Locked || u.Status != wire.UserLocked || !u.Enabled {
		t.Fatalf("after %d failures in a row: %+v", domain.MaxFailedSignIns, u.User)
	}
	if _, err := w.svc.Authenticate(t.Context(), session.Token); !errors.Is(err, service.ErrUnauthenticated) {
		t.Fatalf("the session outlived the lock: %v", err)
	}
	if _, err := signIn("a long enough password"); !errors.Is(err, service.ErrInvalidCredentials) {
		t.Fatalf("the right password on a locked account: %v", err)
	}
	must(w, w.admin, func(ctx context.Context, op *service.Op) (domain.User, error) {
		return op.UserLifecycle(ctx, ann.UserID, service.ActionUnlock, nil)
	})
	fail(domain.MaxFailedSignIns - 1) // the count started again at unlock
	if _, err := signIn("a long enough password"); err != nil {
		t.Fatalf("after unlock: %v", err)
	}
}

// TestSessionCaller: a session authenticates as a session of its user, with
// MustChangePassword while the user must change the password; only the
// routes that allow it run then.
func TestSessionCaller(t *testing.T) {
	w := newWorld(t)
	ann := w.person(w.root, "viewer", "ann@portal.test")
	must(w, w.admin, func(ctx context.Context, op *service.Op) (domain.User, error) {
		return op.UserLifecycle(ctx, ann.UserID, service.ActionResetPassword, nil)
	})
	s, err := w.svc.SignIn(t.Context(), wire.SessionCreate{Email: "ann@portal.test", Password: "a long enough password"})
	if err != nil || !s.PasswordChangeRequired || s.UserID != ann.UserID || s.ExpiresAt.Sub(w.svc.Clock.Now()) > service.SessionTTL {
		t.Fatalf("session %+v, %v", s, err)
	}
	c, err := w.svc.Authenticate(t.Context(), s.Token)
	if err != nil || !c.Session || !c.MustChangePassword || c.UserID != ann.UserID {
		t.Fatalf("caller %+v, %v", c, err)
	}
	if kindOf(service.SessionMayRun(c, false)) != domain.KindForbidden || service.SessionMayRun(c, true) != nil {
		t.Fatal("a session that must change its password runs what it may not, or not what it may")
	}
	w.svc.Clock.Advance(service.SessionTTL + time.Second)
	if _, err := w.svc.Authenticate(t.Context(), s.Token); !errors.Is(err, service.ErrUnauthenticated) {
		t.Fatalf("an expired session: %v", err)
	}
}

// TestSecretBox: a sealed secret opens for its owner with the same key only.
func TestSecretBox(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	b, err := service.NewSecretBox(key)
	if err != nil {
		t.Fatal(err)
	}
	sealed := b.Seal("usr_a", "JBSWY3DPEHPK3PXP")
	if got, err := b.Open("usr_a", sealed); err != nil || got != "JBSWY3DPEHPK3PXP" {
		t.Fatalf("open: %q %v", got, err)
	}
	if _, err := b.Open("usr_b", sealed); err == nil {
		t.Fatal("a secret copied to another account opens")
	}
	other, _ := service.NewSecretBox([]byte("another key, another deployment!"))
	if _, err := other.Open("usr_a", sealed); err == nil {
		t.Fatal("a secret opens with another key")
	}
	if _, err := service.NewSecretBox(key[:16]); err == nil {
		t.Fatal("a 16-byte key accepted")
	}
}

// TestSignInChallenge: the proof of a right password that the sign-in page
// carries to the TOTP step is worth nothing forged, for another account,
// after five minutes, or once the password changed.
func TestSignInChallenge(t *testing.T) {
	w := newWorld(t)
	ann := w.person(w.root, "viewer", "ann@portal.test")
	e := must(w, ann, func(ctx context.Context, op *service.Op) (wire.TOTPEnrollment, error) { return op.StartTOTP(ctx) })
	code := func() string {
		w.svc.Clock.Advance(domain.TOTPPeriod * time.Second)
		c, err := domain.TOTPCode(e.Secret, w.svc.Clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	must(w, ann, func(ctx context.Context, op *service.Op) (domain.User, error) {
		return op.ConfirmTOTP(ctx, wire.TOTPConfirm{Code: code()})
	})
	step := func() string {
		_, c, err := w.svc.SignInStep(t.Context(), wire.SessionCreate{Email: "ann@portal.test", Password: "a long enough password"})
		if !errors.Is(err, service.ErrMFARequired) || c == "" {
			t.Fatalf("the password step: %q %v", c, err)
		}
		return c
	}
	c := step()
	for _, forged := range []string{c + "x", "usr_x" + c[strings.Index(c, "."):], strings.Replace(c, ".", ".9", 1)} {
		if _, err := w.svc.SignInWithChallenge(t.Context(), forged, code()); !errors.Is(err, service.ErrInvalidCredentials) {
			t.Errorf("forged challenge %q: %v", forged, err)
		}
	}
	if _, err := w.svc.SignInWithChallenge(t.Context(), c, code()); err != nil {
		t.Fatalf("the challenge with a right code: %v", err)
	}
	c = step()
	w.svc.Clock.Advance(service.ChallengeTTL)
	if _, err := w.svc.SignInWithChallenge(t.Context(), c, code()); !errors.Is(err, service.ErrInvalidCredentials) {
		t.Fatalf("an expired challenge: %v", err)
	}
	c = step()
	if _, err := w.svc.ChangePassword(t.Context(), ann, wire.PasswordChange{CurrentPassword: "a long enough password",
		NewPassword: "a quiet harbour at dawn"}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.SignInWithChallenge(t.Context(), c, code()); !errors.Is(err, service.ErrInvalidCredentials) {
		t.Fatalf("a challenge of the old password: %v", err)
	}
}
