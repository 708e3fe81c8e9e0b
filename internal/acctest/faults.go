package acctest

import (
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// BypassFaultsHeader marks the test's own requests, which the fault
// injector lets through untouched so that checks see the true state.
const BypassFaultsHeader = "X-Portal-Test-Bypass-Faults"

// FaultStats counts what the injector did.
type FaultStats struct {
	Requests, ServerErrors, RateLimited, Resets, Stalls atomic.Int64
}

// FaultRates are the shares of API requests that fail each way.
type FaultRates struct {
	ServerError, RateLimit, ResetAfterCommit, Stall float64
	StallFor                                        time.Duration
}

// Faults wraps the API so that a share of requests fail: 500 before the
// handler runs, 429 with Retry-After: 1, a connection reset after the handler
// has committed (the client never sees the answer), or a stalled answer.
func Faults(seed uint64, rates FaultRates, stats *FaultStats) func(http.Handler) http.Handler {
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	roll := func() float64 {
		mu.Lock()
		defer mu.Unlock()
		return rng.Float64()
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get(BypassFaultsHeader) != "" || !strings.HasPrefix(r.URL.Path, "/v1/") {
				next.ServeHTTP(w, r)
				return
			}
			stats.Requests.Add(1)
			x := roll()
			switch {
			case x < rates.ServerError:
				stats.ServerErrors.Add(1)
				http.Error(w, `{"detail":"injected failure","code":"internal"}`, http.StatusInternalServerError)
			case x < rates.ServerError+rates.RateLimit:
				stats.RateLimited.Add(1)
				w.Header().Set("Retry-After", "1")
				http.Error(w, `{"detail":"injected rate limit","code":"rate_limited"}`, http.StatusTooManyRequests)
			case x < rates.ServerError+rates.RateLimit+rates.ResetAfterCommit:
				stats.Resets.Add(1)
				next.ServeHTTP(httptest.NewRecorder(), r) // the change commits...
				if hj, ok := w.(http.Hijacker); ok {      // ...and the answer is lost
					if conn, _, err := hj.Hijack(); err == nil {
						_ = conn.Close()
						return
					}
				}
				http.Error(w, "reset", http.StatusBadGateway)
			case x < rates.ServerError+rates.RateLimit+rates.ResetAfterCommit+rates.Stall:
				stats.Stalls.Add(1)
				time.Sleep(rates.StallFor)
				next.ServeHTTP(w, r)
			default:
				next.ServeHTTP(w, r)
			}
		})
	}
}
