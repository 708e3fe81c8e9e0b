package api_test

import (
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// TestAccessChangesTakeEffectOnTheNextRequest: access is cached between
// requests, so every kind of change that alters it must show on the very
// next request after it: a role's permissions, an organization disabled or
// moved, a grant removed. Each step reads first, so the cache is warm when
// the change lands.
func TestAccessChangesTakeEffectOnTheNextRequest(t *testing.T) {
	s := acctest.StartAPI(t)
	partner := s.Org(t, "Cache Partner", "partner", s.RootID)
	other := s.Org(t, "Cache Other", "partner", s.RootID)
	client := s.Org(t, "Cache Client", "client", partner)
	role := s.Admin(
		t,
		201,
		"POST",
		"/v1/roles",
		map[string]any{"organization_id": s.RootID, "name": "Cache Reader", "permissions": []string{"users:read"}},
	).
		Str(t, "id")
	_, token := s.UserWithToken(t, other, "", "reader@cache.example")
	readerID := s.Admin(t, 200, "GET", "/v1/users?email=reader@cache.example", nil).JSON(t)["items"].([]any)[0].(map[string]any)["id"].(string)
	grant := s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": readerID, "organization_id": partner, "role_id": role}).
		Str(t, "id")
	target, _ := s.UserWithToken(t, client, "", "target@cache.example")

	read := func(want int, after string) {
		t.Helper()
		if r := s.Do(t, token, "GET", "/v1/users/"+target, nil); r.Status != want {
			t.Fatalf("after %s: GET answered %d, want %d: %s", after, r.Status, want, r.Body)
		}
	}
	read(200, "the grant")

	s.Admin(t, 200, "PATCH", "/v1/roles/"+role, map[string]any{"permissions": []string{"organizations:read"}})
	read(404, "the role lost users:read")
	s.Admin(t, 200, "PATCH", "/v1/roles/"+role, map[string]any{"permissions": []string{"users:read"}})
	read(200, "the role regained users:read")

	s.Admin(t, 200, "PATCH", "/v1/organizations/"+partner, map[string]any{"enabled": false})
	read(404, "the granting organization was disabled")
	s.Admin(t, 200, "PATCH", "/v1/organizations/"+partner, map[string]any{"enabled": true})
	read(200, "the granting organization was enabled again")

	s.Admin(t, 200, "PATCH", "/v1/organizations/"+client, map[string]any{"parent_id": other})
	read(404, "the client moved out of the granting partner")
	s.Admin(t, 200, "PATCH", "/v1/organizations/"+client, map[string]any{"parent_id": partner})
	read(200, "the client moved back")

	s.Admin(t, 204, "DELETE", "/v1/role-assignments/"+grant, nil)
	read(404, "the grant was removed")
}
