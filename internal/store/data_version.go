package store

import (
	"context"
	"database/sql"
	"sync"
)

// Version identifies the state of the database as one connection sees it:
// two equal Versions mean nothing was committed in between, by this process
// or any other. The zero Version is never equal to a reported one.
type Version struct {
	conn uint64 // which watching connection reported it
	n    int64  // its PRAGMA data_version
}

// versionWatch is one SQLite connection kept for PRAGMA data_version,
// which changes when any other connection commits. Values of different
// connections cannot be compared, so a replaced connection starts a new
// conn number.
type versionWatch struct {
	mu   sync.Mutex
	db   *sql.DB // one read-only connection
	c    *sql.Conn
	conn uint64
}

// DataVersion reports the database's Version; ok is false on PostgreSQL,
// whose replicas share no such number (a caller must then read afresh).
// Reading it costs a fraction of a query, so a cache of something read from
// the database stays exact: it is valid while the Version is unchanged.
func (s *Store) DataVersion(ctx context.Context) (v Version, ok bool, err error) {
	if s.version == nil {
		return Version{}, false, nil
	}
	return s.version.read(ctx)
}

// Commits counts the write transactions this process has committed: a
// cheaper hint than DataVersion that something changed (it sees nothing of
// other processes), for a cache to know it is not worth checking.
func (s *Store) Commits() uint64 { return s.commits.Load() }

func (w *versionWatch) read(ctx context.Context) (Version, bool, error) {
	// A request that ends (a client hanging up) must not interrupt the
	// pragma: that would discard the connection, and every entry read at
	// its numbers with it. The pragma takes microseconds.
	ctx = context.WithoutCancel(ctx)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.c == nil {
		c, err := w.db.Conn(ctx)
		if err != nil {
			return Version{}, false, err
		}
		w.c = c
		w.conn++
	}
	var n int64
	if err := w.c.QueryRowContext(ctx, "PRAGMA data_version").Scan(&n); err != nil {
		// The next read starts over on a new connection, whose numbers
		// say nothing about this one's.
		_ = w.c.Close()
		w.c = nil
		return Version{}, false, err
	}
	return Version{conn: w.conn, n: n}, true, nil
}

func (w *versionWatch) close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.c != nil {
		_ = w.c.Close()
		w.c = nil
	}
	return w.db.Close()
}
