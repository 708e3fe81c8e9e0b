package api

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// localBudgets keep one token bucket per key in this process: on SQLite,
// where one process serves the database.
type localBudgets struct {
	mu      sync.Mutex
	perSec  float64
	burst   int
	idle    time.Duration // a bucket idle this long is full again, so forgetting it changes nothing
	buckets map[string]*bucket
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLocalBudgets(perSec float64, burst int) *localBudgets {
	return &localBudgets{perSec: perSec, burst: burst, idle: idleAfter(perSec, burst), buckets: map[string]*bucket{}}
}

func (l *localBudgets) take(_ context.Context, key string, now time.Time) (verdict, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) > 10000 { // forget idle buckets so the map stays bounded
			for k, v := range l.buckets {
				if now.Sub(v.seen) > l.idle {
					delete(l.buckets, k)
				}
			}
		}
		b = &bucket{lim: rate.NewLimiter(rate.Limit(l.perSec), l.burst)}
		l.buckets[key] = b
	}
	b.seen = now
	res := b.lim.ReserveN(now, 1)
	delay := res.DelayFrom(now)
	if delay > 0 {
		res.CancelAt(now)
	}
	return verdict{ok: delay <= 0, left: b.lim.TokensAt(now), wait: delay}, nil
}
