package api_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

func TestETagAndIfMatch(t *testing.T) {
	s := acctest.StartAPI(t)
	r := s.Admin(t, 201, "POST", "/v1/organizations", map[string]any{"name": "Acme", "kind": "client", "parent_id": s.RootID})
	id, etag := r.Str(t, "id"), r.Header.Get("ETag")
	if etag != `"1"` {
		t.Fatalf("ETag %q", etag)
	}
	r = s.Admin(t, 200, "PATCH", "/v1/organizations/"+id, map[string]any{"enabled": false}, "If-Match", etag)
	if r.Header.Get("ETag") != `"2"` {
		t.Fatalf("ETag after update %q", r.Header.Get("ETag"))
	}
	// A second writer with the old ETag loses with 412 and changes nothing.
	r = s.Do(t, acctest.BootstrapToken, "PATCH", "/v1/organizations/"+id, map[string]any{"name": "Other"}, "If-Match", etag)
	if r.Status != http.StatusPreconditionFailed || r.JSON(t)["current_version"] != float64(2) {
		t.Fatalf("stale write: %d %s", r.Status, r.Body)
	}
	if name := s.Admin(t, 200, "GET", "/v1/organizations/"+id, nil).Str(t, "name"); name != "Acme" {
		t.Fatalf("stale write applied: %s", name)
	}
	s.Must(t, 412, acctest.BootstrapToken, "DELETE", "/v1/organizations/"+id, nil, "If-Match", etag)
}

func TestIdempotentCreate(t *testing.T) {
	s := acctest.StartAPI(t)
	body := map[string]any{"name": "Acme", "kind": "client", "parent_id": s.RootID}
	first := s.Admin(t, 201, "POST", "/v1/organizations", body, "Idempotency-Key", "create-acme")
	again := s.Admin(t, 201, "POST", "/v1/organizations", body, "Idempotency-Key", "create-acme")
	if first.Str(t, "id") != again.Str(t, "id") || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retry made another object: %s vs %s", first.Body, again.Body)
	}
	body["name"] = "Other"
	r := s.Do(t, acctest.BootstrapToken, "POST", "/v1/organizations", body, "Idempotency-Key", "create-acme")
	if r.Status != http.StatusConflict || !strings.Contains(r.Str(t, "detail"), "Idempotency-Key") {
		t.Fatalf("key reuse: %d %s", r.Status, r.Body)
	}
}

func TestRateLimitAnswers429WithRetryAfter(t *testing.T) {
	s := acctest.StartAPI(t, acctest.Options{RateLimit: 1, RateBurst: 3})
	var limited *acctest.Response
	for range 10 {
		r := s.Do(t, acctest.BootstrapToken, "GET", "/v1/me", nil)
		if r.Status == http.StatusTooManyRequests {
			limited = &r
			break
		}
	}
	if limited == nil || limited.Header.Get("Retry-After") == "" {
		t.Fatal("no 429 with Retry-After after exceeding the burst")
	}
}

func TestListsPageThroughEverything(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	for i := range 23 {
		s.Admin(
			t,
			201,
			"POST",
			"/v1/users",
			map[string]any{
				"email":           fmt.Sprintf("u%02d@example.com", i),
				"first_name":      "U",
				"last_name":       fmt.Sprint(i),
				"organization_id": org,
				"send_invitation": false,
			},
		)
	}
	seen := map[string]bool{}
	token, pages := "", 0
	for {
		var out struct {
			Items []struct{ ID string }
			Next  string `json:"next_page_token"`
		}
		mustUnmarshal(t, s.Admin(t, 200, "GET", "/v1/users?organization_id="+org+"&limit=5&page_token="+token, nil).Body, &out)
		pages++
		for _, it := range out.Items {
			if seen[it.ID] {
				t.Fatalf("%s listed twice", it.ID)
			}
			seen[it.ID] = true
		}
		if out.Next == "" {
			break
		}
		token = out.Next
	}
	if len(seen) != 23 || pages != 5 {
		t.Fatalf("saw %d users in %d pages", len(seen), pages)
	}
}

func TestUserFiltersAndCSVExport(t *testing.T) {
	s := acctest.StartAPI(t)
	msp := s.Org(t, "MSP", "partner", s.RootID)
	client := s.Org(t, "Client", "client", msp)
	mk := func(email, org string) string {
		return s.Admin(
			t,
			201,
			"POST",
			"/v1/users",
			map[string]any{"email": email, "first_name": "=cmd()", "last_name": "Smith", "organization_id": org, "phone": "+14155550123"},
		).
			Str(t, "id")
	}
	mk("alice@example.com", msp)
	b := mk("bob@example.com", client)
	s.Admin(t, 200, "PATCH", "/v1/users/"+b, map[string]any{"initial_password": "set by an administrator"})
	session := s.Session(t, "bob@example.com", "set by an administrator", "")
	s.Must(t, 200, session, "POST", "/v1/me/password", map[string]any{"current_password": "set by an administrator",
		"new_password": acctest.Password})
	s.EnrollTOTP(t, session)
	count := func(q string) int {
		var out struct{ Items []any }
		mustUnmarshal(t, s.Admin(t, 200, "GET", "/v1/users?"+q, nil).Body, &out)
		return len(out.Items)
	}
	for q, want := range map[string]int{
		"organization_id=" + msp: 1, "organization_id=" + msp + "&include_descendants=true": 2,
		"mfa_enrolled=true": 1, "q=ALICE": 1, "q=smith": 2, "status=invited": 1, "email=BOB@example.com": 1,
	} {
		if got := count(q); got != want {
			t.Errorf("%s: %d users, want %d", q, got, want)
		}
	}
	r := s.Admin(t, 200, "GET", "/v1/users?organization_id="+msp+"&include_descendants=true", nil, "Accept", "text/csv")
	rows, err := csv.NewReader(strings.NewReader(string(r.Body))).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][1] != "email" {
		t.Fatalf("csv: %v %q", err, r.Body)
	}
	for _, row := range rows[1:] {
		if row[2] != "'=cmd()" || row[4] != "+14155550123" {
			t.Errorf("csv row not defused or phone mangled: %v", row)
		}
	}
}

func TestLockingIsNotAnAdministrativeChange(t *testing.T) {
	s := acctest.StartAPI(t)
	u := s.Admin(
		t,
		201,
		"POST",
		"/v1/users",
		map[string]any{"email": "l@example.com", "first_name": "L", "last_name": "K", "organization_id": s.RootID,
			"initial_password": "set by an administrator"},
	).
		Str(t, "id")
	s.Lock(t, "l@example.com")
	got := s.Admin(t, 200, "GET", "/v1/users/"+u, nil).JSON(t)
	if got["status"] != "locked" || got["enabled"] != true || got["locked"] != true {
		t.Fatalf("after failed sign-ins: %v", got)
	}
	// Re-enabling (what Terraform sends) never unlocks.
	got = s.Admin(t, 200, "PATCH", "/v1/users/"+u, map[string]any{"enabled": true}).JSON(t)
	if got["locked"] != true {
		t.Fatalf("PATCH enabled=true unlocked the user: %v", got)
	}
	got = s.Admin(t, 200, "POST", "/v1/users/"+u+"/unlock", nil).JSON(t)
	if got["status"] != "active" || got["locked"] != false {
		t.Fatalf("after unlock: %v", got)
	}
}

func TestAccountSetupAndResend(t *testing.T) {
	s := acctest.StartAPI(t)
	u := s.Admin(
		t,
		201,
		"POST",
		"/v1/users",
		map[string]any{"email": "set@example.com", "first_name": "S", "last_name": "U", "organization_id": s.RootID},
	).
		Str(t, "id")
	old := s.LinkToken(t, "set@example.com")
	s.Admin(t, 200, "POST", "/v1/users/"+u+"/resend-invitation", nil)
	fresh := s.LinkToken(t, "set@example.com")
	s.Must(t, 410, "", "POST", "/v1/account/setup", map[string]any{"token": old, "password": "a long enough password"})
	s.Must(t, 400, "", "POST", "/v1/account/setup", map[string]any{"token": fresh, "password": "short"})
	if st := s.Must(t, 200, "", "POST", "/v1/account/setup", map[string]any{"token": fresh, "password": "a long enough " +
		"password"}).Str(t, "status"); st != "active" {
		t.Fatalf("status %s", st)
	}
	s.Admin(t, 409, "POST", "/v1/users/"+u+"/resend-invitation", nil)
}

func TestNobodyLocksTheRootOut(t *testing.T) {
	s := acctest.StartAPI(t)
	var out struct{ Items []struct{ ID string } }
	mustUnmarshal(t, s.Admin(t, 200, "GET", "/v1/role-assignments?user_id="+s.AdminID, nil).Body, &out)
	for _, c := range []struct{ method, path string }{
		{"DELETE", "/v1/role-assignments/" + out.Items[0].ID},
		{"DELETE", "/v1/users/" + s.AdminID},
	} {
		r := s.Do(t, acctest.BootstrapToken, c.method, c.path, nil)
		if r.Status != http.StatusConflict {
			t.Errorf("%s %s: %d %s", c.method, c.path, r.Status, r.Body)
		}
	}
	r := s.Do(t, acctest.BootstrapToken, "PATCH", "/v1/users/"+s.AdminID, map[string]any{"enabled": false})
	if r.Status != http.StatusConflict || !strings.Contains(r.Str(t, "detail"), "your own account") {
		t.Errorf("self-disable: %d %s", r.Status, r.Body)
	}
	// With a second administrator the first can go, but the last one left cannot.
	other, token := s.UserWithToken(t, s.RootID, "admin", "second@example.com")
	s.Must(t, 204, token, "DELETE", "/v1/role-assignments/"+out.Items[0].ID, nil)
	var mine struct{ Items []struct{ ID string } }
	mustUnmarshal(t, s.Must(t, 200, token, "GET", "/v1/role-assignments?user_id="+other, nil).Body, &mine)
	s.Must(t, 409, token, "DELETE", "/v1/role-assignments/"+mine.Items[0].ID, nil)
}

func TestOrganizationDeleteRefusesNonEmptyUnlessForced(t *testing.T) {
	s := acctest.StartAPI(t)
	msp := s.Org(t, "MSP", "partner", s.RootID)
	client := s.Org(t, "Client", "client", msp)
	u, _ := s.UserWithToken(t, client, "viewer", "c@example.com")
	s.Admin(
		t,
		201,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "p@example.com", "organization_id": client, "role_ids": []string{"viewer"}},
	)
	r := s.Do(t, acctest.BootstrapToken, "DELETE", "/v1/organizations/"+msp, nil)
	if r.Status != http.StatusConflict || !containsAll(r.Str(t, "detail"), "1 child organization", "force") {
		t.Fatalf("non-empty delete: %d %s", r.Status, r.Body)
	}
	s.Admin(t, 204, "DELETE", "/v1/organizations/"+msp+"?force=true", nil)
	for _, p := range []string{"/v1/organizations/" + msp, "/v1/organizations/" + client, "/v1/users/" + u} {
		s.Admin(t, 404, "GET", p, nil)
	}
	s.Admin(t, 404, "DELETE", "/v1/organizations/"+msp, nil)
}

func TestBuiltinRolesAreProtectedAndGrantsAreBounded(t *testing.T) {
	s := acctest.StartAPI(t)
	s.Admin(t, 409, "PATCH", "/v1/roles/admin", map[string]any{"description": "x"})
	s.Admin(t, 409, "DELETE", "/v1/roles/viewer", nil)
	client := s.Org(t, "Client", "client", s.RootID)
	_, token := s.UserWithToken(t, client, "user_manager", "mgr@example.com")
	target, _ := s.UserWithToken(t, client, "", "t@example.com")
	r := s.Do(t, token, "POST", "/v1/role-assignments", map[string]any{"user_id": target, "organization_id": client, "role_id": "admin"})
	if r.Status != http.StatusForbidden || !strings.Contains(r.Str(t, "detail"), "do not hold") {
		t.Fatalf("escalation: %d %s", r.Status, r.Body)
	}
	s.Must(t, 201, token, "POST", "/v1/role-assignments", map[string]any{"user_id": target, "organization_id": client, "role_id": "viewer"})
	r = s.Do(t, token, "POST", "/v1/roles", map[string]any{"organization_id": client, "name": "Power", "permissions": []string{"roles:write"}})
	if r.Status != http.StatusForbidden {
		t.Fatalf("role with unheld permission: %d %s", r.Status, r.Body)
	}
}

func TestMeAndUserAccess(t *testing.T) {
	s := acctest.StartAPI(t)
	msp := s.Org(t, "MSP", "partner", s.RootID)
	client := s.Org(t, "Client", "client", msp)
	tech, token := s.UserWithToken(t, msp, "technician", "tech@example.com")
	var me struct {
		User   struct{ ID string }
		Access []struct {
			OrganizationID string `json:"organization_id"`
			Via            []struct{ Inherited bool }
		}
	}
	mustUnmarshal(t, s.Must(t, 200, token, "GET", "/v1/me", nil).Body, &me)
	if me.User.ID != tech || len(me.Access) != 2 {
		t.Fatalf("me: %+v", me)
	}
	for _, e := range me.Access {
		if e.Via[0].Inherited != (e.OrganizationID == client) {
			t.Errorf("inherited flag wrong for %s", e.OrganizationID)
		}
	}
}

// TestConcurrentWritersWithSameIfMatch: exactly one wins, the other gets 412.
func TestConcurrentWritersWithSameIfMatch(t *testing.T) {
	s := acctest.StartAPI(t)
	id := s.Org(t, "Race", "client", s.RootID)
	statuses := make(chan int, 2)
	for _, name := range []string{"Writer A", "Writer B"} {
		go func() {
			statuses <- s.Do(t, acctest.BootstrapToken, "PATCH", "/v1/organizations/"+id, map[string]any{"name": name}, "If-Match", `"1"`).Status
		}()
	}
	got := map[int]int{}
	got[<-statuses]++
	got[<-statuses]++
	if got[200] != 1 || got[412] != 1 {
		t.Fatalf("statuses %v, want one 200 and one 412", got)
	}
}

// TestAcceptEndpointIsRateLimited: guessing invitation tokens is throttled per client address.
func TestAcceptEndpointIsRateLimited(t *testing.T) {
	s := acctest.StartAPI(t, acctest.Options{PublicRate: 1, PublicBurst: 5})
	limited := 0
	for range 20 {
		r := s.Do(
			t,
			"",
			"POST",
			"/v1/invitations/accept",
			map[string]any{"token": "pinv_guess", "first_name": "G", "last_name": "U", "password": "a long enough password"},
		)
		if r.Status == http.StatusTooManyRequests && r.Header.Get("Retry-After") != "" {
			limited++
		}
	}
	if limited < 10 {
		t.Fatalf("only %d of 20 rapid guesses were rate-limited", limited)
	}
}

// TestIdempotencyKeysExpire: answers are kept for the window, then forgotten.
func TestIdempotencyKeysExpire(t *testing.T) {
	s := acctest.StartAPI(t)
	s.Admin(
		t,
		201,
		"POST",
		"/v1/organizations",
		map[string]any{"name": "First", "kind": "client", "parent_id": s.RootID},
		"Idempotency-Key",
		"k",
	)
	other := map[string]any{"name": "Second", "kind": "client", "parent_id": s.RootID}
	s.Admin(t, 409, "POST", "/v1/organizations", other, "Idempotency-Key", "k")
	s.Admin(t, 200, "POST", "/v1/dev/clock", map[string]any{"advance_seconds": 25 * 3600})
	if err := s.Service.PurgeExpired(t.Context()); err != nil {
		t.Fatal(err)
	}
	s.Admin(t, 201, "POST", "/v1/organizations", other, "Idempotency-Key", "k")
}
