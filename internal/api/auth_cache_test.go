package api_test

import (
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// TestAuthenticationSeesEveryChange: what authentication read for a token is
// remembered, so each change that must end a token's use is made right after
// the token was answered from the cache, through the API and
// out of band (another process or replica on the same database), and the
// very next request must be refused.
func TestAuthenticationSeesEveryChange(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	changes := []struct {
		name   string
		change func(t *testing.T, userID, orgID string)
	}{
		{"token revoked", func(t *testing.T, userID, _ string) {
			items, _ := s.Admin(t, 200, "GET", "/v1/users/"+userID+"/tokens", nil).JSON(t)["items"].([]any)
			if len(items) != 1 {
				t.Fatalf("the user has %d tokens, want 1", len(items))
			}
			s.Admin(t, 204, "DELETE", "/v1/users/"+userID+"/tokens/"+items[0].(map[string]any)["id"].(string), nil)
		}},
		{"account disabled", func(t *testing.T, userID, _ string) {
			s.Admin(t, 200, "PATCH", "/v1/users/"+userID, map[string]any{"enabled": false})
		}},
		{"home organization cut off", func(t *testing.T, _, orgID string) {
			s.Admin(t, 200, "PATCH", "/v1/organizations/"+orgID, map[string]any{"enabled": false})
		}},
		{"token revoked out of band", func(t *testing.T, userID, _ string) {
			s.OutOfBand(t, "DELETE FROM api_tokens WHERE user_id = ?", userID)
		}},
		{"account disabled out of band", func(t *testing.T, userID, _ string) {
			s.OutOfBand(t, "UPDATE users SET enabled = ? WHERE id = ?", false, userID)
		}},
		{"organization cut off out of band", func(t *testing.T, _, orgID string) {
			s.OutOfBand(t, "UPDATE organizations SET enabled = ? WHERE id = ?", false, orgID)
		}},
		{"account deleted out of band", func(t *testing.T, userID, _ string) {
			s.OutOfBand(t, "DELETE FROM users WHERE id = ?", userID)
		}},
	}
	for i, c := range changes {
		t.Run(c.name, func(t *testing.T) {
			org := s.Org(t, "Auth cache "+c.name, "client", s.RootID)
			userID, token := s.UserWithToken(t, org, "viewer", "auth-cache-"+string(rune('a'+i))+"@example.com")
			s.Must(t, 200, token, "GET", "/v1/me", nil)
			s.Service.Drain() // its use is recorded (a commit, which empties the cache)
			for range 2 {     // read afresh and remembered, then answered from the cache
				s.Must(t, 200, token, "GET", "/v1/me", nil)
			}
			c.change(t, userID, org)
			s.Must(t, 401, token, "GET", "/v1/me", nil)
		})
	}
}
