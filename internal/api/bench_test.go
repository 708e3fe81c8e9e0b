package api_test

import (
	"fmt"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// The API's cost per request over loopback HTTP, from authentication to the
// committed SQLite transaction. Run with make bench.

func BenchmarkCreateUser(b *testing.B) {
	s := acctest.StartAPI(b)
	org := s.Org(b, "Bench Client", "client", s.RootID)
	i := 0
	for b.Loop() {
		s.Admin(b, 201, "POST", "/v1/users", map[string]any{"email": fmt.Sprintf("u%d@bench.example", i), "first_name": "B",
			"last_name": "U", "organization_id": org})
		i++
	}
}

func BenchmarkGetUser(b *testing.B) {
	s := acctest.StartAPI(b)
	for b.Loop() {
		s.Admin(b, 200, "GET", "/v1/users/"+s.AdminID, nil)
	}
}

// BenchmarkListUsers reads one page of 100 of 2,000 users, filtered by
// organization with its descendants, as the portal's user page does.
func BenchmarkListUsers(b *testing.B) {
	s := acctest.StartAPI(b)
	partner := s.Org(b, "Bench Partner", "partner", s.RootID)
	for c := range 20 {
		org := s.Org(b, fmt.Sprintf("Bench Client %d", c), "client", partner)
		for u := range 100 {
			s.Admin(b, 201, "POST", "/v1/users", map[string]any{"email": fmt.Sprintf("u%d-%d@bench.example", c, u), "first_name": "B",
				"last_name": "U", "organization_id": org, "send_invitation": false})
		}
	}
	for b.Loop() {
		s.Admin(b, 200, "GET", "/v1/users?limit=100&include_descendants=true&organization_id="+partner, nil)
	}
}
