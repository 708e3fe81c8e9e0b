package store

import (
	"context"
	"database/sql"
	"fmt"
)

// session is the connection of one transaction, and how the transaction
// ends. On SQLite it is a connection of its pool whose BEGIN, COMMIT and
// ROLLBACK run as the connection's cached statements: a database/sql Tx
// starts a goroutine to watch the request's context for every transaction
// and for every query in it, and the driver one more for every statement
// run under a context that can end, which together cost a write a
// twentieth of its CPU. On PostgreSQL it is a database/sql Tx, which sets
// the isolation a snapshot needs.
type session interface {
	querier
	commit() error
	rollback()
	// release gives the connection back to its pool, once the transaction
	// has ended.
	release()
}

// begin starts a transaction of kind.
func (s *Store) begin(ctx context.Context, kind txKind) (session, error) {
	if s.pg {
		return s.beginPostgres(ctx, kind)
	}
	db, begin := s.reader, "BEGIN"
	switch kind {
	case writeTx:
		db, begin = s.writer, "BEGIN IMMEDIATE"
	case streamTx:
		db = s.streamer
	}
	c, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin transaction: %w", err)
	}
	sess := &sqliteSession{Conn: c, ctx: context.WithoutCancel(ctx)}
	// Only the writer's BEGIN can wait (for another process's writer), so
	// only it ends with the request; a snapshot begins at once.
	beginCtx := sess.ctx
	if kind == writeTx {
		beginCtx = ctx
	}
	if _, err := c.ExecContext(beginCtx, begin); err != nil {
		// It may have taken effect before the request ended.
		sess.rollback()
		sess.release()
		return nil, fmt.Errorf("begin transaction: %w", err)
	}
	return sess, nil
}

// sqliteSession is a SQLite transaction on a connection of its pool.
type sqliteSession struct {
	*sql.Conn
	ctx context.Context // the request's, without its end: a transaction ends whatever happened to the request
}

// commit commits; a COMMIT that fails (the database busy) leaves the
// transaction open, so it is rolled back.
func (t *sqliteSession) commit() error {
	if _, err := t.ExecContext(t.ctx, "COMMIT"); err != nil {
		t.rollback()
		return err
	}
	return nil
}

func (t *sqliteSession) rollback() { _, _ = t.ExecContext(t.ctx, "ROLLBACK") }
func (t *sqliteSession) release()  { _ = t.Close() }

// beginPostgres starts a PostgreSQL transaction of kind: reads on a
// REPEATABLE READ snapshot, writes behind the advisory lock that keeps them
// one at a time across replicas.
func (s *Store) beginPostgres(ctx context.Context, kind txKind) (session, error) {
	db, opts := s.writer, (*sql.TxOptions)(nil)
	if kind != writeTx {
		db, opts = s.reader, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	tx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("begin transaction: %w", err)
	}
	if kind == writeTx {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", writeLockKey); err != nil {
			_ = tx.Rollback()
			return nil, fmt.Errorf("wait for the write lock: %w", err)
		}
	}
	return pgSession{tx}, nil
}

// pgSession is a PostgreSQL transaction.
type pgSession struct{ *sql.Tx }

func (t pgSession) commit() error { return t.Commit() }
func (t pgSession) rollback()     { _ = t.Rollback() }
func (t pgSession) release()      {}
