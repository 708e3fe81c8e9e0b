package api

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// limiter limits each key (a principal, a client address) to perSec
// requests a second with bursts of burst, and tells the client its budget in
// the RateLimit-Policy and RateLimit fields of
// draft-ietf-httpapi-ratelimit-headers: the bucket holds q requests and
// refills continuously at q/w per second. Where the budgets are kept is
// budgets' business: in the process (localBudgets) or, on PostgreSQL, in
// the database for every replica to share (sharedBudgets).
type limiter struct {
	perSec  float64
	burst   int
	name    string // the policy's name in both fields
	policy  string // the RateLimit-Policy field
	budgets budgets
}

// budgets take one request from a key's budget.
type budgets interface {
	take(ctx context.Context, key string, now time.Time) (verdict, error)
}

// verdict is a budget's answer to one request.
type verdict struct {
	ok   bool
	left float64       // requests left in the budget
	wait time.Duration // until one is, when not ok
}

// newLimiter advertises the quota as q=burst per w=ceil(burst/perSec)
// seconds, so that q/w, the pace a client may keep up, never exceeds perSec.
func newLimiter(name string, perSec float64, burst int, b budgets) *limiter {
	window := max(int64(math.Ceil(float64(burst)/perSec)), 1)
	return &limiter{perSec: perSec, burst: burst, name: name, budgets: b, policy: fmt.Sprintf("%q;q=%d;w=%d", name, burst, window)}
}

// idleAfter is how long a key's budget takes to fill up again, so that one
// idle this long can be forgotten without changing anything (at least a
// minute, at most a day).
func idleAfter(perSec float64, burst int) time.Duration {
	fill := float64(burst) / perSec
	return time.Duration(min(max(fill, 60), (24*time.Hour).Seconds()) * float64(time.Second))
}

// allow takes one request from key's budget and sets RateLimit-Policy and
// RateLimit, or answers 429 with Retry-After; a budget that cannot be read
// is the error of the request. A nil limiter allows everything and sends no
// fields.
func (a *API) allow(w http.ResponseWriter, r *http.Request, l *limiter, key string) bool {
	if l == nil {
		return true
	}
	v, err := l.budgets.take(r.Context(), key, time.Now())
	if err != nil {
		a.writeError(w, r, fmt.Errorf("read the rate budget: %w", err))
		return false
	}
	// r: whole requests left now; t: seconds until the budget is full again.
	left := min(max(v.left, 0), float64(l.burst))
	remaining := int64(math.Floor(left))
	reset := int64(math.Ceil((float64(l.burst) - left) / l.perSec))
	h := w.Header()
	h.Set("RateLimit-Policy", l.policy)
	h.Set("RateLimit", fmt.Sprintf("%q;r=%d;t=%d", l.name, remaining, max(reset, 0)))
	if v.ok {
		return true
	}
	secs := max(int(math.Ceil(v.wait.Seconds())), 1)
	h.Set("Retry-After", fmt.Sprint(secs))
	writeProblem(
		w,
		wire.Problem{
			Type:   "urn:portal:problem:rate_limited",
			Title:  "Too Many Requests",
			Status: http.StatusTooManyRequests,
			Code:   "rate_limited",
			Detail: fmt.Sprintf("too many requests; retry after %d second(s)", secs),
		},
	)
	return false
}
