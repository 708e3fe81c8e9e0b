package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// Store is the portal database. SQLite allows one writer at a time, so writes
// go through a single-connection pool that begins IMMEDIATE transactions (no
// lock upgrades, no deadlocks), while reads use a separate pool that WAL lets
// run alongside the writer. On PostgreSQL one pool serves both, and write
// transactions take a transaction-level advisory lock, so the same one-writer
// rule holds across every API replica sharing the database.
type Store struct {
	writer *sql.DB
	reader *sql.DB
	// streamer serves ReadStream; the reader pool on PostgreSQL.
	streamer *sql.DB
	pg       bool
	path     string // the SQLite file; empty on PostgreSQL
	// version watches SQLite's data_version; nil on PostgreSQL.
	version *versionWatch
	// groups queues the writes waiting for the writer (group commit).
	groups writeGroups
}

// SQLitePragmas are the driver parameters of every SQLite connection the
// store opens: WAL (readers run beside the writer), commits that survive a
// crash of the process (synchronous NORMAL), foreign keys, a wait for a
// writer of another process, and deleted content overwritten where that
// costs no extra I/O (secure_delete FAST), so that a redacted link leaves
// nothing behind in the page that held it (see ScrubLog).
const SQLitePragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)" +
	"&_pragma=secure_delete(FAST)"

// Open opens the database named by dsn and migrates it: a postgres:// URL
// names a PostgreSQL database, anything else a SQLite file (created if needed).
func Open(ctx context.Context, dsn string) (*Store, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return openPostgres(ctx, dsn)
	}
	path := strings.TrimPrefix(dsn, "file:")
	if path == "" {
		return nil, errors.New("database path must not be empty")
	}
	base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + SQLitePragmas
	writer := sql.OpenDB(stmtCachingConnector{dsn: base, begin: "BEGIN IMMEDIATE"})
	writer.SetMaxOpenConns(1)
	readOnly := func(conns int) *sql.DB {
		db := sql.OpenDB(stmtCachingConnector{dsn: base + "&mode=ro", begin: "BEGIN"})
		// Every connection stays open (Go keeps 2 idle by default): a new
		// one re-reads the schema and has none of the prepared statements.
		db.SetMaxOpenConns(conns)
		db.SetMaxIdleConns(conns)
		return db
	}
	s := &Store{writer: writer, reader: readOnly(readers()), streamer: readOnly(Streams), path: path,
		version: &versionWatch{db: readOnly(1), own: AuthVersion{n: -1}, writer: -1}}
	if err := s.migrate(ctx); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

// readers is the size of SQLite's read pool: one connection per core the
// process may use (at least two). Reads are CPU work on SQLite, so more
// connections than cores add no throughput; and every commit empties each
// connection's page cache, so each extra connection is one more cache to
// warm up again after every write. Reads that last as long as a client
// takes to download them have a pool of their own (ReadStream).
func readers() int { return max(2, runtime.GOMAXPROCS(0)) }

// Streams is the size of SQLite's pool for ReadStream.
const Streams = 2

// Close releases the pools.
func (s *Store) Close() error {
	if s.reader == s.writer {
		return s.writer.Close()
	}
	return errors.Join(s.version.close(), s.streamer.Close(), s.reader.Close(), s.writer.Close())
}

// Ping checks the database answers, for health checks.
func (s *Store) Ping(ctx context.Context) error { return s.reader.PingContext(ctx) }

// Checkpoint settles the database after a bulk load: SQLite folds its
// write-ahead log back into the database file, PostgreSQL refreshes the
// planner's statistics (what autovacuum would do a little later).
func (s *Store) Checkpoint(ctx context.Context) error {
	q := "PRAGMA wal_checkpoint(TRUNCATE)"
	if s.pg {
		q = "ANALYZE"
	}
	_, err := s.writer.ExecContext(ctx, q)
	return err
}

// Read runs fn in a read transaction: one consistent snapshot.
func (s *Store) Read(ctx context.Context, fn func(*Tx) error) error {
	return s.run(ctx, readTx, fn)
}

// ReadStream is Read for a read that lasts as long as its client takes (an
// export streamed to a slow download): it runs on connections of its own,
// Streams of them on SQLite, so that it never holds one that other
// requests wait for. A caller bounds how many run at once.
func (s *Store) ReadStream(ctx context.Context, fn func(*Tx) error) error {
	return s.run(ctx, streamTx, fn)
}

// ErrWouldWrite is what every write statement returns in a dry run.
var ErrWouldWrite = errors.New("store: a dry run reached a write")

// querier runs statements: a transaction, or a pool for a lookup.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// lookup is a Tx outside any transaction, for a read of one statement: one
// statement reads one snapshot on both databases, and it is spared the
// BEGIN and COMMIT (two more statements, and on PostgreSQL two more round
// trips) that a transaction adds. Its writes fail like a dry run's.
func (s *Store) lookup() *Tx { return &Tx{tx: s.reader, pg: s.pg, dry: true} }

// DryRun runs fn on a read snapshot, like Read, except that its first write
// statement fails with ErrWouldWrite: a write can be checked (validation,
// authorization, preconditions) without waiting for, or holding, the single
// writer. Nothing fn does is ever written.
func (s *Store) DryRun(ctx context.Context, fn func(*Tx) error) error {
	return s.run(ctx, dryTx, fn)
}

// txKind is what a transaction is for, which decides its pool.
type txKind int

const (
	readTx   txKind = iota // Read
	streamTx               // ReadStream
	dryTx                  // DryRun
	writeTx                // Write
)

// run runs fn in a transaction of kind.
func (s *Store) run(ctx context.Context, kind txKind, fn func(*Tx) error) error {
	sess, err := s.begin(ctx, kind)
	if err != nil {
		return err
	}
	defer sess.release()
	ended := false
	defer func() {
		// fn panicked or called runtime.Goexit: the connection must not
		// stay in the transaction.
		if !ended {
			sess.rollback()
		}
	}()
	tx := &Tx{tx: sess, pg: s.pg, dry: kind == dryTx, write: kind == writeTx, detached: !s.pg}
	if err := fn(tx); err != nil {
		ended = true
		sess.rollback()
		return err
	}
	if tx.accessChanged {
		if err := tx.endAccessEpoch(tx.stmtContext(ctx)); err != nil {
			ended = true
			sess.rollback()
			return fmt.Errorf("advance the access epoch: %w", err)
		}
	}
	ended = true
	if err := ctx.Err(); err != nil && tx.write && !tx.grouped {
		// The request ended: nothing of it is committed (a group's
		// transaction belongs to no single request).
		sess.rollback()
		return err
	}
	if err := sess.commit(); err != nil {
		return fmt.Errorf("commit transaction: %w", err)
	}
	if tx.write {
		s.afterCommit(ctx, tx.authChanged, sess)
	}
	return nil
}

// Tx is one transaction; every typed read and write hangs off it. Queries
// are written in SQLite's dialect and translated for PostgreSQL.
type Tx struct {
	tx    querier
	pg    bool
	dry   bool // a dry run: writes fail with ErrWouldWrite
	write bool
	// grouped: the transaction runs a group of writes (see Store.Write),
	// and no single request's cancellation may interrupt its statements.
	grouped bool
	// detached: a statement that has started runs to its end even if the
	// request ends meanwhile (the next one sees the end and fails at
	// once), so that it needs no goroutine to watch the request (see
	// session). SQLite's statements in a transaction are short.
	detached bool
	// accessChanged is set by the first write to an access table. In a
	// group it stays set for the writes after that one, which see it.
	accessChanged bool
	// authChanged is set by the first write that may change what
	// authentication reads (see changesAuth).
	authChanged bool
}

// stmtContext is the context a statement runs under.
func (t *Tx) stmtContext(ctx context.Context) context.Context {
	if t.grouped || t.detached && ctx.Err() == nil {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

func (t *Tx) sql(query string) string {
	if t.pg {
		return pgQuery(query)
	}
	return query
}

// exec runs a write statement. Every write of the store goes through it, or
// through query when it returns rows, and so through wrote.
func (t *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := t.wrote(query); err != nil {
		return nil, err
	}
	return t.tx.ExecContext(t.stmtContext(ctx), t.sql(query), args...)
}

// query runs a statement that returns rows: a read, or a write with
// RETURNING.
func (t *Tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if isWrite(query) {
		if err := t.wrote(query); err != nil {
			return nil, err
		}
	}
	return t.tx.QueryContext(t.stmtContext(ctx), t.sql(query), args...)
}

// isWrite reports whether a statement writes, by its first word: query
// runs it for every read too, so a prefix test rather than a pattern.
func isWrite(query string) bool {
	query = strings.TrimLeft(query, " \t\n")
	for _, verb := range [...]string{"INSERT", "UPDATE", "DELETE", "REPLACE"} {
		if len(query) > len(verb) && strings.EqualFold(query[:len(verb)], verb) && strings.IndexByte(" \t\n", query[len(verb)]) >= 0 {
			return true
		}
	}
	return false
}

// wrote accounts for a write statement before it runs: a dry run stops at
// it, and what it may change is noted for the end of the transaction.
func (t *Tx) wrote(query string) error {
	if t.dry {
		return ErrWouldWrite
	}
	e := effectsOf(query)
	t.accessChanged = t.accessChanged || e.access
	t.authChanged = t.authChanged || e.auth
	return nil
}

// queryRow runs a statement that reads one row (never a write: a Row cannot
// carry a dry run's ErrWouldWrite).
func (t *Tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(t.stmtContext(ctx), t.sql(query), args...)
}

// timeFormat is fixed-width so that stored times sort as text.
const timeFormat = "2006-01-02T15:04:05.000000000Z"

// TimeText is t as it is stored, for filters that compare stored times with
// the service's clock.
func TimeText(t time.Time) string { return fmtTime(t) }

func fmtTime(t time.Time) string { return t.UTC().Format(timeFormat) }

func fmtTimePtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := fmtTime(*t)
	return &s
}

// parseTime reads a stored time. Every timeFormat string is RFC 3339, and
// time.Parse has a fast path for that layout (a list page parses hundreds).
func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		// Only this package writes these columns; a bad value is corruption.
		panic(fmt.Sprintf("store: bad timestamp %q: %v", s, err))
	}
	return t
}

func parseTimePtr(s sql.NullString) *time.Time {
	if !s.Valid {
		return nil
	}
	t := parseTime(s.String)
	return &t
}

func nullString(s sql.NullString) *string {
	if !s.Valid {
		return nil
	}
	v := s.String
	return &v
}

// isUnique reports a unique-constraint violation, the backstop behind the
// service's friendlier duplicate checks.
func isUnique(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == pgUniqueViolation
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// ErrNotFound is returned by typed getters when no row matches.
var ErrNotFound = errors.New("not found")

// ErrStale is returned when an update's expected version is no longer current.
var ErrStale = errors.New("stale version")

// ErrDuplicate is returned when a unique constraint rejects a write.
var ErrDuplicate = errors.New("duplicate")

func checkOne(res sql.Result, err error) error {
	if isUnique(err) {
		return ErrDuplicate
	}
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrStale
	}
	return nil
}
