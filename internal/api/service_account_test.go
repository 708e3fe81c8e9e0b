package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// newServiceAccount creates, as the administrator, a service account homed in
// org holding role there (none when empty) and a token for it.
func newServiceAccount(t *testing.T, s *acctest.Server, org, name, role string) (id, token string) {
	t.Helper()
	id = s.Admin(t, 201, "POST", "/v1/service-accounts", map[string]any{"organization_id": org, "name": name}).Str(t, "id")
	if role != "" {
		s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": id, "organization_id": org, "role_id": role})
	}
	token = s.Admin(t, 201, "POST", "/v1/service-accounts/"+id+"/tokens", map[string]any{"name": "ci"}).Str(t, "token")
	return id, token
}

// TestServiceAccountLifecycle: create, read, change, list and delete, with
// versions, ETags, If-Match, unknown fields and duplicate names.
func TestServiceAccountLifecycle(t *testing.T) {
	m := newMSPTree(t)
	s := m.s
	r := s.Must(t, 201, m.partnerToken, "POST", "/v1/service-accounts", map[string]any{"organization_id": m.client, "name": "Backup Robot"})
	sa := r.JSON(t)
	id := sa["id"].(string)
	if !strings.HasPrefix(id, "sva_") || sa["version"] != 1.0 || sa["description"] != "" || sa["enabled"] != true ||
		sa["organization_id"] != m.client || sa["name"] != "Backup Robot" || r.Header.Get("ETag") != `"1"` {
		t.Fatalf("create: %s (ETag %s)", r.Body, r.Header.Get("ETag"))
	}
	for _, k := range []string{"created_at", "updated_at"} {
		if _, ok := sa[k].(string); !ok {
			t.Fatalf("create: no %s: %s", k, r.Body)
		}
	}
	if len(sa) != 8 {
		t.Fatalf("create: unexpected fields: %s", r.Body)
	}
	s.Must(t, 200, m.clientToken, "GET", "/v1/service-accounts/"+id, nil)

	// Names are unique per organization, ignoring case; elsewhere they are free.
	dup := s.Must(t, 409, m.clientToken, "POST", "/v1/service-accounts", map[string]any{"organization_id": m.client, "name": "BACKUP robot"})
	if dup.Str(t, "code") != "duplicate_name" || dup.JSON(t)["existing_id"] != id {
		t.Fatalf("duplicate: %s", dup.Body)
	}
	other := s.Must(t, 201, m.partnerToken, "POST", "/v1/service-accounts", map[string]any{"organization_id": m.partner,
		"name": "Backup Robot", "description": "line one\nline two", "enabled": false}).
		JSON(t)
	if other["enabled"] != false || other["description"] != "line one\nline two" {
		t.Fatalf("create with options: %v", other)
	}
	for _, bad := range []map[string]any{
		{"organization_id": m.client},
		{"name": "x"},
		{"organization_id": m.client, "name": "tab\tname"},
		{"organization_id": m.client, "name": strings.Repeat("n", 101)},
		{"organization_id": m.client, "name": "x", "email": "x@example.com"},
	} {
		s.Must(t, 400, m.clientToken, "POST", "/v1/service-accounts", bad)
	}

	// Idempotency-Key: a retried create answers the first result.
	first := s.Must(
		t,
		201,
		m.clientToken,
		"POST",
		"/v1/service-accounts",
		map[string]any{"organization_id": m.client, "name": "Retried"},
		"Idempotency-Key",
		"k1",
	)
	again := s.Must(
		t,
		201,
		m.clientToken,
		"POST",
		"/v1/service-accounts",
		map[string]any{"organization_id": m.client, "name": "Retried"},
		"Idempotency-Key",
		"k1",
	)
	if first.Str(t, "id") != again.Str(t, "id") {
		t.Fatalf("idempotent retry created a second account: %s / %s", first.Body, again.Body)
	}

	// PATCH with If-Match; unknown and read-only fields are refused.
	s.Must(t, 412, m.clientToken, "PATCH", "/v1/service-accounts/"+id, map[string]any{"name": "x"}, "If-Match", `"7"`)
	s.Must(t, 400, m.clientToken, "PATCH", "/v1/service-accounts/"+id, map[string]any{"organization_id": m.partner})
	s.Must(t, 400, m.clientToken, "PATCH", "/v1/service-accounts/"+id, map[string]any{"first_name": "x"})
	s.Must(t, 409, m.clientToken, "PATCH", "/v1/service-accounts/"+id, map[string]any{"name": "retried"})
	r = s.Must(
		t,
		200,
		m.clientToken,
		"PATCH",
		"/v1/service-accounts/"+id,
		map[string]any{"name": "Backup Bot", "description": "nightly", "enabled": false},
		"If-Match",
		`"1"`,
	)
	if p := r.JSON(t); p["version"] != 2.0 || p["name"] != "Backup Bot" || p["description"] != "nightly" || p["enabled"] != false ||
		r.Header.Get("ETag") != `"2"` {
		t.Fatalf("patch: %s", r.Body)
	}

	// Lists: filters, pages, and nothing outside the caller's reach.
	var list struct {
		Items []map[string]any `json:"items"`
		Next  string           `json:"next_page_token"`
	}
	mustUnmarshal(t, s.Must(t, 200, m.clientToken, "GET", "/v1/service-accounts", nil).Body, &list)
	if len(list.Items) != 2 {
		t.Fatalf("client admin lists %d service accounts: %v", len(list.Items), list.Items)
	}
	mustUnmarshal(t, s.Must(t, 200, m.partnerToken, "GET", "/v1/service-accounts?limit=2", nil).Body, &list)
	if len(list.Items) != 2 || list.Next == "" {
		t.Fatalf("page 1: %v %q", list.Items, list.Next)
	}
	mustUnmarshal(t, s.Must(t, 200, m.partnerToken, "GET", "/v1/service-accounts?limit=2&page_token="+list.Next, nil).Body, &list)
	if len(list.Items) != 1 || list.Next != "" {
		t.Fatalf("page 2: %v %q", list.Items, list.Next)
	}
	mustUnmarshal(t, s.Must(t, 200, m.partnerToken, "GET", "/v1/service-accounts?organization_id="+m.partner, nil).Body, &list)
	if len(list.Items) != 1 || list.Items[0]["id"] != other["id"] {
		t.Fatalf("organization filter: %v", list.Items)
	}
	mustUnmarshal(t, s.Must(t, 200, m.partnerToken, "GET", "/v1/service-accounts?name=backup%20BOT", nil).Body, &list)
	if len(list.Items) != 1 || list.Items[0]["id"] != id {
		t.Fatalf("name filter: %v", list.Items)
	}
	s.Must(t, 400, m.partnerToken, "GET", "/v1/service-accounts?email=x", nil)

	// A user of the client without users:write sees but cannot change.
	_, viewer := s.UserWithToken(t, m.client, "viewer", "viewer@client.example")
	s.Must(t, 200, viewer, "GET", "/v1/service-accounts/"+id, nil)
	s.Must(t, 403, viewer, "PATCH", "/v1/service-accounts/"+id, map[string]any{"name": "mine"})
	s.Must(t, 403, viewer, "DELETE", "/v1/service-accounts/"+id, nil)
	s.Must(t, 403, viewer, "POST", "/v1/service-accounts", map[string]any{"organization_id": m.client, "name": "x"})

	// The audit trail records every change.
	audit := string(s.Admin(t, 200, "GET", "/v1/audit-events?object_id="+id, nil).Body)
	for _, action := range []string{"service_account.create", "service_account.update"} {
		if !strings.Contains(audit, action) {
			t.Fatalf("no %s event: %s", action, audit)
		}
	}

	s.Must(t, 204, m.clientToken, "DELETE", "/v1/service-accounts/"+id, nil, "If-Match", `"2"`)
	s.Must(t, 404, m.clientToken, "GET", "/v1/service-accounts/"+id, nil)
	s.Must(t, 404, m.clientToken, "DELETE", "/v1/service-accounts/"+id, nil)
	if audit := string(s.Admin(t, 200, "GET", "/v1/audit-events?object_id="+id, nil).Body); !strings.Contains(
		audit,
		"service_account.delete",
	) {
		t.Fatalf("no delete event: %s", audit)
	}
	// Its name is free again.
	s.Must(t, 201, m.clientToken, "POST", "/v1/service-accounts", map[string]any{"organization_id": m.client, "name": "Backup Bot"})
}

// TestServiceAccountTokenActsWithItsGrants: a service account holding admin on
// one client acts there through its token, and reaches nothing else.
func TestServiceAccountTokenActsWithItsGrants(t *testing.T) {
	m := newMSPTree(t)
	s := m.s
	sibling := s.Org(t, "Sibling", "client", m.partner)
	siblingUser, _ := s.UserWithToken(t, sibling, "viewer", "someone@sibling.example")
	id, token := newServiceAccount(t, s, m.client, "Automation", "admin")

	// /v1/me describes the service account.
	me := s.Must(t, 200, token, "GET", "/v1/me", nil).JSON(t)
	if me["user"] != nil || me["organization_id"] != m.client {
		t.Fatalf("me: %v", me)
	}
	if sa, _ := me["service_account"].(map[string]any); sa["id"] != id || sa["name"] != "Automation" {
		t.Fatalf("me: %v", me)
	}
	// It reads and changes the client's objects.
	s.Must(t, 200, token, "GET", "/v1/organizations/"+m.client, nil)
	s.Must(t, 200, token, "GET", "/v1/users/"+m.clientAdm, nil)
	u := s.Must(t, 201, token, "POST", "/v1/users", map[string]any{"email": "new@client.example", "first_name": "N", "last_name": "U",
		"organization_id": m.client, "send_invitation": false}).Str(t, "id")
	s.Must(t, 200, token, "PATCH", "/v1/users/"+u, map[string]any{"first_name": "Changed"})
	s.Must(t, 201, token, "POST", "/v1/role-assignments", map[string]any{"user_id": u, "organization_id": m.client, "role_id": "viewer"})
	s.Must(
		t,
		201,
		token,
		"POST",
		"/v1/roles",
		map[string]any{"organization_id": m.client, "name": "Helpdesk", "permissions": []string{"users:read"}},
	)
	// Its actions are audited under its id, and named to whoever sees it.
	if audit := string(s.Must(t, 200, m.clientToken, "GET", "/v1/audit-events?object_id="+u, nil).Body); !strings.Contains(
		audit,
		`"actor_user_id":"`+id+`"`,
	) {
		t.Fatalf("audit does not name the service account: %s", audit)
	}
	// The partner and the sibling client do not exist for it.
	for _, p := range [][2]string{
		{"GET", "/v1/organizations/" + m.partner}, {"GET", "/v1/organizations/" + sibling}, {"GET", "/v1/users/" + m.partnerAdmin},
		{"GET", "/v1/users/" + siblingUser}, {"PATCH", "/v1/organizations/" + sibling},
	} {
		var body any
		if p[0] == "PATCH" {
			body = map[string]any{"name": "taken"}
		}
		s.Must(t, 404, token, p[0], p[1], body)
	}
	s.Must(
		t,
		404,
		token,
		"POST",
		"/v1/users",
		map[string]any{"email": "x@sibling.example", "first_name": "N", "last_name": "U", "organization_id": sibling},
	)
	var list struct{ Items []map[string]any }
	mustUnmarshal(t, s.Must(t, 200, token, "GET", "/v1/users?limit=200", nil).Body, &list)
	for _, it := range list.Items {
		if it["organization_id"] != m.client {
			t.Fatalf("the service account lists a user of %v", it["organization_id"])
		}
	}
	// Its own access cannot disable its organization or itself.
	s.Must(t, 404, token, "PATCH", "/v1/organizations/"+m.partner, map[string]any{"enabled": false})
	s.Must(t, 409, token, "PATCH", "/v1/service-accounts/"+id, map[string]any{"enabled": false})

	// Its token never carries more than its issuer held: minted by the client
	// admin, the token of a service account later granted admin on the
	// partner still reaches the client only.
	sa2 := s.Must(t, 201, m.clientToken, "POST", "/v1/service-accounts", map[string]any{"organization_id": m.client, "name": "Second"}).
		Str(t, "id")
	limited := s.Must(
		t,
		201,
		m.clientToken,
		"POST",
		"/v1/service-accounts/"+sa2+"/tokens",
		map[string]any{"name": "t", "expires_in_seconds": 3600},
	).
		Str(t, "token")
	s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": sa2, "organization_id": m.partner, "role_id": "admin"})
	s.Must(t, 404, limited, "GET", "/v1/organizations/"+m.partner, nil)
	s.Must(t, 200, limited, "GET", "/v1/organizations/"+m.client, nil)
	// And the client admin no longer manages it: it holds more than they do.
	s.Must(t, 403, m.clientToken, "POST", "/v1/service-accounts/"+sa2+"/tokens", map[string]any{"name": "more"})
	s.Must(t, 403, m.clientToken, "DELETE", "/v1/service-accounts/"+sa2, nil)
	s.Must(
		t,
		403,
		m.clientToken,
		"POST",
		"/v1/role-assignments",
		map[string]any{"user_id": sa2, "organization_id": m.client, "role_id": "viewer"},
	)

	// Disabled, or with its organization disabled, it cannot authenticate.
	s.Must(t, 200, m.partnerToken, "PATCH", "/v1/service-accounts/"+id, map[string]any{"enabled": false})
	s.Must(t, 401, token, "GET", "/v1/me", nil)
	s.Must(t, 200, m.partnerToken, "PATCH", "/v1/service-accounts/"+id, map[string]any{"enabled": true})
	s.Must(t, 200, token, "GET", "/v1/me", nil)
	s.Admin(t, 200, "PATCH", "/v1/organizations/"+m.partner, map[string]any{"enabled": false})
	s.Must(t, 401, token, "GET", "/v1/me", nil)
	s.Admin(t, 200, "PATCH", "/v1/organizations/"+m.partner, map[string]any{"enabled": true})
	s.Must(t, 200, token, "GET", "/v1/me", nil)
}

// TestServiceAccountTokens: mint, read, list and revoke; the secret is shown
// once, even to a retry; deleting the account kills its tokens.
func TestServiceAccountTokens(t *testing.T) {
	m := newMSPTree(t)
	s := m.s
	id := s.Must(t, 201, m.clientToken, "POST", "/v1/service-accounts", map[string]any{"organization_id": m.client, "name": "Deployer"}).
		Str(t, "id")
	s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": id, "organization_id": m.client, "role_id": "viewer"})
	r := s.Must(
		t,
		201,
		m.clientToken,
		"POST",
		"/v1/service-accounts/"+id+"/tokens",
		map[string]any{"name": "pipeline", "expires_in_seconds": 3600},
		"Idempotency-Key",
		"tok-1",
	)
	k := r.JSON(t)
	secret, tokID := k["token"].(string), k["id"].(string)
	if !strings.HasPrefix(tokID, "tok_") || k["user_id"] != id || k["name"] != "pipeline" || k["prefix"] != "ptk_" || k["expires_at"] == nil ||
		!strings.HasPrefix(secret, "ptk_") || r.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("create token: %s", r.Body)
	}
	for _, f := range []string{"created_at", "last_used_at"} {
		if _, ok := k[f]; !ok {
			t.Fatalf("create token: no %s: %s", f, r.Body)
		}
	}
	replay := s.Do(
		t,
		m.clientToken,
		"POST",
		"/v1/service-accounts/"+id+"/tokens",
		map[string]any{"name": "pipeline", "expires_in_seconds": 3600},
		"Idempotency-Key",
		"tok-1",
	)
	if replay.Status != http.StatusConflict || replay.Str(t, "code") != "secret_not_replayable" ||
		strings.Contains(string(replay.Body), secret) {
		t.Fatalf("replayed token create: %d %s", replay.Status, replay.Body)
	}
	for _, bad := range []map[string]any{
		{"name": ""},
		{"name": "x", "expires_in_seconds": 59},
		{"name": "x", "expires_in_seconds": 3 * 366 * 24 * 3600},
		{"name": "x", "scopes": []string{}},
	} {
		s.Must(t, 400, m.clientToken, "POST", "/v1/service-accounts/"+id+"/tokens", bad)
	}
	s.Must(t, 200, secret, "GET", "/v1/organizations/"+m.client, nil)

	got := s.Must(t, 200, m.clientToken, "GET", "/v1/service-accounts/"+id+"/tokens/"+tokID, nil)
	if got.Str(t, "id") != tokID || strings.Contains(string(got.Body), secret) || strings.Contains(string(got.Body), `"token"`) {
		t.Fatalf("get token: %s", got.Body)
	}
	var list struct{ Items []map[string]any }
	mustUnmarshal(t, s.Must(t, 200, m.clientToken, "GET", "/v1/service-accounts/"+id+"/tokens", nil).Body, &list)
	if len(list.Items) != 1 || list.Items[0]["id"] != tokID || strings.Contains(string(mustJSON(t, list)), secret) {
		t.Fatalf("list tokens: %v", list.Items)
	}
	// A viewer of the client sees the account but not its tokens; the account's own
	// (viewer) token cannot mint more.
	_, viewer := s.UserWithToken(t, m.client, "viewer", "viewer@client.example")
	s.Must(t, 403, viewer, "GET", "/v1/service-accounts/"+id+"/tokens", nil)
	s.Must(t, 403, viewer, "GET", "/v1/service-accounts/"+id+"/tokens/"+tokID, nil)
	s.Must(t, 403, viewer, "DELETE", "/v1/service-accounts/"+id+"/tokens/"+tokID, nil)
	s.Must(t, 403, secret, "POST", "/v1/service-accounts/"+id+"/tokens", map[string]any{"name": "self"})

	s.Must(t, 204, m.clientToken, "DELETE", "/v1/service-accounts/"+id+"/tokens/"+tokID, nil)
	s.Must(t, 401, secret, "GET", "/v1/me", nil)
	s.Must(t, 404, m.clientToken, "GET", "/v1/service-accounts/"+id+"/tokens/"+tokID, nil)
	s.Must(t, 404, m.clientToken, "DELETE", "/v1/service-accounts/"+id+"/tokens/"+tokID, nil)
	audit := string(s.Admin(t, 200, "GET", "/v1/audit-events?object_id="+tokID, nil).Body)
	if !strings.Contains(audit, "api_token.create") || !strings.Contains(audit, "api_token.delete") || strings.Contains(audit, secret) {
		t.Fatalf("token audit: %s", audit)
	}

	// Deleting the account kills its tokens and removes its role assignments.
	second := s.Must(t, 201, m.clientToken, "POST", "/v1/service-accounts/"+id+"/tokens", map[string]any{"name": "second"}).Str(t, "token")
	s.Must(t, 200, second, "GET", "/v1/me", nil)
	s.Must(t, 204, m.clientToken, "DELETE", "/v1/service-accounts/"+id, nil)
	s.Must(t, 401, second, "GET", "/v1/me", nil)
	mustUnmarshal(t, s.Admin(t, 200, "GET", "/v1/role-assignments?user_id="+id, nil).Body, &list)
	if len(list.Items) != 0 {
		t.Fatalf("assignments of a deleted service account remain: %v", list.Items)
	}
	s.Must(t, 404, m.clientToken, "GET", "/v1/service-accounts/"+id+"/tokens", nil)
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestServiceAccountsAreNotUsers: the user routes never show or accept a
// service account, and the service account routes never a user; no e-mail
// ever goes to a service account.
func TestServiceAccountsAreNotUsers(t *testing.T) {
	m := newMSPTree(t)
	s := m.s
	id, token := newServiceAccount(t, s, m.client, "Robot", "admin")
	for _, p := range []struct{ method, path, body string }{
		{"GET", "/v1/users/" + id, ""}, {"PATCH", "/v1/users/" + id, `{"first_name":"x"}`}, {"DELETE", "/v1/users/" + id, ""},
		{"POST", "/v1/users/" + id + "/unlock", ""}, {"POST", "/v1/users/" + id + "/reset-password", ""},
		{"POST", "/v1/users/" + id + "/reset-mfa", ""}, {"POST", "/v1/users/" + id + "/resend-invitation", ""},
		{"GET", "/v1/users/" + id + "/access", ""}, {"GET", "/v1/users/" + id + "/tokens", ""},
		{"POST", "/v1/users/" + id + "/tokens", `{"name":"x"}`}, {"DELETE", "/v1/users/" + id + "/tokens/tok_x", ""},
		{"GET", "/v1/service-accounts/" + m.clientAdm, ""}, {"PATCH", "/v1/service-accounts/" + m.clientAdm, `{"name":"x"}`},
		{"DELETE", "/v1/service-accounts/" + m.clientAdm, ""}, {"GET", "/v1/service-accounts/" + m.clientAdm + "/tokens", ""},
		{"POST", "/v1/service-accounts/" + m.clientAdm + "/tokens", `{"name":"x"}`},
	} {
		var body any
		if p.body != "" {
			body = p.body
		}
		if r := s.Do(t, acctest.BootstrapToken, p.method, p.path, body); r.Status != http.StatusNotFound {
			t.Errorf("%s %s = %d, want 404: %s", p.method, p.path, r.Status, r.Body)
		}
	}
	// Not even for itself: a service account's tokens have their own routes.
	s.Must(t, 404, token, "GET", "/v1/users/"+id+"/tokens", nil)
	s.Must(t, 404, token, "POST", "/v1/users/"+id+"/tokens", map[string]any{"name": "x"})
	// Nor does it sign in: it has no password nor authenticator to change.
	s.Must(t, 404, token, "POST", "/v1/me/mfa/totp", nil)
	s.Must(t, 404, token, "POST", "/v1/me/password", map[string]any{"current_password": "x", "new_password": "a long new password"})

	// Lists, filters and the export never show it.
	for _, path := range []string{"/v1/users?limit=200", "/v1/users?organization_id=" + m.client, "/v1/users?q=robot",
		"/v1/users?q=service-accounts", "/v1/users?role_id=admin", "/v1/users?email=" + id + "@service-accounts.invalid"} {
		for _, accept := range []string{"application/json", "text/csv"} {
			if body := string(s.Admin(t, 200, "GET", path, nil, "Accept", accept).Body); strings.Contains(body, id) ||
				strings.Contains(body, "Robot") {
				t.Errorf("%s (%s) shows the service account: %s", path, accept, body)
			}
		}
	}
	// Its synthesized address is nobody's: an invitation or a user with it is a new person.
	addr := id + "@service-accounts.invalid"
	inv := s.Admin(
		t,
		201,
		"POST",
		"/v1/invitations",
		map[string]any{"email": addr, "organization_id": m.client, "role_ids": []string{"viewer"}},
	).
		JSON(t)
	if inv["status"] != "pending" || inv["user_id"] != nil {
		t.Fatalf("an invitation reached the service account: %v", inv)
	}
	s.Admin(
		t,
		201,
		"POST",
		"/v1/users",
		map[string]any{"email": addr, "first_name": "A", "last_name": "Person", "organization_id": m.client, "send_invitation": false},
	)
	// The service account holds its roles still, and was never mailed.
	s.Must(t, 200, token, "GET", "/v1/organizations/"+m.client, nil)
	var outbox struct{ Items []map[string]any }
	mustUnmarshal(t, s.Admin(t, 200, "GET", "/v1/dev/outbox", nil).Body, &outbox)
	for _, msg := range outbox.Items {
		if to, _ := msg["to"].(string); strings.Contains(to, id) && !strings.Contains(msg["subject"].(string), "invited") {
			t.Errorf("mail to the service account: %v", msg)
		}
	}
	// Role assignments accept it as user_id and filter by it.
	var list struct{ Items []map[string]any }
	mustUnmarshal(t, s.Admin(t, 200, "GET", "/v1/role-assignments?user_id="+id, nil).Body, &list)
	if len(list.Items) != 1 || list.Items[0]["role_id"] != "admin" {
		t.Fatalf("assignments of the service account: %v", list.Items)
	}
	// Deleting a non-empty organization names its service accounts.
	r := s.Admin(t, 409, "DELETE", "/v1/organizations/"+m.client, nil)
	if !strings.Contains(r.Str(t, "detail"), "1 service account(s)") {
		t.Fatalf("delete non-empty organization: %s", r.Body)
	}
}

// TestServiceAccountNeverCountsAsRootAdmin: a service account holding admin on
// the root is no administrator who can sign in; the last human one stays.
func TestServiceAccountNeverCountsAsRootAdmin(t *testing.T) {
	s := acctest.StartAPI(t)
	_, token := newServiceAccount(t, s, s.RootID, "Root Robot", "admin")
	var list struct{ Items []map[string]any }
	mustUnmarshal(
		t,
		s.Admin(t, 200, "GET", "/v1/role-assignments?role_id=admin&organization_id="+s.RootID+"&user_id="+s.AdminID, nil).Body,
		&list,
	)
	if len(list.Items) != 1 {
		t.Fatalf("the administrator's root assignment: %v", list.Items)
	}
	human := list.Items[0]["id"].(string)
	r := s.Must(t, 409, token, "DELETE", "/v1/role-assignments/"+human, nil)
	if r.Str(t, "code") != "last_admin" {
		t.Fatalf("removing the last human root admin: %s", r.Body)
	}
	r = s.Must(t, 409, token, "PATCH", "/v1/users/"+s.AdminID, map[string]any{"enabled": false})
	if r.Str(t, "code") != "last_admin" {
		t.Fatalf("disabling the last human root admin: %s", r.Body)
	}
	r = s.Must(t, 409, token, "DELETE", "/v1/users/"+s.AdminID, nil)
	if r.Str(t, "code") != "last_admin" {
		t.Fatalf("deleting the last human root admin: %s", r.Body)
	}
	// With a second human root administrator, the first may go.
	s.UserWithToken(t, s.RootID, "admin", "second@portal.test")
	s.Must(t, 204, token, "DELETE", "/v1/role-assignments/"+human, nil)
}

// TestServiceAccountIsCoveredLikeAUser: acting on an organization a service
// account lives in, or on its roles, takes covering every permission it
// holds, wherever it holds them.
func TestServiceAccountIsCoveredLikeAUser(t *testing.T) {
	m := newMSPTree(t)
	s := m.s
	id, token := newServiceAccount(t, s, m.client, "Powerful", "")
	s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": id, "organization_id": s.RootID, "role_id": "admin"})
	// The partner admin sees it but cannot take it over, nor cut off or delete its organization.
	s.Must(t, 200, m.partnerToken, "GET", "/v1/service-accounts/"+id, nil)
	s.Must(t, 403, m.partnerToken, "PATCH", "/v1/service-accounts/"+id, map[string]any{"name": "mine"})
	s.Must(t, 403, m.partnerToken, "POST", "/v1/service-accounts/"+id+"/tokens", map[string]any{"name": "mine"})
	s.Must(
		t,
		403,
		m.partnerToken,
		"POST",
		"/v1/role-assignments",
		map[string]any{"user_id": id, "organization_id": m.client, "role_id": "viewer"},
	)
	s.Must(t, 403, m.partnerToken, "PATCH", "/v1/organizations/"+m.client, map[string]any{"enabled": false})
	s.Must(t, 403, m.partnerToken, "DELETE", "/v1/organizations/"+m.client+"?force=true", nil)
	s.Must(t, 200, token, "GET", "/v1/organizations/"+s.RootID, nil)
	// The administrator can; deleting the organization takes the service account and its tokens.
	s.Admin(t, 204, "DELETE", "/v1/organizations/"+m.client+"?force=true", nil)
	s.Must(t, 401, token, "GET", "/v1/me", nil)
	s.Admin(t, 404, "GET", "/v1/service-accounts/"+id, nil)
}
