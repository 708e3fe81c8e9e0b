package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// TestRateLimitIsPerUserNotPerToken: a second token of the same user shares
// the first one's bucket, so minting tokens buys no more requests; another
// user keeps their own bucket.
func TestRateLimitIsPerUserNotPerToken(t *testing.T) {
	const burst = 20
	s := acctest.StartAPI(t, acctest.Options{RateLimit: 0.01, RateBurst: burst})
	user, first := s.UserWithToken(t, s.RootID, "viewer", "v@example.com")
	second := s.Admin(t, 201, "POST", "/v1/users/"+user+"/tokens", map[string]any{"name": "second"}).Str(t, "token")
	for i := range burst {
		tok := first
		if i%2 == 1 {
			tok = second
		}
		s.Must(t, 200, tok, "GET", "/v1/me", nil)
	}
	for _, tok := range []string{first, second} {
		r := s.Do(t, tok, "GET", "/v1/me", nil)
		if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
			t.Fatalf("request %d of the user, on another token: %d %s", burst+1, r.Status, r.Body)
		}
	}
	// The administrator's bucket is their own.
	s.Admin(t, 200, "GET", "/v1/me", nil)
}

// TestLiveAPITokensPerUserAreCapped: an account holds at most 20 live
// tokens; the 21st is a 409 naming the limit and the way out, and deleting
// or letting one expire frees a place.
func TestLiveAPITokensPerUserAreCapped(t *testing.T) {
	s := acctest.StartAPI(t)
	user, token := s.UserWithToken(t, s.RootID, "viewer", "v@example.com")
	s.Must(t, 201, token, "POST", "/v1/users/"+user+"/tokens", map[string]any{"name": "short-lived", "expires_in_seconds": 60})
	for i := 2; i < 20; i++ {
		s.Admin(t, 201, "POST", "/v1/users/"+user+"/tokens", map[string]any{"name": "t"})
	}
	before := snapshot(t, s)
	for _, tok := range []string{token, acctest.BootstrapToken} {
		r := s.Do(t, tok, "POST", "/v1/users/"+user+"/tokens", map[string]any{"name": "one too many"})
		if r.Status != http.StatusConflict || !containsAll(string(r.Body), "20", "delete", "too_many_tokens") {
			t.Fatalf("21st token: %d %s", r.Status, r.Body)
		}
	}
	if snapshot(t, s) != before {
		t.Fatal("a refused token was stored")
	}
	// An expired token no longer counts.
	s.Admin(t, 200, "POST", "/v1/dev/clock", map[string]any{"advance_seconds": 61})
	s.Admin(t, 201, "POST", "/v1/users/"+user+"/tokens", map[string]any{"name": "replacement"})
	s.Must(t, 409, token, "POST", "/v1/users/"+user+"/tokens", map[string]any{"name": "again"})
	// Deleting one frees a place.
	var out struct{ Items []struct{ ID, Name string } }
	mustUnmarshal(t, s.Admin(t, 200, "GET", "/v1/users/"+user+"/tokens", nil).Body, &out)
	for _, k := range out.Items {
		if strings.HasPrefix(k.Name, "t") && k.Name != "test" {
			s.Admin(t, 204, "DELETE", "/v1/users/"+user+"/tokens/"+k.ID, nil)
			break
		}
	}
	s.Must(t, 201, token, "POST", "/v1/users/"+user+"/tokens", map[string]any{"name": "fits again"})
}
