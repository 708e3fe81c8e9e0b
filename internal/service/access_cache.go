package service

import (
	"context"
	"sync"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// accessCacheLimit bounds each map of the cache; past it the cache starts
// over, which costs a few queries, never a wrong answer.
const accessCacheLimit = 100000

// accessCache keeps, between requests, what access checks read most: each
// principal's grants and each organization's lineage. Everything in it was
// read in one access epoch, which the store advances in every transaction
// that changes organizations, roles or role assignments; an operation uses
// it only when its snapshot is in that same epoch, and a newer epoch starts
// the cache over. A write transaction uses it only until it writes to an
// access table (see store.Tx.AccessCacheable).
type accessCache struct {
	mu      sync.Mutex
	epoch   int64
	grants  map[string][]domain.Grant // by principal; never modified once stored
	lineage map[string]domain.Lineage // by organization; nil for one that does not exist
}

// at returns the cache when it holds epoch, after starting it over for a
// newer one; nil for an older epoch (a snapshot taken before a change).
// The caller holds mu.
func (c *accessCache) at(epoch int64) *accessCache {
	if epoch < c.epoch {
		return nil
	}
	if epoch > c.epoch || c.grants == nil || len(c.grants) > accessCacheLimit || len(c.lineage) > accessCacheLimit {
		c.epoch, c.grants, c.lineage = epoch, map[string][]domain.Grant{}, map[string]domain.Lineage{}
	}
	return c
}

func (c *accessCache) getGrants(epoch int64, principal string) ([]domain.Grant, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c := c.at(epoch); c != nil {
		g, ok := c.grants[principal]
		return g, ok
	}
	return nil, false
}

func (c *accessCache) putGrants(epoch int64, principal string, g []domain.Grant) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c := c.at(epoch); c != nil {
		c.grants[principal] = g
	}
}

// getLineages returns the cached lineages of ids and the ids not cached.
func (c *accessCache) getLineages(epoch int64, ids []string) (map[string]domain.Lineage, []string) {
	found := make(map[string]domain.Lineage, len(ids))
	c.mu.Lock()
	defer c.mu.Unlock()
	c2 := c.at(epoch)
	if c2 == nil {
		return found, ids
	}
	var missing []string
	for _, id := range ids {
		if l, ok := c2.lineage[id]; ok {
			if l != nil {
				found[id] = l
			}
		} else {
			missing = append(missing, id)
		}
	}
	return found, missing
}

// putLineages stores what a lookup of asked found (nil for the missing).
func (c *accessCache) putLineages(epoch int64, asked []string, found map[string]domain.Lineage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c := c.at(epoch); c != nil {
		for _, id := range asked {
			c.lineage[id] = found[id]
		}
	}
}

// accessEpoch is the epoch of the operation's snapshot, read once; ok is
// false when nothing the transaction reads now may be cached under it (see
// store.Tx.AccessCacheable).
func (o *Op) accessEpoch(ctx context.Context) (epoch int64, ok bool, err error) {
	if !o.tx.AccessCacheable() {
		return 0, false, nil
	}
	if !o.epochRead {
		if o.epoch, err = o.tx.AccessEpoch(ctx); err != nil {
			return 0, false, err
		}
		o.epochRead = true
	}
	return o.epoch, true, nil
}

// userGrants reads a principal's grants, through the cache.
func (o *Op) userGrants(ctx context.Context, userID string) ([]domain.Grant, error) {
	epoch, ok, err := o.accessEpoch(ctx)
	if err != nil {
		return nil, err
	}
	if ok {
		if g, hit := o.svc.access.getGrants(epoch, userID); hit {
			return g, nil
		}
	}
	g, err := o.tx.UserGrants(ctx, userID)
	if err == nil && ok {
		o.svc.access.putGrants(epoch, userID, g)
	}
	return g, err
}

// liveGrants reads the grants of a principal that are in force at the
// operation's clock: the cache holds every grant with its end, so an expiry
// takes effect on the next request, whatever the cache holds.
func (o *Op) liveGrants(ctx context.Context, userID string) ([]domain.Grant, error) {
	g, err := o.userGrants(ctx, userID)
	return domain.LiveGrants(g, o.now), err
}

// orgLineages looks up lineages, through the cache.
func (o *Op) orgLineages(ctx context.Context, ids []string) (map[string]domain.Lineage, error) {
	epoch, ok, err := o.accessEpoch(ctx)
	if err != nil {
		return nil, err
	}
	if !ok {
		return o.tx.OrgLineages(ctx, ids)
	}
	found, missing := o.svc.access.getLineages(epoch, ids)
	if len(missing) == 0 {
		return found, nil
	}
	more, err := o.tx.OrgLineages(ctx, missing)
	if err != nil {
		return nil, err
	}
	o.svc.access.putLineages(epoch, missing, more)
	for id, l := range more {
		found[id] = l
	}
	return found, nil
}
