package api_test

import (
	"strings"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// TestLockoutAfterFiveFailures: a success resets the count; five failures
// in a row lock the account (audited, sessions ended, still enabled); unlock
// lets the person in again.
func TestLockoutAfterFiveFailures(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	id, session := s.UserWithSession(t, org, "viewer", "ann@example.com")
	version := s.Admin(t, 200, "GET", "/v1/users/"+id, nil).JSON(t)["version"]
	for range 4 {
		s.Must(t, 401, "", "POST", "/v1/sessions", map[string]any{"email": "ann@example.com", "password": "wrong password here"})
	}
	if v := s.Admin(t, 200, "GET", "/v1/users/"+id, nil).JSON(t)["version"]; v != version {
		t.Errorf("failed sign-ins changed the user's version %v → %v: an administrator's next write would be a 412", version, v)
	}
	s.Session(t, "ann@example.com", acctest.Password, "") // resets the count
	for range 4 {
		s.Must(t, 401, "", "POST", "/v1/sessions", map[string]any{"email": "ann@example.com", "password": "wrong password here"})
	}
	if u := s.Admin(t, 200, "GET", "/v1/users/"+id, nil).JSON(t); u["locked"] != false {
		t.Fatalf("locked after 4 failures following a success: %v", u)
	}
	s.Must(t, 401, "", "POST", "/v1/sessions", map[string]any{"email": "ann@example.com", "password": "wrong password here"})
	u := s.Admin(t, 200, "GET", "/v1/users/"+id, nil).JSON(t)
	if u["locked"] != true || u["status"] != "locked" || u["enabled"] != true {
		t.Fatalf("after 5 failures in a row: %v", u)
	}
	if r := s.Admin(t, 200, "GET", "/v1/audit-events?limit=200", nil); !strings.Contains(string(r.Body), `"user.lock"`) {
		t.Error("no user.lock audit event")
	}
	s.Must(t, 401, session, "GET", "/v1/me", nil)
	if r := s.SignIn(t, "ann@example.com", acctest.Password, ""); r.Str(t, "code") != "invalid_credentials" {
		t.Fatalf("the right password on a locked account: %s", r.Body)
	}
	s.Admin(t, 200, "POST", "/v1/users/"+id+"/unlock", nil)
	s.Session(t, "ann@example.com", acctest.Password, "")
}

// TestAttackWrongCurrentPasswordCountsTowardLock: a stolen session cannot
// guess the password through the password-change route: its failures
// count, and the lock they reach ends the stolen session.
func TestAttackWrongCurrentPasswordCountsTowardLock(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	id, stolen := s.UserWithSession(t, org, "viewer", "ann@example.com")
	for i := range 5 {
		r := s.Must(t, 400, stolen, "POST", "/v1/me/password", map[string]any{"current_password": "guess number " + string(rune('a'+i)),
			"new_password": "the attacker's password"})
		if !strings.Contains(string(r.Body), "current_password") {
			t.Fatalf("a wrong current password: %s", r.Body)
		}
	}
	if u := s.Admin(t, 200, "GET", "/v1/users/"+id, nil).JSON(t); u["locked"] != true {
		t.Fatalf("5 wrong current passwords did not lock: %v", u)
	}
	s.Must(t, 401, stolen, "GET", "/v1/me", nil)
}
