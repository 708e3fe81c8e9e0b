package service

import (
	"sync"

	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// authCacheLimit bounds the tokens remembered (an entry carries the grants
// a token is limited to); past it the cache starts over.
const authCacheLimit = 1000

// authCache remembers what authentication read for each token, by the hash
// of its secret, as of one store.AuthVersion: it holds only while nothing that
// authentication reads has changed since, through any process, so a revoked
// token, a disabled account or a cut-off organization is refused on the very
// next request. Everything that depends on the clock (expiry) is checked on
// every use. Entries are shared by the requests that use them: read-only.
type authCache struct {
	mu      sync.Mutex
	version store.AuthVersion
	holders map[string]store.TokenHolder
}

func (c *authCache) get(v store.AuthVersion, hash string) (store.TokenHolder, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v != c.version {
		return store.TokenHolder{}, false
	}
	h, ok := c.holders[hash]
	return h, ok
}

// put remembers h, read at v (an AuthVersion taken before the read).
func (c *authCache) put(v store.AuthVersion, hash string, h store.TokenHolder) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v != c.version || c.holders == nil || len(c.holders) >= authCacheLimit {
		c.version, c.holders = v, map[string]store.TokenHolder{}
	}
	c.holders[hash] = h
}
