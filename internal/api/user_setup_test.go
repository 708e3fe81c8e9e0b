package api_test

import (
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// A user created disabled gets no set-up e-mail until enabled and resent.
func TestDisabledUserGetsNoSetupMail(t *testing.T) {
	s := acctest.StartAPI(t)
	id := s.Admin(
		t,
		201,
		"POST",
		"/v1/users",
		map[string]any{"email": "later@example.com", "first_name": "L", "last_name": "A", "organization_id": s.RootID, "enabled": false},
	).
		Str(t, "id")
	var out struct{ Items []any }
	mustUnmarshal(t, s.Admin(t, 200, "GET", "/v1/dev/outbox?to=later@example.com", nil).Body, &out)
	if len(out.Items) != 0 {
		t.Fatalf("a disabled user was mailed a set-up link: %v", out.Items)
	}
	s.Admin(t, 200, "PATCH", "/v1/users/"+id, map[string]any{"enabled": true})
	s.Admin(t, 200, "POST", "/v1/users/"+id+"/resend-invitation", nil)
	s.LinkToken(t, "later@example.com")
}

// status=expired finds invited users whose set-up link has expired.
func TestUsersFilterExpiredSetup(t *testing.T) {
	s := acctest.StartAPI(t)
	late := s.Admin(
		t,
		201,
		"POST",
		"/v1/users",
		map[string]any{"email": "late@example.com", "first_name": "L", "last_name": "A", "organization_id": s.RootID},
	).
		Str(t, "id")
	s.Admin(
		t,
		201,
		"POST",
		"/v1/users",
		map[string]any{"email": "done@example.com", "first_name": "D", "last_name": "O", "organization_id": s.RootID},
	)
	s.FinishSetup(t, "done@example.com")
	count := func() []string {
		var out struct{ Items []struct{ ID string } }
		mustUnmarshal(t, s.Admin(t, 200, "GET", "/v1/users?status=expired", nil).Body, &out)
		var ids []string
		for _, u := range out.Items {
			ids = append(ids, u.ID)
		}
		return ids
	}
	if got := count(); len(got) != 0 {
		t.Fatalf("expired before any link expired: %v", got)
	}
	s.Admin(t, 200, "POST", "/v1/dev/clock", map[string]any{"advance_seconds": 8 * 24 * 3600})
	if got := count(); len(got) != 1 || got[0] != late {
		t.Fatalf("expired after eight days: %v, want only %s", got, late)
	}
}
