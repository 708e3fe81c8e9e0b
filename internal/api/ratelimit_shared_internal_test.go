package api

import (
	"context"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/service"
)

// bucketInMemory is a shared budget for the unit tests: it grants what
// it holds, counting the statements a database would run.
type bucketInMemory struct {
	held       float64
	statements int
}

func (b *bucketInMemory) take(_ context.Context, _ string, want int) (service.RateLease, error) {
	b.statements++
	n := min(want, int(b.held))
	b.held -= float64(n)
	if n == 0 {
		return service.RateLease{Left: b.held, Next: 200 * time.Millisecond}, nil
	}
	return service.RateLease{Granted: n, Left: b.held}, nil
}

// TestSharedBudgetsWriteOncePerChunk: at the default limit (50 a second,
// 3,000 at once) a principal's requests cost the database one statement
// per 13, not one each; near the limit leases shrink to one request; once
// the budget is empty, a flood of refused requests costs one statement,
// and the RateLimit field still counts down the shared budget.
func TestSharedBudgetsWriteOncePerChunk(t *testing.T) {
	mem := &bucketInMemory{held: 3000}
	s := &sharedBudgets{perSec: 50, burst: 3000, chunk: 13, take1: mem.take, leases: map[string]*lease{}}
	now := time.Now()
	admitted := 0
	for i := range 3000 {
		v, err := s.take(t.Context(), "user:u", now)
		if err != nil {
			t.Fatal(err)
		}
		if !v.ok {
			t.Fatalf("request %d of a full budget refused", i+1)
		}
		if want := float64(3000 - i - 1); v.left != want {
			t.Fatalf("request %d: %v left, want %v", i+1, v.left, want)
		}
		admitted++
	}
	if mem.statements > 3000/13+13*8 {
		t.Errorf("3,000 requests cost %d statements, want about one per 13 (and single requests only near the end)", mem.statements)
	}
	t.Logf("3,000 requests through a shared budget cost %d statements", mem.statements)
	before := mem.statements
	for range 1000 {
		if v, _ := s.take(t.Context(), "user:u", now.Add(time.Millisecond)); v.ok || v.wait <= 0 {
			t.Fatalf("a request past the budget: %+v, want refused with a wait", v)
		}
	}
	if n := mem.statements - before; n != 1 {
		t.Errorf("1,000 refused requests cost %d statements, want 1", n)
	}
	mem.held = 1
	if v, _ := s.take(t.Context(), "user:u", now.Add(time.Second)); !v.ok {
		t.Errorf("the budget refilled but the request was refused: %+v", v)
	}
}

// TestSharedLeasesLapse: requests leased and left unspent for leaseLife are
// not spent later, so that a replica cannot bank them past a refill.
func TestSharedLeasesLapse(t *testing.T) {
	mem := &bucketInMemory{held: 100}
	s := &sharedBudgets{perSec: 50, burst: 100, chunk: 6, take1: mem.take, leases: map[string]*lease{}}
	now := time.Now()
	if v, _ := s.take(t.Context(), "user:u", now); !v.ok || mem.held != 94 {
		t.Fatalf("first request: %+v, budget %v, want a lease of 6", v, mem.held)
	}
	if _, _ = s.take(t.Context(), "user:u", now.Add(leaseLife)); mem.statements != 2 {
		t.Errorf("a request after leaseLife spent the lapsed lease (%d statements)", mem.statements)
	}
}
