package api_test

import (
	"net/http"
	"regexp"
	"strconv"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

var rateLimitField = regexp.MustCompile(`^"(\w+)";r=(\d+);t=(\d+)$`)

// rateLimit reads the RateLimit field: the policy's name, the requests
// remaining and the seconds until the quota is whole again.
func rateLimit(t *testing.T, r acctest.Response) (name string, remaining, reset int) {
	t.Helper()
	m := rateLimitField.FindStringSubmatch(r.Header.Get("RateLimit"))
	if m == nil {
		t.Fatalf("%d answer has RateLimit %q", r.Status, r.Header.Get("RateLimit"))
	}
	remaining, _ = strconv.Atoi(m[2])
	reset, _ = strconv.Atoi(m[3])
	return m[1], remaining, reset
}

// TestRateLimitHeadersTellTheBudget: every authenticated answer carries the
// policy (q requests per w seconds) and the remaining budget, which falls by
// one a request; the answer that runs out is a 429 with Retry-After and r=0.
func TestRateLimitHeadersTellTheBudget(t *testing.T) {
	const burst = 5
	// 0.01 a second: the bucket refills so slowly that the test sees no refill.
	s := acctest.StartAPI(t, acctest.Options{RateLimit: 0.01, RateBurst: burst})
	last := burst
	for i := range burst {
		r := s.Admin(t, 200, "GET", "/v1/me", nil)
		if got := r.Header.Get("RateLimit-Policy"); got != `"principal";q=5;w=500` {
			t.Fatalf("RateLimit-Policy %q, want q=5 (the burst) per w=500 s (5 at 0.01/s)", got)
		}
		name, remaining, reset := rateLimit(t, r)
		if name != "principal" || remaining != last-1 || reset < 100*(i+1)-1 || reset > 100*(i+1) {
			t.Fatalf("request %d: RateLimit %q, want r=%d and t≈%d", i+1, r.Header.Get("RateLimit"), last-1, 100*(i+1))
		}
		last = remaining
	}
	r := s.Do(t, acctest.BootstrapToken, "GET", "/v1/me", nil)
	if r.Status != http.StatusTooManyRequests {
		t.Fatalf("request %d: %d, want 429", burst+1, r.Status)
	}
	if ra, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || ra < 1 || ra > 100 {
		t.Fatalf("429 Retry-After %q, want 1..100 seconds", r.Header.Get("Retry-After"))
	}
	if _, remaining, reset := rateLimit(t, r); remaining != 0 || reset < burst*100-1 {
		t.Fatalf("429 RateLimit %q, want r=0 and t≈500", r.Header.Get("RateLimit"))
	}
	if r.Header.Get("RateLimit-Policy") == "" {
		t.Fatal("429 without RateLimit-Policy")
	}
	// An answer without a caller (no token) tells no principal's budget.
	if r := s.Do(t, "", "GET", "/v1/me", nil); r.Status != http.StatusUnauthorized || r.Header.Get("RateLimit") != "" {
		t.Fatalf("unauthenticated: %d with RateLimit %q", r.Status, r.Header.Get("RateLimit"))
	}
}

// TestRateLimitHeadersOnPublicEndpoints: the per-address limit of the public
// endpoints tells its own policy.
func TestRateLimitHeadersOnPublicEndpoints(t *testing.T) {
	s := acctest.StartAPI(t, acctest.Options{PublicRate: 2, PublicBurst: 10})
	r := s.Do(
		t,
		"",
		"POST",
		"/v1/invitations/accept",
		map[string]any{"token": "pinv_guess", "first_name": "G", "last_name": "U", "password": "a long enough password"},
	)
	if got := r.Header.Get("RateLimit-Policy"); got != `"address";q=10;w=5` {
		t.Fatalf("RateLimit-Policy %q", got)
	}
	if name, remaining, _ := rateLimit(t, r); name != "address" || remaining != 9 {
		t.Fatalf("RateLimit %q", r.Header.Get("RateLimit"))
	}
}

// TestRateLimitOffNeverAnswers429: with the limit off (portal-api
// --rate-limit 0) even a tiny configured bucket never answers 429, and no
// answer claims a budget.
func TestRateLimitOffNeverAnswers429(t *testing.T) {
	s := acctest.StartAPI(t, acctest.Options{RateLimit: 0.01, RateBurst: 1, RateLimitOff: true})
	for i := range 50 {
		r := s.Admin(t, 200, "GET", "/v1/me", nil)
		if r.Header.Get("RateLimit") != "" || r.Header.Get("RateLimit-Policy") != "" {
			t.Fatalf(
				"request %d with the limit off: RateLimit %q, RateLimit-Policy %q",
				i+1,
				r.Header.Get("RateLimit"),
				r.Header.Get("RateLimit-Policy"),
			)
		}
	}
}
