package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/service"
)

// problemOf is what a refusal tells its caller, without the request's own path.
func problemOf(t *testing.T, r acctest.Response) string {
	t.Helper()
	p := r.JSON(t)
	delete(p, "instance")
	return r.Header.Get("Content-Type") + " " + http.StatusText(r.Status) + " " + string(mustJSON(t, p))
}

// TestSignInFailuresAreAlike: an unknown address, a wrong password, and a
// disabled, locked, cut-off or never set-up account answer the very same
// 401, and each costs exactly one password comparison, so neither the answer
// nor the time it takes tells which addresses have accounts.
func TestSignInFailuresAreAlike(t *testing.T) {
	s := acctest.StartAPI(t)
	client := s.Org(t, "Acme", "client", s.RootID)
	cut := s.Org(t, "Cut Off", "client", s.RootID)
	accounts := map[string]string{}
	for _, who := range []string{"active", "disabled", "locked", "cutoff"} {
		org := client
		if who == "cutoff" {
			org = cut
		}
		accounts[who], _ = s.UserWithSession(t, org, "viewer", who+"@example.com")
	}
	s.Admin(t, 201, "POST", "/v1/users", map[string]any{"email": "invited@example.com", "first_name": "I", "last_name": "N",
		"organization_id": client})
	s.Admin(t, 200, "PATCH", "/v1/users/"+accounts["disabled"], map[string]any{"enabled": false})
	s.Admin(t, 200, "PATCH", "/v1/organizations/"+cut, map[string]any{"enabled": false})
	s.Lock(t, "locked@example.com")

	want := ""
	for _, c := range []struct{ what, email, password string }{
		{"unknown address", "nobody@example.com", acctest.Password},
		{"wrong password", "active@example.com", "not the right password"},
		{"disabled account", "disabled@example.com", acctest.Password},
		{"locked account", "locked@example.com", acctest.Password},
		{"organization disabled", "cutoff@example.com", acctest.Password},
		{"never set up", "invited@example.com", acctest.Password},
	} {
		checks := service.PasswordChecks()
		r := s.SignIn(t, c.email, c.password, "")
		if got := service.PasswordChecks() - checks; got != 1 {
			t.Errorf("%s: %d password comparisons, want 1 like every other sign-in", c.what, got)
		}
		got := problemOf(t, r)
		if r.Status != http.StatusUnauthorized || r.Str(t, "code") != "invalid_credentials" {
			t.Errorf("%s: %d %s, want 401 invalid_credentials", c.what, r.Status, r.Body)
		}
		if want == "" {
			want = got
		} else if got != want {
			t.Errorf("%s answers\n%s\nbut an unknown address answers\n%s", c.what, got, want)
		}
	}
	s.Session(t, "active@example.com", acctest.Password, "")
}

// TestSessionActsAsItsUser: a session has its user's access and no more,
// records last_login_at, and signing out ends it; an API token is no session.
func TestSessionActsAsItsUser(t *testing.T) {
	s := acctest.StartAPI(t)
	a := s.Org(t, "Client A", "client", s.RootID)
	b := s.Org(t, "Client B", "client", s.RootID)
	id, session := s.UserWithSession(t, a, "admin", "ann@example.com")
	other, otherToken := s.UserWithToken(t, b, "viewer", "bob@example.com")

	me := s.Must(t, 200, session, "GET", "/v1/me", nil).JSON(t)
	if me["user"].(map[string]any)["id"] != id {
		t.Fatalf("/v1/me of the session: %v", me)
	}
	s.Must(t, 404, session, "GET", "/v1/users/"+other, nil)
	s.Must(t, 404, session, "GET", "/v1/organizations/"+b, nil)
	s.Must(t, 201, session, "POST", "/v1/users", map[string]any{"email": "new@example.com", "first_name": "N", "last_name": "U",
		"organization_id": a})
	if u := s.Admin(t, 200, "GET", "/v1/users/"+id, nil).JSON(t); u["last_login_at"] == nil || u["status"] != "active" {
		t.Fatalf("after signing in: %v", u)
	}
	s.Must(t, 404, otherToken, "DELETE", "/v1/sessions/current", nil)
	s.Must(t, 204, session, "DELETE", "/v1/sessions/current", nil)
	s.Must(t, 401, session, "GET", "/v1/me", nil)
}

// TestSessionCannotMintForOthers: a session is a person at a browser; it
// mints its own API tokens but no credential for anyone else.
func TestSessionCannotMintForOthers(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	id, session := s.UserWithSession(t, org, "admin", "ann@example.com")
	other, _ := s.UserWithToken(t, org, "viewer", "bob@example.com")
	sa := s.Admin(t, 201, "POST", "/v1/service-accounts", map[string]any{"organization_id": org, "name": "CI"}).Str(t, "id")
	s.Must(t, 201, session, "POST", "/v1/users/"+id+"/tokens", map[string]any{"name": "mine"})
	for _, path := range []string{"/v1/users/" + other + "/tokens", "/v1/service-accounts/" + sa + "/tokens"} {
		if r := s.Must(t, 403, session, "POST", path, map[string]any{"name": "stolen"}); !strings.Contains(r.Str(t, "detail"), "session") {
			t.Errorf("POST %s: %s", path, r.Body)
		}
	}
}

// TestSessionsEndWithTheirAccount: disabling the user or the organization,
// deleting the user, and an administrator setting a password end the
// user's sessions on the very next request.
func TestSessionsEndWithTheirAccount(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	steps := []struct {
		what string
		end  func(user string)
		back func(user string)
	}{
		{"user disabled", func(u string) { s.Admin(t, 200, "PATCH", "/v1/users/"+u, map[string]any{"enabled": false}) },
			func(u string) { s.Admin(t, 200, "PATCH", "/v1/users/"+u, map[string]any{"enabled": true}) }},
		{"organization disabled", func(string) { s.Admin(t, 200, "PATCH", "/v1/organizations/"+org, map[string]any{"enabled": false}) },
			func(string) { s.Admin(t, 200, "PATCH", "/v1/organizations/"+org, map[string]any{"enabled": true}) }},
		{"password set", func(u string) {
			s.Admin(t, 200, "PATCH", "/v1/users/"+u, map[string]any{"initial_password": "another chosen password"})
		}, nil},
		{"user deleted", func(u string) { s.Admin(t, 204, "DELETE", "/v1/users/"+u, nil) }, nil},
	}
	for i, st := range steps {
		email := "p" + string(rune('a'+i)) + "@example.com"
		user, session := s.UserWithSession(t, org, "viewer", email)
		s.Must(t, 200, session, "GET", "/v1/me", nil)
		st.end(user)
		if r := s.Do(t, session, "GET", "/v1/me", nil); r.Status != 401 {
			t.Errorf("%s: the session still works: %d", st.what, r.Status)
		}
		if st.back != nil {
			st.back(user)
			if r := s.Do(t, session, "GET", "/v1/me", nil); r.Status != 401 {
				t.Errorf("%s and restored: the session works again: %d", st.what, r.Status)
			}
			s.Session(t, email, acctest.Password, "")
		}
	}
}

// TestAttackSignInIsThrottledPerSource: guessing passwords across many
// accounts (where the per-account lock never trips) runs into the per-source
// limit of the public endpoints, on sign-in and on reset requests alike.
func TestAttackSignInIsThrottledPerSource(t *testing.T) {
	s := acctest.StartAPI(t, acctest.Options{PublicRate: 0.01, PublicBurst: 3})
	for _, c := range []struct{ path, field string }{{"/v1/sessions", "password"}, {"/v1/password-resets", ""}} {
		statuses := []int{}
		for i := range 5 {
			body := map[string]any{"email": "victim" + string(rune('a'+i)) + "@example.com"}
			if c.field != "" {
				body[c.field] = "a guessed password"
			}
			statuses = append(statuses, s.Do(t, "", "POST", c.path, body).Status)
		}
		if statuses[3] != http.StatusTooManyRequests || statuses[4] != http.StatusTooManyRequests {
			t.Errorf("POST %s from one source, 5 times with a burst of 3: %v", c.path, statuses)
		}
	}
}

// TestSessionExpires: a session ends twelve hours after sign-in, however
// much it was used (sessions do not slide).
func TestSessionExpires(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	_, session := s.UserWithSession(t, org, "viewer", "ann@example.com")
	s.Admin(t, 200, "POST", "/v1/dev/clock", map[string]any{"advance_seconds": 11*3600 + 3500})
	s.Must(t, 200, session, "GET", "/v1/me", nil)
	s.Admin(t, 200, "POST", "/v1/dev/clock", map[string]any{"advance_seconds": 101})
	s.Must(t, 401, session, "GET", "/v1/me", nil)
}
