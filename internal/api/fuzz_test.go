package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// FuzzCreateRequests sends arbitrary bodies to every create route and the
// public accept and set-up endpoints: the answer is never a 5xx, and a
// refused request writes nothing.
func FuzzCreateRequests(f *testing.F) {
	seeds := []string{
		`{"name":"A","kind":"client","parent_id":"org_x"}`,
		`{"email":"a@example.com","first_name":"A","last_name":"B","organization_id":"org_x"}`,
		`{"organization_id":"org_x","name":"R","permissions":["users:read"]}`,
		`{"email":"a@example.com","organization_id":"org_x","role_ids":["viewer"]}`,
		`{"user_id":"u","organization_id":"o","role_id":"admin"}`, `{"enabled":null}`, `{"phone":1e999}`, `{"role_ids":[null]}`, `"\u0000"`,
		`{"name":"\ud800"}`, `{"expires_in_seconds":-9223372036854775808}`, `{"a":{"b":{"c":[[[[]]]]}}}`, `null`, `[]`, `{}{}`,
	}
	for i, s := range seeds {
		f.Add(uint8(i), s)
	}
	s := acctest.StartAPI(f)
	paths := []string{
		"/v1/organizations",
		"/v1/users",
		"/v1/roles",
		"/v1/invitations",
		"/v1/role-assignments",
		"/v1/invitations/accept",
		"/v1/account/setup",
	}
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		path := paths[int(which)%len(paths)]
		r := checkWrite(t, s, "POST", path, body, "")
		if r.Status == http.StatusCreated && !strings.HasPrefix(path, "/v1/invitations/accept") && path != "/v1/account/setup" {
			// Something valid got through; it must be readable back.
			s.Admin(t, 200, "GET", path+"/"+r.Str(t, "id"), nil)
		}
	})
}

// FuzzListQueries sends arbitrary query strings to every list: never a 5xx.
func FuzzListQueries(f *testing.F) {
	for _, q := range []string{
		"limit=0",
		"limit=-1",
		"page_token=%00",
		"status=locked&mfa_enrolled=maybe",
		"q=%25_%5C",
		"include_descendants=true&organization_id=x",
	} {
		f.Add(q)
	}
	s := acctest.StartAPI(f)
	f.Fuzz(func(t *testing.T, q string) {
		for _, p := range []string{"/v1/organizations", "/v1/users", "/v1/roles", "/v1/role-assignments", "/v1/invitations", "/v1/audit-events"} {
			req, err := http.NewRequest("GET", s.URL+p+"?"+q, nil)
			if err != nil {
				return
			}
			req.Header.Set("Authorization", "Bearer "+acctest.BootstrapToken)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			if resp.StatusCode >= 500 {
				t.Fatalf("GET %s?%s: %d", p, q, resp.StatusCode)
			}
		}
	})
}

// FuzzUpdateRequests sends arbitrary bodies and If-Match values to every
// PATCH and every lifecycle POST: never a 5xx, and a refused request writes
// nothing, not even an audit event or an e-mail.
func FuzzUpdateRequests(f *testing.F) {
	seeds := []struct {
		which         uint8
		body, ifMatch string
	}{
		{0, `{"name":"Renamed","external_id":"crm-1","enabled":false}`, ""}, {0, `{"kind":"partner"}`, ""}, {0, `{"parent_id":null}`, `"1"`},
		{
			1,
			`{"first_name":"N","phone":"+14155550123","enabled":false}`,
			"",
		}, {1, `{"email":"NEW@example.com"}`, `"999"`}, {1, `{"status":"active"}`, ""},
		{2, `{"permissions":["users:read","nope"]}`, ""}, {2, `{"description":null,"name":""}`, `*`}, {3, `{"role_ids":["viewer","admin"]}`, ""},
		{3, `{"message":"hi","expires_in_seconds":0}`, ""}, {4, ``, ""}, {5, `{}`, `"x"`}, {6, `null`, ""}, {7, `[]`, ""},
		{8, `{"name":"ci","expires_in_seconds":-1}`, ""}, {9, `{"expires_in_seconds":86400}`, `W/"1"`}, {10, `{"reason":"x"}`, ""},
		{0, `{"name":"\u0000"}`, ""}, {1, `{"phone":1e999}`, ""}, {3, `{"role_ids":[null]}`, ""}, {2, `{"a":{"b":[[[[]]]]}}`, ""},
	}
	for _, sd := range seeds {
		f.Add(sd.which, sd.body, sd.ifMatch)
	}
	s := acctest.StartAPI(f)
	org := s.Org(f, "Fuzzed Client", "client", s.RootID)
	user := s.Admin(
		f,
		201,
		"POST",
		"/v1/users",
		map[string]any{"email": "fuzzed@example.com", "first_name": "F", "last_name": "Z", "organization_id": org},
	).
		Str(f, "id")
	role := s.Admin(
		f,
		201,
		"POST",
		"/v1/roles",
		map[string]any{"organization_id": org, "name": "Fuzzed", "permissions": []string{"users:read"}},
	).
		Str(f, "id")
	inv := s.Admin(
		f,
		201,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "fuzzed-invitee@example.com", "organization_id": org, "role_ids": []string{"viewer"}},
	).
		Str(f, "id")
	routes := []struct{ method, path, object string }{
		{"PATCH", "/v1/organizations/" + org, ""}, {"PATCH", "/v1/users/" + user, ""}, {"PATCH", "/v1/roles/" + role, ""},
		{"PATCH", "/v1/invitations/" + inv, ""}, {"POST", "/v1/users/" + user + "/unlock", "/v1/users/" + user},
		{"POST", "/v1/users/" + user + "/reset-password", "/v1/users/" + user}, {"POST", "/v1/users/" + user + "/reset-mfa", "/v1/users/" + user},
		{"POST", "/v1/users/" + user + "/resend-invitation", "/v1/users/" + user}, {"POST", "/v1/users/" + user + "/tokens", ""},
		{
			"POST",
			"/v1/invitations/" + inv + "/resend",
			"/v1/invitations/" + inv,
		}, {"POST", "/v1/invitations/" + inv + "/revoke", "/v1/invitations/" + inv},
	}
	f.Fuzz(func(t *testing.T, which uint8, body, ifMatch string) {
		if strings.ContainsFunc(ifMatch, func(r rune) bool { return (r < ' ' && r != '\t') || r == 0x7f }) {
			t.Skip("not a header value an HTTP client can send")
		}
		rt := routes[int(which)%len(routes)]
		r := checkWrite(t, s, rt.method, rt.path, body, ifMatch)
		if r.Status == http.StatusOK && rt.method == "PATCH" {
			// An accepted change is what a read returns afterwards.
			if got := s.Admin(t, 200, "GET", rt.path, nil).Header.Get("ETag"); got != r.Header.Get("ETag") {
				t.Fatalf("%s %s answered version %s, a read returns %s", rt.method, rt.path, r.Header.Get("ETag"), got)
			}
		}
		if r.Status == http.StatusOK && rt.object != "" {
			s.Admin(t, 200, "GET", rt.object, nil)
		}
	})
}

// checkWrite sends one write and fails on a 5xx, on an error that is not
// problem+json, and on a refused request that changed the database.
func checkWrite(t *testing.T, s *acctest.Server, method, path, body, ifMatch string) acctest.Response {
	t.Helper()
	before := s.Snapshot(t)
	var headers []string
	if ifMatch != "" {
		headers = []string{"If-Match", ifMatch}
	}
	r := s.Do(t, acctest.BootstrapToken, method, path, body, headers...)
	if r.Status >= 500 {
		t.Fatalf("%s %s %q (If-Match %q): %d %s", method, path, body, ifMatch, r.Status, r.Body)
	}
	if r.Status >= 400 {
		if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
			t.Fatalf("%s %s %q: %d answered as %q, want application/problem+json", method, path, body, r.Status, ct)
		}
		if after := s.Snapshot(t); after != before {
			t.Fatalf("%s %s %q (If-Match %q) was refused with %d but changed the database: %s", method, path, body, ifMatch, r.Status, r.Body)
		}
	}
	return r
}

// FuzzHTMLForms posts arbitrary form bodies to the browser pages (behind the
// e-mail links, and the sign-in and account pages): never a 5xx, a refused form writes nothing, and nothing sent
// comes back unescaped.
func FuzzHTMLForms(f *testing.F) {
	s := acctest.StartAPI(f)
	org := s.Org(f, "Form Client", "client", s.RootID)
	s.Admin(
		f,
		201,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "form-invitee@example.com", "organization_id": org, "role_ids": []string{"viewer"}},
	)
	invite := s.LinkToken(f, "form-invitee@example.com")
	s.Admin(
		f,
		201,
		"POST",
		"/v1/users",
		map[string]any{"email": "form-user@example.com", "first_name": "F", "last_name": "U", "organization_id": org},
	)
	setup := s.LinkToken(f, "form-user@example.com")
	for i, body := range []string{
		"token=" + invite + "&first_name=Ann&last_name=Lee&password=correct-horse-battery", "token=" + setup + "&password=correct-horse-battery",
		"token=" + invite + "&first_name=<x-s>alert(1)</x-s>&last_name=x&password=short", "token=\"><x-b>&password=x",
		"token=x&token=y", "%zz", "password=" + strings.Repeat("a", 200), "first_name=%00&last_name=%C0", "",
		"email=nobody@example.com&password=x", "challenge=usr_x.1.y.z&totp_code=000000", "email=<x-s>&challenge=a.b&totp_code=<x-c>",
		"current_password=x&new_password=y", "token=prst_x&password=a quiet harbour at dawn",
	} {
		f.Add(uint8(i), body)
	}
	// The first two keep their seeds (which accept the invitation and finish
	// the set-up); the others are the sign-in and account pages, without a
	// session cookie here (those answer a redirect to /signin).
	paths := []string{"/invitations/accept", "/account/setup", "/signin", "/account/reset", "/account/password", "/account/mfa",
		"/account/mfa/confirm", "/signout"}
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		path := paths[int(which)%len(paths)]
		before := s.Snapshot(t)
		r := s.Do(t, "", "POST", path, body, "Content-Type", "application/x-www-form-urlencoded")
		if r.Status >= 500 {
			t.Fatalf("POST %s %q: %d %s", path, body, r.Status, r.Body)
		}
		// A refused sign-in of a real account writes on purpose: it counts toward the lock.
		if r.Status >= 400 && path != "/signin" && s.Snapshot(t) != before {
			t.Fatalf("POST %s %q was refused with %d but changed the database", path, body, r.Status)
		}
		// The pages have no <x- element: one in the answer is sent markup
		// that was not escaped.
		if strings.Contains(body, "<x-") && strings.Contains(string(r.Body), "<x-") {
			t.Fatalf("POST %s %q: the answer carries the sent markup unescaped", path, body)
		}
	})
}
