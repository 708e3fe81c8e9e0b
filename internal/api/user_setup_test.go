package api_test

import (
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// A user created disabled gets no set-up e-mail until enabled and resent.
func TestDisabledUserGetsNoSetupMail(t *testing.T) {
	s := acctest.StartAPI(t)
	id := s.Admin(t, 201, "POST", "/v1/users", map[string]any{"email": "later@example.com", "first_name": "L", "last_name": "A", "organization_id": s.RootID, "enabled": false}).Str(t, "id")
	var out struct{ Items []any }
	mustUnmarshal(t, s.Admin(t, 200, "GET", "/v1/dev/outbox?to=later@example.com", nil).Body, &out)
	if len(out.Items) != 0 {
		t.Fatalf("a disabled user was mailed a set-up link: %v", out.Items)
	}
	s.Admin(t, 200, "PATCH", "/v1/users/"+id, map[string]any{"enabled": true})
	s.Admin(t, 200, "POST", "/v1/users/"+id+"/resend-invitation", nil)
	s.LinkToken(t, "later@example.com")
}
