package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// TestPasswordChange: the policy's refusals name what is wrong; a change
// keeps the session that made it and ends the others.
func TestPasswordChange(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	_, session := s.UserWithSession(t, org, "viewer", "annalee@example.com")
	other := s.Session(t, "annalee@example.com", acctest.Password, "")
	for pw, want := range map[string]string{
		"too short":                  "from 12 to 128 characters",
		"password1234":               "most commonly used",
		"my annalee password":        "part before the @",
		acctest.Password:             "must differ from the current password",
		strings.Repeat("long ", 20):  "72 bytes",
		"annalee@example.com please": "e-mail address",
	} {
		r := s.Must(t, 400, session, "POST", "/v1/me/password", map[string]any{"current_password": acctest.Password, "new_password": pw})
		if !strings.Contains(string(r.Body), `"new_password"`) || !strings.Contains(string(r.Body), want) {
			t.Errorf("new password %q: %s, want new_password: %s", pw, r.Body, want)
		}
	}
	s.Must(t, 200, session, "POST", "/v1/me/password", map[string]any{"current_password": acctest.Password,
		"new_password": "a quiet harbour at dawn"})
	s.Must(t, 200, session, "GET", "/v1/me", nil)
	s.Must(t, 401, other, "GET", "/v1/me", nil)
	s.Must(t, 401, "", "POST", "/v1/sessions", map[string]any{"email": "annalee@example.com", "password": acctest.Password})
	s.Session(t, "annalee@example.com", "a quiet harbour at dawn", "")
}

// TestForcePasswordChange: after reset-password the next session may only
// change the password (and read /v1/me, and sign out), and the person was
// mailed a single-use link that sets one without the old password.
func TestForcePasswordChange(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	id, before := s.UserWithSession(t, org, "user_manager", "ann@example.com")
	mails := s.MailCount(t, "ann@example.com")
	s.Admin(t, 200, "POST", "/v1/users/"+id+"/reset-password", nil)
	if s.MailCount(t, "ann@example.com") != mails+1 {
		t.Fatal("no link mailed")
	}
	link := s.LinkToken(t, "ann@example.com")
	if !strings.HasPrefix(link, "prst_") {
		t.Fatalf("the mailed link's token %q is not a reset link's", link)
	}
	for _, session := range []string{before, s.Session(t, "ann@example.com", acctest.Password, "")} {
		r := s.Must(t, 403, session, "GET", "/v1/users", nil)
		if r.Str(t, "code") != "password_change_required" || !strings.Contains(r.Str(t, "detail"), "/v1/me/password") {
			t.Fatalf("a session that must change its password lists users: %s", r.Body)
		}
		s.Must(t, 200, session, "GET", "/v1/me", nil)
	}
	r := s.Must(t, 201, "", "POST", "/v1/sessions", map[string]any{"email": "ann@example.com", "password": acctest.Password})
	if r.JSON(t)["password_change_required"] != true {
		t.Fatalf("the session does not say it must change the password: %s", r.Body)
	}
	session := r.Str(t, "token")
	s.Must(t, 200, session, "POST", "/v1/me/password", map[string]any{"current_password": acctest.Password,
		"new_password": "a quiet harbour at dawn"})
	s.Must(t, 200, session, "GET", "/v1/users", nil)
	if u := s.Admin(t, 200, "GET", "/v1/users/"+id, nil).JSON(t); u["password_change_required"] != false {
		t.Fatalf("after the change: %v", u)
	}
	// A new password makes the mailed link worthless; a new reset mails
	// another, which sets a password without the old one, once, and ends
	// every session.
	s.Must(t, 410, "", "POST", "/v1/password-resets/complete", map[string]any{"token": link, "password": "a third new password"})
	s.Admin(t, 200, "POST", "/v1/users/"+id+"/reset-password", nil)
	link = s.LinkToken(t, "ann@example.com")
	s.Must(t, 200, "", "POST", "/v1/password-resets/complete", map[string]any{"token": link, "password": "a third new password"})
	s.Must(t, 410, "", "POST", "/v1/password-resets/complete", map[string]any{"token": link, "password": "a fourth new password"})
	s.Must(t, 401, session, "GET", "/v1/me", nil)
	r = s.Must(t, 201, "", "POST", "/v1/sessions", map[string]any{"email": "ann@example.com", "password": "a third new password"})
	if r.JSON(t)["password_change_required"] != false {
		t.Fatalf("a password the person chose through the link must be changed again: %s", r.Body)
	}
}

// TestPasswordResetRequest: the answer is the same for every address and
// says nothing; an account that can sign in gets a link that works once,
// for an hour; an account never set up gets a new set-up link; one address
// gets one link a minute.
func TestPasswordResetRequest(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	s.UserWithSession(t, org, "viewer", "ann@example.com")
	s.Admin(t, 201, "POST", "/v1/users", map[string]any{"email": "invited@example.com", "first_name": "I", "last_name": "N",
		"organization_id": org})
	want := ""
	for _, addr := range []string{"nobody@example.com", "ann@example.com", "invited@example.com", "not an address"} {
		r := s.Do(t, "", "POST", "/v1/password-resets", map[string]any{"email": addr})
		if r.Status != http.StatusAccepted {
			t.Fatalf("%s: %d %s", addr, r.Status, r.Body)
		}
		if want == "" {
			want = problemOf(t, r)
		} else if got := problemOf(t, r); got != want {
			t.Errorf("%s answers %s, an unknown address %s", addr, got, want)
		}
	}
	ann := awaitLink(t, s, "ann@example.com", "prst_", 1)
	if invited := awaitLink(t, s, "invited@example.com", "pset_", 2); invited == "" {
		t.Fatal("no set-up link for the invited account")
	}
	if s.MailCount(t, "nobody@example.com") != 0 {
		t.Fatal("mail to an address without an account")
	}
	s.Must(t, 202, "", "POST", "/v1/password-resets", map[string]any{"email": "ann@example.com"})
	time.Sleep(200 * time.Millisecond) // the request is handled in the background: give it time to (not) send
	if n := s.MailCount(t, "ann@example.com"); n != 1 {
		t.Fatalf("a second request within a minute mailed again: %d mails", n)
	}
	s.Must(t, 400, "", "POST", "/v1/password-resets/complete", map[string]any{"token": ann, "password": "password1234"})
	s.Admin(t, 200, "POST", "/v1/dev/clock", map[string]any{"advance_seconds": 3601})
	r := s.Must(t, 410, "", "POST", "/v1/password-resets/complete", map[string]any{"token": ann, "password": "a quiet harbour"})
	if !strings.Contains(
		r.Str(t, "detail"),
		"expired",
	) {
		t.Fatalf("an expired link: %s", r.Body)
	}
	s.Must(t, 202, "", "POST", "/v1/password-resets", map[string]any{"email": "ANN@example.com"})
	fresh := awaitLink(t, s, "ann@example.com", "prst_", 2)
	s.Must(t, 200, "", "POST", "/v1/password-resets/complete", map[string]any{"token": fresh, "password": "a quiet harbour"})
	s.Session(t, "ann@example.com", "a quiet harbour", "")
}

// awaitLink waits for the n-th mail to addr, handled in the background, and
// answers its link's token, which must start with prefix.
func awaitLink(t *testing.T, s *acctest.Server, addr, prefix string, n int) string {
	t.Helper()
	for range 100 {
		if s.MailCount(t, addr) >= n {
			token := s.LinkToken(t, addr)
			if !strings.HasPrefix(token, prefix) {
				t.Fatalf("the link mailed to %s carries %q, want a %s token", addr, token, prefix)
			}
			return token
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no mail %d to %s", n, addr)
	return ""
}

// TestInitialPassword: an administrator can give an account a password
// instead of a set-up link; the account can sign in at once and must change
// it first; a new one ends the sessions; nobody sets their own this way.
func TestInitialPassword(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	create := func(want int, extra map[string]any) acctest.Response {
		body := map[string]any{"email": "ann@example.com", "first_name": "Ann", "last_name": "Lee", "organization_id": org}
		for k, v := range extra {
			body[k] = v
		}
		return s.Admin(t, want, "POST", "/v1/users", body)
	}
	if r := create(400, map[string]any{"initial_password": "short"}); !strings.Contains(string(r.Body), `"initial_password"`) {
		t.Fatalf("a short initial password: %s", r.Body)
	}
	create(400, map[string]any{"initial_password": "a chosen password", "send_invitation": true})
	u := create(201, map[string]any{"initial_password": "a chosen password"}).JSON(t)
	if u["status"] != "active" || u["password_change_required"] != true || u["invitation_expires_at"] != nil {
		t.Fatalf("created with a password: %v", u)
	}
	if strings.Contains(string(s.Admin(t, 200, "GET", "/v1/audit-events?limit=200", nil).Body), "a chosen password") {
		t.Fatal("the password is in the audit trail")
	}
	if s.MailCount(t, "ann@example.com") != 0 {
		t.Fatal("a set-up link was mailed to an account given a password")
	}
	id := u["id"].(string)
	session := s.Session(t, "ann@example.com", "a chosen password", "")
	s.Must(t, 403, session, "GET", "/v1/organizations", nil)
	s.Admin(t, 200, "PATCH", "/v1/users/"+id, map[string]any{"initial_password": "a second chosen password"})
	s.Must(t, 401, session, "GET", "/v1/me", nil)
	s.Session(t, "ann@example.com", "a second chosen password", "")
	s.Admin(t, 400, "PATCH", "/v1/users/"+s.AdminID, map[string]any{"initial_password": "my own new password"})
}
