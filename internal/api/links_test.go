package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/service"
)

// TestBadLinksAreRefusedBeforeHashingAPassword: the public accept and
// set-up endpoints, JSON and HTML form alike, answer a bogus, used or
// expired link with 410 without running bcrypt, so a stream of bad links
// costs the server nothing; a live link hashes the password once.
func TestBadLinksAreRefusedBeforeHashingAPassword(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	password := strings.Repeat("pq", 64)

	s.Admin(
		t,
		201,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "used@example.com", "organization_id": org, "role_ids": []string{"viewer"}},
	)
	used := s.LinkToken(t, "used@example.com")
	s.Must(
		t,
		200,
		"",
		"POST",
		"/v1/invitations/accept",
		map[string]any{"token": used, "first_name": "U", "last_name": "V", "password": "a long enough password"},
	)
	s.Admin(
		t,
		201,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "late@example.com", "organization_id": org, "role_ids": []string{"viewer"}, "expires_in_seconds": 3600},
	)
	late := s.LinkToken(t, "late@example.com")
	s.Admin(
		t,
		201,
		"POST",
		"/v1/users",
		map[string]any{"email": "setup@example.com", "first_name": "S", "last_name": "U", "organization_id": org},
	)
	setup := s.LinkToken(t, "setup@example.com")
	s.Must(t, 200, "", "POST", "/v1/account/setup", map[string]any{"token": setup, "password": "a long enough password"})
	s.Admin(t, 200, "POST", "/v1/dev/clock", map[string]any{"advance_seconds": 3601})

	bogus := "pit_" + strings.Repeat("x", 43)
	for name, send := range map[string]func() (int, string){
		"JSON accept, bogus link": func() (int, string) {
			r := s.Do(
				t,
				"",
				"POST",
				"/v1/invitations/accept",
				map[string]any{"token": bogus, "first_name": "F", "last_name": "L", "password": password},
			)
			return r.Status, string(r.Body)
		},
		"JSON accept, used link": func() (int, string) {
			r := s.Do(
				t,
				"",
				"POST",
				"/v1/invitations/accept",
				map[string]any{"token": used, "first_name": "F", "last_name": "L", "password": password},
			)
			return r.Status, string(r.Body)
		},
		"JSON accept, expired link": func() (int, string) {
			r := s.Do(
				t,
				"",
				"POST",
				"/v1/invitations/accept",
				map[string]any{"token": late, "first_name": "F", "last_name": "L", "password": password},
			)
			return r.Status, string(r.Body)
		},
		"JSON set-up, bogus link": func() (int, string) {
			r := s.Do(t, "", "POST", "/v1/account/setup", map[string]any{"token": bogus, "password": password})
			return r.Status, string(r.Body)
		},
		"JSON set-up, used link": func() (int, string) {
			r := s.Do(t, "", "POST", "/v1/account/setup", map[string]any{"token": setup, "password": password})
			return r.Status, string(r.Body)
		},
		"form accept, bogus link": func() (int, string) {
			return postForm(
				t,
				s,
				"/invitations/accept",
				url.Values{"token": {bogus}, "first_name": {"F"}, "last_name": {"L"}, "password": {password}},
			)
		},
		"form accept, expired link": func() (int, string) {
			return postForm(
				t,
				s,
				"/invitations/accept",
				url.Values{"token": {late}, "first_name": {"F"}, "last_name": {"L"}, "password": {password}},
			)
		},
		"form set-up, bogus link": func() (int, string) {
			return postForm(t, s, "/account/setup", url.Values{"token": {bogus}, "password": {password}})
		},
	} {
		hashes := service.PasswordHashes()
		status, body := send()
		if status != http.StatusGone || !strings.Contains(body, "ask") {
			t.Errorf("%s: %d %.300s", name, status, body)
		}
		if n := service.PasswordHashes() - hashes; n != 0 {
			t.Errorf("%s: %d password(s) hashed for a bad link", name, n)
		}
	}

	// A live link hashes the password, once; one too long to hash whole is
	// a 400, not a failed hash.
	s.Admin(
		t,
		201,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "long@example.com", "organization_id": org, "role_ids": []string{"viewer"}},
	)
	r := s.Do(
		t,
		"",
		"POST",
		"/v1/invitations/accept",
		map[string]any{"token": s.LinkToken(t, "long@example.com"), "first_name": "F", "last_name": "L", "password": password},
	)
	if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), "72 bytes") {
		t.Fatalf("128-character password: %d %s", r.Status, r.Body)
	}
	s.Admin(
		t,
		201,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "good@example.com", "organization_id": org, "role_ids": []string{"viewer"}},
	)
	hashes := service.PasswordHashes()
	status, body := postForm(
		t,
		s,
		"/invitations/accept",
		url.Values{"token": {s.LinkToken(t, "good@example.com")}, "first_name": {"G"}, "last_name": {"D"}, "password": {password[:72]}},
	)
	if status != http.StatusOK || service.PasswordHashes()-hashes != 1 {
		t.Fatalf("live link: %d, %d hashes: %.300s", status, service.PasswordHashes()-hashes, body)
	}
}
