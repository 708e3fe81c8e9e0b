package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// AuthVersion identifies the state of what authentication reads for a token
// (TokenHolder): two equal AuthVersions mean none of it changed in between, by
// this process or any other. It is SQLite's PRAGMA data_version, read on a
// connection kept for it, which changes with every commit of any other
// connection, so that a cache validated by it sees the changes of other
// processes, and of anyone editing the file out of band, on the next
// request. This process's own commits are told apart (see afterCommit): a
// state it reached through its own commits alone, none of which wrote what
// authentication reads, keeps the AuthVersion of the state before them, so a
// process busy writing users keeps its cache. The zero AuthVersion is never
// equal to a reported one.
type AuthVersion struct {
	conn uint64 // which watching connection reported it
	n    int64  // its PRAGMA data_version; -1 when gen stands for it
	gen  uint64 // see versionWatch.own
}

// versionWatch is one SQLite connection kept for PRAGMA data_version.
// Values of different connections cannot be compared, so a replaced
// connection starts a new conn number.
type versionWatch struct {
	mu   sync.Mutex
	db   *sql.DB // one read-only connection
	c    *sql.Conn
	conn uint64
	// own is the watching connection's data_version right after this
	// process's last commit, when only this process's commits led there
	// since the one before (n is -1 when that is not known), and gen, which
	// advances with every own commit that wrote what authentication reads
	// and whenever another connection's commit shows.
	own AuthVersion
	// writer is the writer connection's data_version after the last own
	// commit (-1 before the first): it changes only when another
	// connection commits, never with the writer's own commits. The pool
	// may replace the writer's connection, whose numbers say nothing about
	// the old one's, so writerConn is the connection that reported it.
	writer     int64
	writerConn uint64
}

// AuthVersion reports the version of what authentication reads; ok is false
// on PostgreSQL, whose replicas share no such number (a caller must then
// read afresh). Reading it costs a fraction of a query.
func (s *Store) AuthVersion(ctx context.Context) (v AuthVersion, ok bool, err error) {
	if s.version == nil {
		return AuthVersion{}, false, nil
	}
	w := s.version
	w.mu.Lock()
	defer w.mu.Unlock()
	n, err := w.read(ctx)
	if err != nil {
		return AuthVersion{}, false, err
	}
	if n == w.own.n && w.conn == w.own.conn {
		return AuthVersion{conn: w.conn, n: -1, gen: w.own.gen}, true, nil
	}
	return AuthVersion{conn: w.conn, n: n}, true, nil
}

// afterCommit follows one of this process's own commits (auth: whether it
// wrote what authentication reads). The watching connection's version is
// read first and the writer's second, both while no other own commit can
// run: if another connection committed since the last own commit, or
// between this commit and the first read, the writer's version has changed
// by the second read. Only when it has not is the watched version known to
// follow from own commits alone.
func (s *Store) afterCommit(ctx context.Context, auth bool, sess session) {
	w := s.version
	if w == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	n, err := w.read(ctx)
	var writer int64
	var writerConn uint64
	if err == nil {
		writerConn, writer, err = writerVersion(context.WithoutCancel(ctx), sess)
	}
	if err != nil || auth || writer != w.writer || writerConn != w.writerConn || w.own.conn != w.conn {
		w.own.gen++
	}
	if err != nil {
		w.own.n, w.writer = -1, -1
		return
	}
	w.own.conn, w.own.n, w.writer, w.writerConn = w.conn, n, writer, writerConn
}

// writerVersion reads the data_version of the writer's connection, which
// sess still holds, and which connection it is.
func writerVersion(ctx context.Context, sess session) (conn uint64, n int64, err error) {
	c, ok := sess.(*sqliteSession)
	if !ok {
		return 0, 0, fmt.Errorf("store: a SQLite commit in a session of type %T", sess)
	}
	if err := c.Raw(func(dc any) error {
		sc, ok := dc.(*stmtCachingConn)
		if !ok {
			return fmt.Errorf("store: a writer connection of type %T", dc)
		}
		conn = sc.id
		return nil
	}); err != nil {
		return 0, 0, err
	}
	err = c.QueryRowContext(ctx, "PRAGMA data_version").Scan(&n)
	return conn, n, err
}

// read reads the watching connection's data_version; the caller holds mu.
func (w *versionWatch) read(ctx context.Context) (int64, error) {
	// A request that ends (a client hanging up) must not interrupt the
	// pragma: that would discard the connection, and every entry read at
	// its numbers with it. The pragma takes microseconds.
	ctx = context.WithoutCancel(ctx)
	if w.c == nil {
		c, err := w.db.Conn(ctx)
		if err != nil {
			return 0, err
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
		return 0, err
	}
	return n, nil
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

// authTables matches a write statement that may change what authentication
// reads for a token: tokens, organizations (enabled, and the tree through
// which a disabled one cuts off those below it) and principals (see
// changesAuth for the writes of principals that cannot).
var authTables = regexp.MustCompile(`(?i)\b(api_tokens|organizations|organization_closure|users)\b`)

// holderColumns are the columns of users that TokenHolder reads.
var holderColumns = map[string]bool{
	"id": true, "enabled": true, "organization_id": true, "kind": true, "locked": true, "password_change_required": true,
}

// changesAuth reports whether a write statement may change what
// authentication reads. Every write goes through Tx.exec, which asks it, so
// no writer can forget. A new principal changes nothing (it holds no token
// yet), nor does an update that sets only columns TokenHolder does not
// read; any other statement on those tables counts as a change, down to an
// update whose SET it cannot read.
func changesAuth(query string) bool {
	if !authTables.MatchString(query) || query == userTable.insert || query == serviceAccountTable.insert {
		return false
	}
	set, ok := strings.CutPrefix(query, "UPDATE users SET ")
	if !ok {
		return true
	}
	set, _, ok = strings.Cut(set, " WHERE ")
	if !ok {
		return true
	}
	for item := range strings.SplitSeq(set, ", ") {
		col, value, ok := strings.Cut(item, " = ")
		if !ok || value != "?" || holderColumns[col] {
			return true
		}
	}
	return false
}
