package api_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

func TestInvitationLifecycle(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	inv := s.Admin(t, 201, "POST", "/v1/invitations", map[string]any{"email": "Newbie@Example.com", "organization_id": org,
		"role_ids": []string{"viewer", "user_manager"}, "message": "Welcome aboard"})
	id := inv.Str(t, "id")
	if inv.Str(t, "status") != "pending" {
		t.Fatalf("status %s", inv.Body)
	}
	first := s.LinkToken(t, "newbie@example.com")

	// Resend rotates the link: the first one stops working.
	s.Admin(t, 200, "POST", "/v1/invitations/"+id+"/resend", nil)
	second := s.LinkToken(t, "newbie@example.com")
	if first == second {
		t.Fatal("resend kept the same link")
	}
	accept := func(token string) acctest.Response {
		return s.Do(
			t,
			"",
			"POST",
			"/v1/invitations/accept",
			map[string]any{"token": token, "first_name": "New", "last_name": "Bie", "password": "correct horse battery"},
		)
	}
	if r := accept(first); r.Status != http.StatusGone {
		t.Fatalf("old link: %d %s", r.Status, r.Body)
	}
	r := accept(second)
	if r.Status != 200 || r.JSON(t)["account_created"] != true {
		t.Fatalf("accept: %d %s", r.Status, r.Body)
	}
	userID := r.Str(t, "user_id")
	if r := accept(second); r.Status != http.StatusGone {
		t.Fatalf("link reused: %d %s", r.Status, r.Body)
	}
	got := s.Admin(t, 200, "GET", "/v1/invitations/"+id, nil).JSON(t)
	if got["status"] != "accepted" || got["user_id"] != userID {
		t.Fatalf("after accept: %v", got)
	}
	u := s.Admin(t, 200, "GET", "/v1/users/"+userID, nil).JSON(t)
	if u["organization_id"] != org || u["status"] != "active" || u["email"] != "Newbie@Example.com" {
		t.Fatalf("user: %v", u)
	}
	countAssignments := func() int {
		var out struct{ Items []any }
		r := s.Admin(t, 200, "GET", "/v1/role-assignments?invitation_id="+id, nil)
		mustUnmarshal(t, r.Body, &out)
		return len(out.Items)
	}
	if n := countAssignments(); n != 2 {
		t.Fatalf("%d assignments, want 2", n)
	}
	// Changing the roles of an accepted invitation changes the access it granted.
	s.Admin(t, 200, "PATCH", "/v1/invitations/"+id, map[string]any{"role_ids": []string{"viewer"}})
	if n := countAssignments(); n != 1 {
		t.Fatalf("%d assignments after role change, want 1", n)
	}
	// Deleting it removes the access, never the account.
	s.Admin(t, 204, "DELETE", "/v1/invitations/"+id, nil)
	if n := countAssignments(); n != 0 {
		t.Fatalf("%d assignments after delete", n)
	}
	s.Admin(t, 200, "GET", "/v1/users/"+userID, nil)
}

func TestInvitationForExistingAccountIsAcceptedAtOnce(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	other := s.Org(t, "Beta", "client", s.RootID)
	user := s.Admin(
		t,
		201,
		"POST",
		"/v1/users",
		map[string]any{"email": "pat@example.com", "first_name": "P", "last_name": "T", "organization_id": other},
	).
		Str(t, "id")
	s.FinishSetup(t, "pat@example.com")
	inv := s.Admin(
		t,
		201,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "PAT@example.com", "organization_id": org, "role_ids": []string{"technician"}},
	).
		JSON(t)
	if inv["status"] != "accepted" || inv["user_id"] != user {
		t.Fatalf("invitation: %v", inv)
	}
	access := s.Admin(t, 200, "GET", "/v1/users/"+user+"/access", nil)
	if !containsAll(string(access.Body), org, "technician") {
		t.Fatalf("access: %s", access.Body)
	}
}

func TestInvitationExpiryAndRenewal(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	id := s.Admin(t, 201, "POST", "/v1/invitations", map[string]any{"email": "late@example.com", "organization_id": org,
		"role_ids": []string{"viewer"}, "expires_in_seconds": 3600}).Str(t, "id")
	token := s.LinkToken(t, "late@example.com")
	s.Admin(t, 200, "POST", "/v1/dev/clock", map[string]any{"advance_seconds": 3601})
	if st := s.Admin(t, 200, "GET", "/v1/invitations/"+id, nil).Str(t, "status"); st != "expired" {
		t.Fatalf("status %s", st)
	}
	r := s.Do(
		t,
		"",
		"POST",
		"/v1/invitations/accept",
		map[string]any{"token": token, "first_name": "L", "last_name": "A", "password": "a long enough password"},
	)
	if r.Status != http.StatusGone || !containsAll(string(r.Body), "expired") {
		t.Fatalf("expired accept: %d %s", r.Status, r.Body)
	}
	var expired struct{ Items []any }
	mustUnmarshal(t, s.Admin(t, 200, "GET", "/v1/invitations?status=expired", nil).Body, &expired)
	if len(expired.Items) != 1 {
		t.Fatalf("expired filter: %d", len(expired.Items))
	}
	if st := s.Admin(t, 200, "POST", "/v1/invitations/"+id+"/resend", nil).Str(t, "status"); st != "pending" {
		t.Fatalf("renewed status %s", st)
	}
}

func TestRevokedInvitationLinkIsDead(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	id := s.Admin(
		t,
		201,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "gone@example.com", "organization_id": org, "role_ids": []string{"viewer"}},
	).
		Str(t, "id")
	token := s.LinkToken(t, "gone@example.com")
	if st := s.Admin(t, 200, "POST", "/v1/invitations/"+id+"/revoke", nil).Str(t, "status"); st != "revoked" {
		t.Fatalf("status %s", st)
	}
	r := s.Do(
		t,
		"",
		"POST",
		"/v1/invitations/accept",
		map[string]any{"token": token, "first_name": "G", "last_name": "O", "password": "a long enough password"},
	)
	if r.Status != http.StatusGone {
		t.Fatalf("revoked link: %d %s", r.Status, r.Body)
	}
}

// TestConcurrentAcceptsExactlyOneWins races 50 accepts of one link.
func TestConcurrentAcceptsExactlyOneWins(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	s.Admin(
		t,
		201,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "race@example.com", "organization_id": org, "role_ids": []string{"viewer"}},
	)
	token := s.LinkToken(t, "race@example.com")
	var wg sync.WaitGroup
	statuses := make([]int, 50)
	for i := range statuses {
		wg.Go(func() {
			statuses[i] = s.Do(
				t,
				"",
				"POST",
				"/v1/invitations/accept",
				map[string]any{"token": token, "first_name": "R", "last_name": fmt.Sprint(i), "password": "a long enough password"},
			).Status
		})
	}
	wg.Wait()
	won := 0
	for _, st := range statuses {
		switch st {
		case 200:
			won++
		case http.StatusGone:
		default:
			t.Errorf("unexpected status %d", st)
		}
	}
	if won != 1 {
		t.Fatalf("%d accepts won, want exactly 1 (%v)", won, statuses)
	}
	var users struct{ Items []any }
	mustUnmarshal(t, s.Admin(t, 200, "GET", "/v1/users?email=race@example.com", nil).Body, &users)
	if len(users.Items) != 1 {
		t.Fatalf("%d accounts created", len(users.Items))
	}
}
