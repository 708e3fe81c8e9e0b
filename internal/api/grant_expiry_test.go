package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// serverNow is the server's clock, read from a fresh object.
func serverNow(t *testing.T, s *acctest.Server) time.Time {
	t.Helper()
	r := s.Admin(t, 200, "POST", "/v1/dev/clock", map[string]any{"advance_seconds": 0})
	now, err := time.Parse(time.RFC3339Nano, r.Str(t, "now"))
	if err != nil {
		t.Fatal(err)
	}
	return now
}

func advance(t *testing.T, s *acctest.Server, d time.Duration) {
	t.Helper()
	s.Admin(t, 200, "POST", "/v1/dev/clock", map[string]any{"advance_seconds": int64(d / time.Second)})
}

func rfc3339(at time.Time) string { return at.UTC().Format(time.RFC3339) }

// listIDs is the ids a list answers.
func listIDs(t *testing.T, r acctest.Response) []string {
	t.Helper()
	var out struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if err := json.Unmarshal(r.Body, &out); err != nil {
		t.Fatalf("%s: %v", r.Body, err)
	}
	var ids []string
	for _, it := range out.Items {
		ids = append(ids, it.ID)
	}
	return ids
}

// TestGrantExpiry: from the instant a grant ends it gives nothing, on the
// very next request, through every path: the grantee's token and session
// (each warmed up just before, so a cached answer would show), the lists
// and their filters, /v1/me, the access review and covering. Its status
// turns expired, its lapse is audited, and extending it with If-Match gives
// the access back.
func TestGrantExpiry(t *testing.T) {
	s := acctest.StartAPI(t)
	partner := s.Org(t, "Expiry Partner", "partner", s.RootID)
	client := s.Org(t, "Expiry Client", "client", partner)
	_, clientManager := s.UserWithToken(t, client, "user_manager", "expiry.client.manager@example.com")
	local, _ := s.UserWithToken(t, client, "", "expiry.local@example.com")
	tech, token := s.UserWithToken(t, partner, "", "expiry.tech@example.com")
	_, session := s.UserWithSession(t, partner, "", "expiry.tech.session@example.com")
	sessionUser := s.Admin(t, 200, "GET", "/v1/users?email=expiry.tech.session@example.com", nil)
	sessionUserID := listIDs(t, sessionUser)[0]

	end := serverNow(t, s).Add(time.Hour)
	grant := s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{
		"user_id": tech, "organization_id": client, "role_id": "user_manager", "expires_at": rfc3339(end),
	}).JSON(t)
	for user, role := range map[string]string{sessionUserID: "technician", local: "admin"} {
		s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{
			"user_id": user, "organization_id": client, "role_id": role, "expires_at": rfc3339(end),
		})
	}
	if grant["status"] != "active" || grant["expires_at"] != rfc3339(end) {
		t.Fatalf("created grant: %v", grant)
	}
	id := grant["id"].(string)

	// In force: both credentials reach the client, warming every cache.
	for _, cred := range []string{token, session} {
		s.Must(t, 200, cred, "GET", "/v1/organizations/"+client, nil)
	}
	me := s.Must(t, 200, token, "GET", "/v1/me", nil)
	if !strings.Contains(string(me.Body), `"expires_at":"`+rfc3339(end)+`"`) {
		t.Errorf("/v1/me does not show the grant's end: %s", me.Body)
	}
	review := s.Admin(t, 200, "GET", "/v1/users/"+tech+"/access", nil)
	if !strings.Contains(string(review.Body), rfc3339(end)) {
		t.Errorf("the access review does not show the grant's end: %s", review.Body)
	}
	if ids := listIDs(t, s.Admin(t, 200, "GET", "/v1/users?role_id=user_manager&organization_id="+partner, nil)); len(ids) != 1 {
		t.Errorf("role filter before the end: %v, want the technician", ids)
	}
	// The client's user manager covers a client user holding admin only once that grant has ended.
	s.Must(t, http.StatusForbidden, clientManager, "PATCH", "/v1/users/"+local, map[string]any{"enabled": false})

	advance(t, s, time.Hour)

	for name, cred := range map[string]string{"token": token, "session": session} {
		if r := s.Do(t, cred, "GET", "/v1/organizations/"+client, nil); r.Status != http.StatusNotFound {
			t.Errorf("%s after the end: GET the client = %d, want 404", name, r.Status)
		}
		if ids := listIDs(t, s.Must(t, 200, cred, "GET", "/v1/organizations", nil)); strings.Contains(strings.Join(ids, ","), client) {
			t.Errorf("%s after the end still lists the client: %v", name, ids)
		}
	}
	if r := s.Must(t, 200, token, "GET", "/v1/me", nil); strings.Contains(string(r.Body), client) {
		t.Errorf("/v1/me after the end still reaches the client: %s", r.Body)
	}
	if r := s.Admin(t, 200, "GET", "/v1/users/"+tech+"/access", nil); strings.Contains(string(r.Body), client) {
		t.Errorf("the access review after the end still shows the client: %s", r.Body)
	}
	if ids := listIDs(t, s.Admin(t, 200, "GET", "/v1/users?role_id=user_manager&organization_id="+partner, nil)); len(ids) != 0 {
		t.Errorf("role filter after the end: %v, want nobody", ids)
	}
	got := s.Admin(t, 200, "GET", "/v1/role-assignments/"+id, nil).JSON(t)
	if got["status"] != "expired" {
		t.Errorf("status after the end = %v, want expired", got["status"])
	}
	expired := listIDs(t, s.Admin(t, 200, "GET", "/v1/role-assignments?status=expired&user_id="+tech, nil))
	active := listIDs(t, s.Admin(t, 200, "GET", "/v1/role-assignments?status=active&user_id="+tech, nil))
	if len(expired) != 1 || expired[0] != id || len(active) != 0 {
		t.Errorf("status filters: expired %v, active %v", expired, active)
	}
	audit := s.Admin(t, 200, "GET", "/v1/audit-events?object_id="+id, nil)
	if !strings.Contains(string(audit.Body), `"role_assignment.expire"`) {
		t.Errorf("the lapse is not in the audit trail: %s", audit.Body)
	}
	// Nothing left to cover.
	s.Must(t, 200, clientManager, "PATCH", "/v1/users/"+local, map[string]any{"enabled": false})

	// Extending is a PATCH of expires_at, with If-Match as usual.
	later := serverNow(t, s).Add(24 * time.Hour)
	s.Admin(t, http.StatusPreconditionFailed, "PATCH", "/v1/role-assignments/"+id, map[string]any{"expires_at": rfc3339(later)},
		"If-Match", `"99"`)
	ext := s.Admin(t, 200, "PATCH", "/v1/role-assignments/"+id, map[string]any{"expires_at": rfc3339(later)},
		"If-Match", `"1"`).JSON(t)
	if ext["status"] != "active" || ext["version"] != float64(2) {
		t.Errorf("extended grant: %v", ext)
	}
	s.Must(t, 200, token, "GET", "/v1/organizations/"+client, nil)
	advance(t, s, 25*time.Hour)
	s.Must(t, http.StatusNotFound, token, "GET", "/v1/organizations/"+client, nil)
	n := strings.Count(string(s.Admin(t, 200, "GET", "/v1/audit-events?object_id="+id, nil).Body), `"role_assignment.expire"`)
	if n != 2 {
		t.Errorf("%d lapse events after two ends, want 2", n)
	}
}

// TestGrantEndRules: an end must lie in the future; a token minted under a
// time-bound grant ends with it; the last administrator whose access never
// ends cannot be given an end, on the root or on any organization.
func TestGrantEndRules(t *testing.T) {
	s := acctest.StartAPI(t)
	client := s.Org(t, "Rules Client", "client", s.RootID)
	user, _ := s.UserWithToken(t, client, "", "rules.user@example.com")
	r := s.Admin(t, 400, "POST", "/v1/role-assignments", map[string]any{
		"user_id": user, "organization_id": client, "role_id": "viewer", "expires_at": rfc3339(serverNow(t, s).Add(-time.Minute)),
	})
	if !strings.Contains(string(r.Body), `"field":"expires_at"`) || !strings.Contains(string(r.Body), "in the future") {
		t.Errorf("an end in the past: %s", r.Body)
	}

	// A token minted by a principal under a time-bound grant stops with it.
	end := serverNow(t, s).Add(2 * time.Hour)
	s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{
		"user_id": user, "organization_id": client, "role_id": "admin", "expires_at": rfc3339(end),
	})
	sa := s.Admin(t, 201, "POST", "/v1/service-accounts", map[string]any{"organization_id": client, "name": "Rules Robot"}).Str(t, "id")
	s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": sa, "organization_id": client, "role_id": "viewer"})
	own := s.Admin(t, 201, "POST", "/v1/users/"+user+"/tokens", map[string]any{"name": "own"}).Str(t, "token")
	minted := s.Must(t, 201, own, "POST", "/v1/service-accounts/"+sa+"/tokens", map[string]any{"name": "minted"}).Str(t, "token")
	s.Must(t, 200, minted, "GET", "/v1/organizations/"+client, nil)
	advance(t, s, 2*time.Hour)
	s.Must(t, http.StatusNotFound, minted, "GET", "/v1/organizations/"+client, nil)

	// The root's only administrator whose access never ends.
	root := listIDs(t, s.Admin(t, 200, "GET", "/v1/role-assignments?user_id="+s.AdminID+"&role_id=admin", nil))
	r = s.Admin(t, 409, "PATCH", "/v1/role-assignments/"+root[0], map[string]any{"expires_at": rfc3339(serverNow(t, s).Add(time.Hour))})
	if !strings.Contains(string(r.Body), "last_admin") {
		t.Errorf("an end for the last root administrator: %s", r.Body)
	}
	// A client's only administrator whose access never ends; a second one lets it through.
	adminA, _ := s.UserWithToken(t, client, "admin", "rules.admin.a@example.com")
	grantA := listIDs(t, s.Admin(t, 200, "GET", "/v1/role-assignments?user_id="+adminA, nil))[0]
	r = s.Admin(t, 409, "PATCH", "/v1/role-assignments/"+grantA, map[string]any{"expires_at": rfc3339(serverNow(t, s).Add(time.Hour))})
	if !strings.Contains(string(r.Body), "last_admin") || !strings.Contains(string(r.Body), client) {
		t.Errorf("an end for a client's last administrator: %s", r.Body)
	}
	s.UserWithToken(t, client, "admin", "rules.admin.b@example.com")
	s.Admin(t, 200, "PATCH", "/v1/role-assignments/"+grantA, map[string]any{"expires_at": rfc3339(serverNow(t, s).Add(time.Hour))})
	// Null makes it permanent again.
	if got := s.Admin(t, 200, "PATCH", "/v1/role-assignments/"+grantA, map[string]any{"expires_at": nil}).JSON(t); got["expires_at"] != nil {
		t.Errorf("null end: %v", got)
	}
}

// TestMaxGrantDuration: a client bounds the grants its partner's people
// hold or give on it; its own administrators grant its own people freely;
// the limit is set by the client's own administrator and named in the 400.
func TestMaxGrantDuration(t *testing.T) {
	s := acctest.StartAPI(t)
	partner := s.Org(t, "Limit Partner", "partner", s.RootID)
	client := s.Org(t, "Limit Client", "client", partner)
	_, partnerAdmin := s.UserWithToken(t, partner, "admin", "limit.partner.admin@example.com")
	_, clientAdmin := s.UserWithToken(t, client, "admin", "limit.client.admin@example.com")
	tech, _ := s.UserWithToken(t, partner, "", "limit.tech@example.com")
	local, _ := s.UserWithToken(t, client, "", "limit.local@example.com")

	bad := s.Must(t, 400, clientAdmin, "PATCH", "/v1/organizations/"+client, map[string]any{"max_grant_duration": "30d"})
	if !strings.Contains(string(bad.Body), `"field":"max_grant_duration"`) || !strings.Contains(string(bad.Body), "720h") {
		t.Errorf("a bad duration: %s", bad.Body)
	}
	s.Must(t, 400, clientAdmin, "PATCH", "/v1/organizations/"+client, map[string]any{"max_grant_duration": "30m"})
	org := s.Must(t, 200, clientAdmin, "PATCH", "/v1/organizations/"+client, map[string]any{"max_grant_duration": "168h"}).JSON(t)
	if org["max_grant_duration"] != "168h0m0s" {
		t.Errorf("max_grant_duration = %v, want 168h0m0s", org["max_grant_duration"])
	}

	now := serverNow(t, s)
	grant := func(token, user string, end *time.Time) acctest.Response {
		body := map[string]any{"user_id": user, "organization_id": client, "role_id": "viewer"}
		if end != nil {
			body["expires_at"] = rfc3339(*end)
		}
		return s.Do(t, token, "POST", "/v1/role-assignments", body)
	}
	tooLong := now.Add(200 * time.Hour)
	within := now.Add(100 * time.Hour)
	for name, r := range map[string]acctest.Response{
		"partner admin, no end": grant(partnerAdmin, tech, nil), "partner admin, 200h": grant(partnerAdmin, tech, &tooLong),
		"partner admin to a client user, no end": grant(partnerAdmin, local, nil),
	} {
		if r.Status != 400 || !strings.Contains(string(r.Body), "7 days") || !strings.Contains(string(r.Body), client) {
			t.Errorf("%s: %d %s, want a 400 naming the 7-day limit of %s", name, r.Status, r.Body, client)
		}
	}
	if r := grant(partnerAdmin, tech, &within); r.Status != 201 {
		t.Errorf("partner admin, 100h: %d %s", r.Status, r.Body)
	}
	if r := grant(clientAdmin, local, nil); r.Status != 201 {
		t.Errorf("client admin to a client user, no end: %d %s", r.Status, r.Body)
	}
	// Invitations carry the same bound on the grants they make.
	r := s.Do(t, partnerAdmin, "POST", "/v1/invitations", map[string]any{"email": "limit.invitee@example.com",
		"organization_id": partner, "organization_ids": []string{client}, "role_ids": []string{"viewer"}})
	if r.Status != 400 || !strings.Contains(string(r.Body), `"field":"access_expires_at"`) {
		t.Errorf("an invitation without an end into a limited client: %d %s", r.Status, r.Body)
	}
	s.Must(t, 201, partnerAdmin, "POST", "/v1/invitations", map[string]any{"email": "limit.invitee@example.com",
		"organization_id": partner, "organization_ids": []string{client}, "role_ids": []string{"viewer"},
		"access_expires_at": rfc3339(within)})
}

// TestInvitationAccessEnd: the grants an accepted invitation makes carry its
// access_expires_at, follow a change of it, and cannot be changed apart
// from it.
func TestInvitationAccessEnd(t *testing.T) {
	s := acctest.StartAPI(t)
	client := s.Org(t, "Invite End Client", "client", s.RootID)
	end := serverNow(t, s).Add(48 * time.Hour)
	inv := s.Admin(t, 201, "POST", "/v1/invitations", map[string]any{"email": "invite.end@example.com",
		"organization_id": client, "role_ids": []string{"viewer"}, "access_expires_at": rfc3339(end)}).JSON(t)
	if inv["access_expires_at"] != rfc3339(end) {
		t.Fatalf("invitation: %v", inv)
	}
	s.Do(t, "", "POST", "/v1/invitations/accept", map[string]any{"token": s.LinkToken(t, "invite.end@example.com"),
		"first_name": "In", "last_name": "Vited", "password": acctest.Password})
	id := inv["id"].(string)
	owned := s.Admin(t, 200, "GET", "/v1/role-assignments?invitation_id="+id, nil)
	if !strings.Contains(string(owned.Body), rfc3339(end)) {
		t.Fatalf("the accepted invitation's grant does not carry its end: %s", owned.Body)
	}
	grant := listIDs(t, owned)[0]
	r := s.Admin(t, 409, "PATCH", "/v1/role-assignments/"+grant, map[string]any{"expires_at": nil})
	if !strings.Contains(string(r.Body), "owned_by_invitation") {
		t.Errorf("changing an invitation's grant apart from it: %s", r.Body)
	}
	later := end.Add(24 * time.Hour)
	s.Admin(t, 200, "PATCH", "/v1/invitations/"+id, map[string]any{"access_expires_at": rfc3339(later)})
	if got := s.Admin(t, 200, "GET", "/v1/role-assignments/"+grant, nil).JSON(t); got["expires_at"] != rfc3339(later) {
		t.Errorf("the grant did not follow the invitation's new end: %v", got)
	}
}
