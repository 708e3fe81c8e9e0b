package service

import (
	"context"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// RateLease is what TakeRateBudget took from a shared rate budget.
type RateLease struct {
	Granted int           // requests taken
	Left    float64       // requests left in the budget after them
	Next    time.Duration // until the budget holds a request again, when Granted is 0
}

// SharesRateBudgets says whether rate budgets live in the database, shared
// by every API replica (PostgreSQL), rather than in each process (SQLite).
func (s *Service) SharesRateBudgets() bool { return s.Store.SharesBudgets() }

// sweepEvery is how often a replica deletes the shared budgets that are
// full again.
const sweepEvery = time.Minute

// TakeRateBudget takes up to want requests from the shared budget of key
// (perSecond sustained, burst at once), and now and then sweeps the full
// budgets away.
func (s *Service) TakeRateBudget(ctx context.Context, key string, perSecond float64, burst, want int) (RateLease, error) {
	l, err := s.Store.TakeBudget(ctx, key, store.Budget{PerSecond: perSecond, Burst: burst}, want)
	if err != nil {
		return RateLease{}, err
	}
	last := s.budgetSweep.Load()
	if now := time.Now().UnixNano(); now-last > int64(sweepEvery) && s.budgetSweep.CompareAndSwap(last, now) {
		if err := s.Store.SweepBudgets(ctx); err != nil {
			s.Log.Warn("sweeping full rate budgets", "error", err.Error())
		}
	}
	return RateLease{Granted: l.Granted, Left: l.Left, Next: l.Next}, nil
}
