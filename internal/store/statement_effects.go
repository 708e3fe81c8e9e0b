package store

import (
	"sync"
	"sync/atomic"
)

// effects is what a write statement may change, for the accounting of its
// transaction (see Tx.wrote).
type effects struct {
	access bool // see accessTables
	auth   bool // see changesAuth
}

// maxKnownEffects bounds the statements whose effects are remembered. The
// store writes in a few dozen shapes (an UPDATE names the columns it
// changes); past the bound a statement is classified on every run, as it
// would be without the memory.
const maxKnownEffects = 4096

var (
	knownEffects  sync.Map // statement text → effects
	knownEffectsN atomic.Int64
)

// effectsOf classifies a write statement once per statement text: the
// patterns cost a write a twentieth of its CPU when matched on every run.
func effectsOf(query string) effects {
	if v, ok := knownEffects.Load(query); ok {
		if e, ok := v.(effects); ok {
			return e
		}
	}
	e := effects{access: accessTables.MatchString(query), auth: changesAuth(query)}
	if knownEffectsN.Add(1) <= maxKnownEffects {
		knownEffects.Store(query, e)
	}
	return e
}
