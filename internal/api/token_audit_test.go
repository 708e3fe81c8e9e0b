package api_test

import (
	"strings"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

func TestAPITokensAreShownOnceAndRevocable(t *testing.T) {
	s := acctest.StartAPI(t)
	user, token := s.UserWithToken(t, s.RootID, "viewer", "v@example.com")
	list := s.Admin(t, 200, "GET", "/v1/users/"+user+"/tokens", nil)
	var out struct {
		Items []struct{ ID, Prefix string }
	}
	mustUnmarshal(t, list.Body, &out)
	// The prefix tells the kind of credential and nothing of the secret.
	if strings.Contains(string(list.Body), token) || strings.Contains(string(list.Body), token[:8]) || len(out.Items) != 1 ||
		out.Items[0].Prefix != "ptk_" {
		t.Fatalf("list shows part of the secret, or not the type prefix: %s", list.Body)
	}
	s.Must(t, 200, token, "GET", "/v1/me", nil)
	s.Admin(t, 204, "DELETE", "/v1/users/"+user+"/tokens/"+out.Items[0].ID, nil)
	s.Must(t, 401, token, "GET", "/v1/me", nil)
}

func TestDisabledAccountCannotAct(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	user, token := s.UserWithToken(t, org, "viewer", "v@example.com")
	s.Must(t, 200, token, "GET", "/v1/me", nil)
	s.Admin(t, 200, "PATCH", "/v1/organizations/"+org, map[string]any{"enabled": false})
	s.Must(t, 401, token, "GET", "/v1/me", nil)
	s.Admin(t, 200, "PATCH", "/v1/organizations/"+org, map[string]any{"enabled": true})
	s.Admin(t, 200, "PATCH", "/v1/users/"+user, map[string]any{"enabled": false})
	s.Must(t, 401, token, "GET", "/v1/me", nil)
}

func TestChangesWriteAuditEvents(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	s.Admin(t, 200, "PATCH", "/v1/organizations/"+org, map[string]any{"name": "Acme Corp"})
	var out struct {
		Items []struct {
			Action      string         `json:"action"`
			ActorUserID string         `json:"actor_user_id"`
			Before      map[string]any `json:"before"`
			After       map[string]any `json:"after"`
		}
	}
	mustUnmarshal(t, s.Admin(t, 200, "GET", "/v1/audit-events?object_id="+org, nil).Body, &out)
	if len(out.Items) != 2 || out.Items[1].Action != "organization.update" || out.Items[1].ActorUserID != s.AdminID ||
		out.Items[1].Before["name"] != "Acme" || out.Items[1].After["name"] != "Acme Corp" {
		t.Fatalf("audit: %+v", out.Items)
	}
}
