package acctest

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// Password is the password the helpers give accounts.
const Password = "correct horse battery staple"

// SignIn posts credentials to POST /v1/sessions, as a person signing in
// would, and returns the answer whatever it is.
func (s *Server) SignIn(t testing.TB, email, password, code string) Response {
	t.Helper()
	body := map[string]any{"email": email, "password": password}
	if code != "" {
		body["totp_code"] = code
	}
	return s.Do(t, "", "POST", "/v1/sessions", body)
}

// Session signs in and returns the session's token.
func (s *Server) Session(t testing.TB, email, password, code string) string {
	t.Helper()
	r := s.SignIn(t, email, password, code)
	if r.Status != 201 {
		t.Fatalf("sign in as %s: %d %s", email, r.Status, r.Body)
	}
	return r.Str(t, "token")
}

// UserWithSession creates a user homed in org holding role there, with a
// password the user chose (set by an administrator, then changed in the
// first session, as the policy makes a person do), and a session.
func (s *Server) UserWithSession(t testing.TB, org, role, email string) (userID, session string) {
	t.Helper()
	userID, _ = s.UserWithToken(t, org, role, email)
	s.Admin(t, 200, "PATCH", "/v1/users/"+userID, map[string]any{"initial_password": "set by an administrator"})
	session = s.Session(t, email, "set by an administrator", "")
	s.Must(t, 200, session, "POST", "/v1/me/password", map[string]any{"current_password": "set by an administrator", "new_password": Password})
	return userID, session
}

// TOTPCode moves the server's clock to the next 30-second step and answers
// the code an authenticator app with secret shows then: each code a test
// asks for is fresh, as the server accepts a step's code once.
func (s *Server) TOTPCode(t testing.TB, secret string) string {
	t.Helper()
	r := s.Admin(t, 200, "POST", "/v1/dev/clock", map[string]any{"advance_seconds": domain.TOTPPeriod})
	var clock struct {
		Now time.Time `json:"now"`
	}
	if err := json.Unmarshal(r.Body, &clock); err != nil {
		t.Fatal(err)
	}
	code, err := domain.TOTPCode(secret, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// EnrollTOTP enrols an authenticator for a session's user and returns its secret.
func (s *Server) EnrollTOTP(t testing.TB, session string) string {
	t.Helper()
	secret := s.Must(t, 200, session, "POST", "/v1/me/mfa/totp", nil).Str(t, "secret")
	s.Must(t, 200, session, "POST", "/v1/me/mfa/totp/confirm", map[string]any{"code": s.TOTPCode(t, secret)})
	return secret
}

// Lock fails to sign in as email until the account locks.
func (s *Server) Lock(t testing.TB, email string) {
	t.Helper()
	for range domain.MaxFailedSignIns {
		if r := s.SignIn(t, email, "not the password at all", ""); r.Status != 401 {
			t.Fatalf("a wrong password for %s: %d %s", email, r.Status, r.Body)
		}
	}
}
