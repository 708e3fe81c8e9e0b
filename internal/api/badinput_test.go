package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// TestBadInputIsAClearProblemAndWritesNothing sends malformed requests and
// checks each answer is a 4xx problem+json that names what is wrong.
func TestBadInputIsAClearProblemAndWritesNothing(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	user := s.Admin(
		t,
		201,
		"POST",
		"/v1/users",
		map[string]any{"email": "taken@example.com", "first_name": "T", "last_name": "U", "organization_id": org},
	).
		Str(t, "id")
	before := snapshot(t, s)
	okUser := func(extra string) string {
		return fmt.Sprintf(`{"email":"new@example.com","first_name":"N","last_name":"U","organization_id":%q%s}`, org, extra)
	}
	cases := []struct {
		name, method, path, body string
		status                   int
		mention                  string
	}{
		{"malformed JSON", "POST", "/v1/users", `{"email": `, 400, "truncated"},
		{"not JSON", "POST", "/v1/users", `email=a`, 400, "not valid JSON"},
		{"array body", "POST", "/v1/users", `[1]`, 400, "JSON object"},
		{"empty body", "POST", "/v1/users", ``, 400, "empty"},
		{"trailing data", "POST", "/v1/users", okUser("") + `{}`, 400, "after the JSON object"},
		{"unknown field", "POST", "/v1/users", okUser(`,"nickname":"x"`), 400, "nickname"},
		{"read-only field", "POST", "/v1/users", okUser(`,"status":"active"`), 400, "status"},
		{"wrong type", "POST", "/v1/users", okUser(`,"enabled":"yes"`), 400, "enabled"},
		{"bad e-mail", "POST", "/v1/users", strings.Replace(okUser(""), "new@example.com", "not-an-address", 1), 400, "e-mail"},
		{"bad phone", "POST", "/v1/users", okUser(`,"phone":"555-0100"`), 400, "+14155550123"},
		{"duplicate e-mail, other case", "POST", "/v1/users", strings.Replace(okUser(""), "new@example.com", "TAKEN@example.com", 1), 409, user},
		{
			"unknown role",
			"POST",
			"/v1/role-assignments",
			fmt.Sprintf(`{"user_id":%q,"organization_id":%q,"role_id":"superuser"}`, user, org),
			400,
			"superuser",
		},
		{
			"unknown permission",
			"POST",
			"/v1/roles",
			fmt.Sprintf(`{"organization_id":%q,"name":"R","permissions":["users:wrte"]}`, org),
			400,
			"users:write",
		},
		{"bad kind", "POST", "/v1/organizations", fmt.Sprintf(`{"name":"X","kind":"customer","parent_id":%q}`, s.RootID), 400, "partner"},
		{"client as parent", "POST", "/v1/organizations", fmt.Sprintf(`{"name":"X","kind":"client","parent_id":%q}`, org), 400, "client"},
		{
			"invitation without roles",
			"POST",
			"/v1/invitations",
			fmt.Sprintf(`{"email":"x@example.com","organization_id":%q,"role_ids":[]}`, org),
			400,
			"role_ids",
		},
		{
			"invitation lifetime",
			"POST",
			"/v1/invitations",
			fmt.Sprintf(`{"email":"x@example.com","organization_id":%q,"role_ids":["viewer"],"expires_in_seconds":60}`, org),
			400,
			"from 3600 to 2592000",
		},
		{"oversize body", "POST", "/v1/users", okUser(`,"first_name":"` + strings.Repeat("x", 70000) + `"`), 413, "larger"},
		{"long name", "PATCH", "/v1/organizations/" + org, `{"name":"` + strings.Repeat("x", 201) + `"}`, 400, "200"},
		{"bad If-Match", "PATCH", "/v1/organizations/" + org, `{"name":"Y"}`, 400, "If-Match"},
		{"unknown query parameter", "GET", "/v1/users?statuss=active", ``, 400, "statuss"},
		{"bad status filter", "GET", "/v1/users?status=sleeping", ``, 400, "invited"},
		{"bad limit", "GET", "/v1/users?limit=1000", ``, 400, "200"},
		{"forged page token", "GET", "/v1/users?page_token=abc", ``, 400, "page_token"},
		{"body on a body-less operation", "POST", "/v1/users/" + user + "/unlock", `{"force":true}`, 400, "no request body"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			headers := []string{}
			if c.name == "bad If-Match" {
				headers = []string{"If-Match", "seven"}
			}
			var body any
			if c.body != "" {
				body = c.body
			}
			r := s.Do(t, acctest.BootstrapToken, c.method, c.path, body, headers...)
			if r.Status != c.status {
				t.Fatalf("status %d, want %d: %s", r.Status, c.status, r.Body)
			}
			if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Fatalf("Content-Type %q", ct)
			}
			if !strings.Contains(string(r.Body), c.mention) {
				t.Fatalf("problem does not mention %q: %s", c.mention, r.Body)
			}
		})
	}
	if after := snapshot(t, s); after != before {
		t.Errorf("bad input changed data")
	}
}
