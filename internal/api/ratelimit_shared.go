package api

import (
	"context"
	"math"
	"sync"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/service"
)

// sharedBudgets keep each key's budget in the database, so that every
// replica on one PostgreSQL database spends from the same one. A replica
// leases requests in chunks (one statement per chunk, not per request) and
// spends them locally. What a replica leased the others cannot spend, so
// the budget is never exceeded: at most, a chunk a replica leased and did
// not spend is lost to the client. Chunks shrink as the budget runs low,
// to a single request near the limit, and unspent ones lapse after
// leaseLife so that they are not hoarded past a refill. Once the budget is
// empty, requests are refused locally until it holds one again, so that a
// flood of refused requests writes nothing.
type sharedBudgets struct {
	perSec float64
	burst  int
	chunk  int // the most one lease takes
	take1  func(ctx context.Context, key string, want int) (service.RateLease, error)
	mu     sync.Mutex
	leases map[string]*lease
}

// leaseLife is how long leased requests stay spendable.
const leaseLife = time.Second

// lease is what this replica holds of one key's budget.
type lease struct {
	mu         sync.Mutex // held while the key's next chunk is leased: concurrent requests wait for one statement
	left       int        // requests leased and not spent
	shared     float64    // what the budget held after the last lease
	at         time.Time  // when leased
	emptyUntil time.Time  // the budget holds nothing before then
	seen       time.Time
}

func newSharedBudgets(svc *service.Service, perSec float64, burst int) *sharedBudgets {
	return &sharedBudgets{
		perSec: perSec, burst: burst,
		// A quarter of a second's requests, and never more than a
		// sixteenth of the burst: few statements, little left stranded.
		chunk: max(1, min(int(math.Ceil(perSec/4)), burst/16)),
		take1: func(ctx context.Context, key string, want int) (service.RateLease, error) {
			return svc.TakeRateBudget(ctx, key, perSec, burst, want)
		},
		leases: map[string]*lease{},
	}
}

// want is how many requests the next lease takes, when the budget held
// shared after the last one: an eighth of that, so that replicas sharing
// a budget running low each get a share of it.
func (s *sharedBudgets) want(shared float64) int {
	return max(1, min(s.chunk, int(shared/8)))
}

func (s *sharedBudgets) take(ctx context.Context, key string, now time.Time) (verdict, error) {
	l := s.lease(key, now)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen = now
	if now.Before(l.emptyUntil) {
		return verdict{wait: l.emptyUntil.Sub(now)}, nil
	}
	if l.left > 0 && now.Sub(l.at) < leaseLife {
		l.left--
		return verdict{ok: true, left: float64(l.left) + l.shared}, nil
	}
	got, err := s.take1(ctx, key, s.want(l.shared))
	if err != nil {
		return verdict{}, err
	}
	l.at, l.shared, l.left = now, got.Left, 0
	if got.Granted == 0 {
		l.emptyUntil = now.Add(got.Next)
		return verdict{left: got.Left, wait: got.Next}, nil
	}
	l.left = got.Granted - 1
	return verdict{ok: true, left: float64(l.left) + got.Left}, nil
}

// lease is this replica's lease of key, new (as of a full budget) if none.
func (s *sharedBudgets) lease(key string, now time.Time) *lease {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.leases[key]
	if !ok {
		if len(s.leases) > 10000 { // forget lapsed leases so the map stays bounded
			for k, v := range s.leases {
				if v.mu.TryLock() {
					if now.Sub(v.seen) > leaseLife && now.After(v.emptyUntil) {
						delete(s.leases, k)
					}
					v.mu.Unlock()
				}
			}
		}
		l = &lease{shared: float64(s.burst)}
		s.leases[key] = l
	}
	return l
}
