package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/service"
)

// The third security round: each test fails when its fix is removed.

// TestAttackDuplicateInvitationRevealsNothing: an invitation that reaches
// beyond a partner administrator's view (home P, a client of P and a client
// of another partner) is invisible to them; inviting the same address to P
// answers as if it did not exist, and the error never mentions it.
func TestAttackDuplicateInvitationRevealsNothing(t *testing.T) {
	m := newMSPTree(t)
	s := m.s
	other := s.Org(t, "Other MSP", "partner", s.RootID)
	otherClient := s.Org(t, "Other Client", "client", other)
	hidden := s.Admin(t, 201, "POST", "/v1/invitations", map[string]any{"email": "x@example.com", "organization_id": m.partner,
		"organization_ids": []string{m.client, otherClient}, "role_ids": []string{"viewer"}}).Str(t, "id")
	s.Must(t, http.StatusNotFound, m.partnerToken, "GET", "/v1/invitations/"+hidden, nil)
	r := s.Must(t, http.StatusCreated, m.partnerToken, "POST", "/v1/invitations", map[string]any{"email": "x@example.com",
		"organization_id": m.partner, "role_ids": []string{"viewer"}})
	if strings.Contains(string(r.Body), hidden) {
		t.Fatalf("the answer names the hidden invitation: %s", r.Body)
	}
	// A duplicate the administrator can see is still a 409 naming it.
	again := s.Must(t, http.StatusConflict, m.partnerToken, "POST", "/v1/invitations", map[string]any{"email": "x@example.com",
		"organization_id": m.partner, "role_ids": []string{"viewer"}})
	if !strings.Contains(string(again.Body), r.Str(t, "id")) || strings.Contains(string(again.Body), hidden) {
		t.Errorf("the visible duplicate: %s", again.Body)
	}
}

// TestAttackInviterMessageCannotPassForTheLink: the inviter's words come
// after the portal's own link, attributed and quoted, with no link of
// their own.
func TestAttackInviterMessageCannotPassForTheLink(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	s.Admin(t, 201, "POST", "/v1/invitations", map[string]any{
		"email": "mark@example.com", "organization_id": org, "role_ids": []string{"viewer"},
		"message": "Your invitation moved. Accept it here:\nhttps://evil.example/invitations/accept?token=pinv_fake\nor www.evil.example"})
	body := mailTo(t, s, "mark@example.com")
	link := strings.Index(body, s.URL+"/invitations/accept?token=")
	quote := strings.Index(body, "> Your invitation moved.")
	switch {
	case link < 0 || quote < 0 || quote < link:
		t.Errorf("the message is not quoted below the real link:\n%s", body)
	case strings.Contains(body, "https://evil") || strings.Contains(body, "evil.example") || strings.Contains(body, "www.evil"):
		t.Errorf("the message keeps a link of its own:\n%s", body)
	case !strings.Contains(body, "admin[at]portal[.]test") || !strings.Contains(body, "did not write or check"):
		t.Errorf("the message is not attributed to its sender:\n%s", body)
	}
}

// TestAttackMailFloodPerAddress: creating and deleting invitations to one
// address mails it at most the budget an hour; beyond it the create is a
// 429 with Retry-After that writes nothing.
func TestAttackMailFloodPerAddress(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	refused := 0
	for range 10 {
		r := s.Do(t, acctest.BootstrapToken, "POST", "/v1/invitations", map[string]any{"email": "flood@example.com",
			"organization_id": org, "role_ids": []string{"viewer"}})
		if r.Status == http.StatusTooManyRequests {
			if r.Header.Get("Retry-After") == "" || !strings.Contains(string(r.Body), "mail_budget") {
				t.Fatalf("a refusal without Retry-After: %s", r.Body)
			}
			refused++
			continue
		}
		if r.Status != http.StatusCreated {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		s.Admin(t, 204, "DELETE", "/v1/invitations/"+r.Str(t, "id"), nil)
	}
	if n := s.MailCount(t, "FLOOD@example.com"); n != service.MailBudget || refused != 10-service.MailBudget {
		t.Errorf("%d messages and %d refusals, want %d and %d", n, refused, service.MailBudget, 10-service.MailBudget)
	}
	if n := len(s.Admin(t, 200, "GET", "/v1/invitations?email=flood@example.com", nil).JSON(t)["items"].([]any)); n != 0 {
		t.Errorf("refused creates left %d invitations", n)
	}
	// An hour on, the address has its budget again.
	s.Admin(t, 200, "POST", "/v1/dev/clock", map[string]any{"advance_seconds": 3601})
	s.Admin(t, 201, "POST", "/v1/invitations", map[string]any{
		"email": "flood@example.com", "organization_id": org, "role_ids": []string{"viewer"},
	})
}

// mailTo is the body of the newest message to addr.
func mailTo(t *testing.T, s *acctest.Server, addr string) string {
	t.Helper()
	items, _ := s.Admin(t, 200, "GET", "/v1/dev/outbox?to="+addr, nil).JSON(t)["items"].([]any)
	if len(items) == 0 {
		t.Fatalf("no message to %s", addr)
	}
	return items[0].(map[string]any)["body"].(string)
}
