package api_test

import (
	"net/http"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// FuzzCreateRequests sends arbitrary bodies to every create route: the answer
// is never a 5xx, and a refused request writes nothing.
func FuzzCreateRequests(f *testing.F) {
	seeds := []string{
		`{"name":"A","kind":"client","parent_id":"org_x"}`, `{"email":"a@example.com","first_name":"A","last_name":"B","organization_id":"org_x"}`,
		`{"organization_id":"org_x","name":"R","permissions":["users:read"]}`, `{"email":"a@example.com","organization_id":"org_x","role_ids":["viewer"]}`,
		`{"user_id":"u","organization_id":"o","role_id":"admin"}`, `{"enabled":null}`, `{"phone":1e999}`, `{"role_ids":[null]}`, `"\u0000"`,
		`{"name":"\ud800"}`, `{"expires_in_seconds":-9223372036854775808}`, `{"a":{"b":{"c":[[[[]]]]}}}`, `null`, `[]`, `{}{}`,
	}
	for i, s := range seeds {
		f.Add(uint8(i), s)
	}
	s := acctest.StartAPI(f)
	paths := []string{"/v1/organizations", "/v1/users", "/v1/roles", "/v1/invitations", "/v1/role-assignments", "/v1/invitations/accept", "/v1/account/setup"}
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		path := paths[int(which)%len(paths)]
		r := s.Do(t, acctest.BootstrapToken, "POST", path, body)
		if r.Status >= 500 {
			t.Fatalf("POST %s %q: %d %s", path, body, r.Status, r.Body)
		}
		if r.Status >= 400 && r.Header.Get("Content-Type") != "application/problem+json" {
			t.Fatalf("POST %s %q: %d without problem+json", path, body, r.Status)
		}
		if r.Status == http.StatusCreated {
			// Something valid got through; it must be readable back.
			s.Admin(t, 200, "GET", path+"/"+r.Str(t, "id"), nil)
		}
	})
}

// FuzzListQueries sends arbitrary query strings to every list: never a 5xx.
func FuzzListQueries(f *testing.F) {
	for _, q := range []string{"limit=0", "limit=-1", "page_token=%00", "status=locked&mfa_enrolled=maybe", "q=%25_%5C", "include_descendants=true&organization_id=x"} {
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
			resp.Body.Close()
			if resp.StatusCode >= 500 {
				t.Fatalf("GET %s?%s: %d", p, q, resp.StatusCode)
			}
		}
	})
}
