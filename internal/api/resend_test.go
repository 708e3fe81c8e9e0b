package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// TestResendsAreThrottledPerObject: the first resend after the link was
// first mailed is free; a second within a minute is a 429 with Retry-After
// that sends nothing and changes nothing; a minute later it works again.
// Other objects are not affected.
func TestResendsAreThrottledPerObject(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	inv := s.Admin(
		t,
		201,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "inv@example.com", "organization_id": org, "role_ids": []string{"viewer"}},
	).
		Str(t, "id")
	other := s.Admin(
		t,
		201,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "other@example.com", "organization_id": org, "role_ids": []string{"viewer"}},
	).
		Str(t, "id")
	user := s.Admin(
		t,
		201,
		"POST",
		"/v1/users",
		map[string]any{"email": "usr@example.com", "first_name": "U", "last_name": "S", "organization_id": org},
	).
		Str(t, "id")
	for _, c := range []struct{ path, mailbox string }{
		{"/v1/invitations/" + inv + "/resend", "inv@example.com"},
		{"/v1/users/" + user + "/resend-invitation", "usr@example.com"},
	} {
		s.Admin(t, 200, "POST", c.path, nil) // right after the first mailing: free
		link := s.LinkToken(t, c.mailbox)
		before := snapshot(t, s)
		r := s.Do(t, acctest.BootstrapToken, "POST", c.path, nil)
		if r.Status != http.StatusTooManyRequests || r.Header.Get("Content-Type") != "application/problem+json" ||
			!containsAll(string(r.Body), "resend_too_soon", "once a minute", "retry after") {
			t.Fatalf("second resend of %s: %d %s", c.path, r.Status, r.Body)
		}
		if secs, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || secs < 1 || secs > 60 {
			t.Fatalf("Retry-After %q", r.Header.Get("Retry-After"))
		}
		if snapshot(t, s) != before || s.LinkToken(t, c.mailbox) != link {
			t.Fatalf("a throttled resend of %s changed data or sent mail", c.path)
		}
	}
	// Another invitation keeps its own allowance.
	s.Admin(t, 200, "POST", "/v1/invitations/"+other+"/resend", nil)
	// A minute later each can be resent again.
	s.Admin(t, 200, "POST", "/v1/dev/clock", map[string]any{"advance_seconds": 61})
	s.Admin(t, 200, "POST", "/v1/invitations/"+inv+"/resend", nil)
	s.Admin(t, 200, "POST", "/v1/users/"+user+"/resend-invitation", nil)
	r := s.Do(t, acctest.BootstrapToken, "POST", "/v1/invitations/"+inv+"/resend", nil)
	if r.Status != http.StatusTooManyRequests || !strings.Contains(string(r.Body), inv) {
		t.Fatalf("third resend right after the second: %d %s", r.Status, r.Body)
	}
}
