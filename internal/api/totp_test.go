package api_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// TestTOTPEnrolment: start, confirm with a code, then every sign-in takes a
// code (a wrong or replayed one counts toward the lock); reset-mfa makes the
// next sign-in a password one, to enrol again.
func TestTOTPEnrolment(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	id, session := s.UserWithSession(t, org, "viewer", "ann@example.com")

	s.Must(t, 409, session, "POST", "/v1/me/mfa/totp/confirm", map[string]any{"code": "123456"})
	enrol := s.Must(t, 200, session, "POST", "/v1/me/mfa/totp", nil).JSON(t)
	secret, uri := enrol["secret"].(string), enrol["otpauth_uri"].(string)
	if !strings.HasPrefix(uri, "otpauth://totp/Portal:ann@example.com?") || !strings.Contains(uri, "secret="+secret) {
		t.Fatalf("enrolment: %v", enrol)
	}
	if r := s.Must(t, 400, session, "POST", "/v1/me/mfa/totp/confirm", map[string]any{"code": "000000"}); !strings.Contains(
		string(r.Body),
		`"code"`,
	) {
		t.Fatalf("a wrong confirmation code: %s", r.Body)
	}
	s.Must(t, 400, session, "POST", "/v1/me/mfa/totp/confirm", map[string]any{"code": "12345"}) // the document's pattern
	u := s.Must(t, 200, session, "POST", "/v1/me/mfa/totp/confirm", map[string]any{"code": s.TOTPCode(t, secret)}).JSON(t)
	if u["mfa_enrolled"] != true {
		t.Fatalf("after confirming: %v", u)
	}
	s.Must(t, 409, session, "POST", "/v1/me/mfa/totp", nil)

	if r := s.SignIn(t, "ann@example.com", acctest.Password, ""); r.Status != 401 || r.Str(t, "code") != "mfa_required" {
		t.Fatalf("the right password without a code: %d %s", r.Status, r.Body)
	}
	if r := s.SignIn(t, "ann@example.com", "a wrong password", ""); r.Str(t, "code") != "invalid_credentials" {
		t.Fatalf("a wrong password on an enrolled account asks for a code: %s", r.Body)
	}
	code := s.TOTPCode(t, secret)
	s.Session(t, "ann@example.com", acctest.Password, code)
	if r := s.SignIn(t, "ann@example.com", acctest.Password, code); r.Status != 401 {
		t.Fatalf("a code accepted twice: %d %s", r.Status, r.Body)
	}
	s.Admin(t, 200, "POST", "/v1/users/"+id+"/reset-mfa", nil)
	s.Session(t, "ann@example.com", acctest.Password, "")
	if u := s.Admin(t, 200, "GET", "/v1/users/"+id, nil).JSON(t); u["mfa_enrolled"] != false {
		t.Fatalf("after reset-mfa: %v", u)
	}
	s.Must(t, 200, session, "POST", "/v1/me/mfa/totp", nil) // enrol again
}

// TestTOTPSecretIsNotInTheDatabaseFile: the secrets, enrolled and being
// enrolled, are sealed with the server's key: the raw bytes of the database
// file and its write-ahead log never hold them.
func TestTOTPSecretIsNotInTheDatabaseFile(t *testing.T) {
	s := acctest.StartAPI(t)
	if s.DatabaseURL != "" {
		t.Skip("reads the SQLite files")
	}
	org := s.Org(t, "Acme", "client", s.RootID)
	_, session := s.UserWithSession(t, org, "viewer", "ann@example.com")
	enrolled := s.EnrollTOTP(t, session)
	_, other := s.UserWithSession(t, org, "viewer", "bob@example.com")
	pending := s.Must(t, 200, other, "POST", "/v1/me/mfa/totp", nil).Str(t, "secret")
	for _, f := range []string{s.DatabasePath(), s.DatabasePath() + "-wal"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{enrolled, pending} {
			if bytes.Contains(b, []byte(secret)) || bytes.Contains(bytes.ToLower(b), []byte(strings.ToLower(secret))) {
				t.Errorf("%s holds a TOTP secret in clear", f)
			}
		}
	}
}

// TestAttackLimitedTokenCannotTakeOverSignIn: a token an administrator
// minted for a user acts for automation; it cannot enrol the user's
// authenticator or change their password.
func TestAttackLimitedTokenCannotTakeOverSignIn(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	id, _ := s.UserWithSession(t, org, "viewer", "ann@example.com")
	minted := s.Admin(t, 201, "POST", "/v1/users/"+id+"/tokens", map[string]any{"name": "minted by the admin"}).Str(t, "token")
	s.Must(t, 403, minted, "POST", "/v1/me/mfa/totp", nil)
	s.Must(t, 403, minted, "POST", "/v1/me/password", map[string]any{"current_password": acctest.Password, "new_password": "taken over now!"})
}
