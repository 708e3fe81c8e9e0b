package api_test

import (
	"math"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// TestAttackRateLimitAcrossReplicas is the third round's fifth finding: one
// token spread over two PostgreSQL replicas at 5 a second with bursts of
// 50 got 101 of 200 requests through (each replica counted its own 50).
// The budget is the database's now: both replicas together admit at most
// the burst plus what refilled meanwhile, and RateLimit tells the shared
// budget, whichever replica answers.
func TestAttackRateLimitAcrossReplicas(t *testing.T) {
	o := acctest.Options{DatabaseURL: acctest.Postgres(t), RateLimit: 5, RateBurst: 50}
	a := acctest.StartAPI(t, o)
	b := acctest.StartAPI(t, acctest.Options{DatabaseURL: a.DatabaseURL, RateLimit: 5, RateBurst: 50})

	start := time.Now()
	for range 30 {
		a.Admin(t, 200, "GET", "/v1/me", nil)
	}
	_, remaining, _ := rateLimit(t, b.Admin(t, 200, "GET", "/v1/me", nil))
	if most := 50 - 31 + int(math.Ceil(5*time.Since(start).Seconds())); remaining > most {
		t.Errorf("after 31 requests, the other replica says %d remain, want at most %d: it does not see the shared budget", remaining, most)
	}

	var admitted atomic.Int64
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 25 {
				s := []*acctest.Server{a, b}[(w+i)%2]
				switch r := s.Do(t, acctest.BootstrapToken, "GET", "/v1/me", nil); r.Status {
				case http.StatusOK:
					admitted.Add(1)
				case http.StatusTooManyRequests:
				default:
					t.Errorf("%d %s", r.Status, r.Body)
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	total := int(admitted.Load()) + 31
	most := 50 + int(math.Ceil(5*elapsed.Seconds()))
	t.Logf("one token through two replicas at 5/s, bursts of 50: %d of 231 requests admitted in %s (at most %d)",
		total, elapsed.Round(10*time.Millisecond), most)
	if total > most {
		t.Errorf("%d requests admitted in %s through two replicas, want at most %d (50 + 5/s)", total, elapsed, most)
	}
	if total < 45 {
		t.Errorf("only %d requests admitted: leases lost most of the budget", total)
	}
}
