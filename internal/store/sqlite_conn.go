package store

import (
	"cmp"
	"context"
	"database/sql/driver"
	"fmt"
	"sync/atomic"

	"modernc.org/sqlite"
)

// maxStatementsPerConn bounds the statements a SQLite connection keeps
// prepared. The store's queries come in a few hundred shapes (list filters
// combine); past the bound a statement is prepared for one use, as before.
const maxStatementsPerConn = 512

// stmtCachingConnector opens SQLite connections that keep their prepared
// statements. Parsing and planning a statement costs SQLite more than
// running most of the store's queries, and database/sql prepares afresh on
// every call; caching at the connection serves both pools (the writer's
// single connection included) without ever waiting for a second connection.
type stmtCachingConnector struct {
	dsn   string
	begin string // the statement that begins a transaction: the writer's take the write lock at once
}

func (c stmtCachingConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := (&sqlite.Driver{}).Open(c.dsn)
	if err != nil {
		return nil, err
	}
	sc, ok := conn.(sqliteConn)
	if !ok {
		_ = conn.Close()
		return nil, fmt.Errorf("store: the SQLite driver's connection (%T) lacks context methods", conn)
	}
	return &stmtCachingConn{conn: sc, stmts: map[string]*cachedStmt{}, begin: cmp.Or(c.begin, "BEGIN"), id: connections.Add(1)}, nil
}

func (stmtCachingConnector) Driver() driver.Driver { return &sqlite.Driver{} }

// sqliteConn is what the SQLite driver's connections offer besides driver.Conn.
type sqliteConn interface {
	driver.Conn
	driver.ConnPrepareContext
	driver.ConnBeginTx
	driver.SessionResetter
	driver.Validator
	driver.Pinger
}

// sqliteStmt is what the SQLite driver's statements offer.
type sqliteStmt interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
}

// stmtCachingConn deliberately offers no ExecerContext or QueryerContext, so
// that database/sql runs every statement through PrepareContext, which
// answers from the cache. database/sql uses a connection from one goroutine
// at a time, so the cache needs no lock.
type stmtCachingConn struct {
	conn  sqliteConn
	stmts map[string]*cachedStmt
	begin string
	// id tells this connection apart from every other the process opened
	// (a pool may replace a connection, and some per-connection numbers
	// cannot be compared across connections: see Store.afterCommit).
	id uint64
}

// connections numbers the SQLite connections the process opens.
var connections atomic.Uint64

// cachedStmt is a prepared statement that Close returns to its connection's
// cache instead of finalizing. While one use has it (open rows), a second
// use of the same text gets a statement of its own.
type cachedStmt struct {
	stmt sqliteStmt
	busy bool
}

func (s *cachedStmt) Close() error  { s.busy = false; return nil }
func (s *cachedStmt) NumInput() int { return s.stmt.NumInput() }

//nolint:staticcheck // driver.Stmt requires the deprecated methods; database/sql uses the Context ones below.
func (s *cachedStmt) Exec(args []driver.Value) (driver.Result, error) { return s.stmt.Exec(args) }

//nolint:staticcheck // as Exec.
func (s *cachedStmt) Query(args []driver.Value) (driver.Rows, error) { return s.stmt.Query(args) }

func (s *cachedStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.stmt.ExecContext(ctx, args)
}

func (s *cachedStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.stmt.QueryContext(ctx, args)
}

func (c *stmtCachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if s, ok := c.stmts[query]; ok && !s.busy {
		s.busy = true
		return s, nil
	}
	stmt, err := c.conn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	_, taken := c.stmts[query]
	ss, ok := stmt.(sqliteStmt)
	if taken || len(c.stmts) >= maxStatementsPerConn || !ok {
		return stmt, nil
	}
	s := &cachedStmt{stmt: ss, busy: true}
	c.stmts[query] = s
	return s, nil
}

func (c *stmtCachingConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *stmtCachingConn) Close() error {
	for _, s := range c.stmts {
		_ = s.stmt.Close()
	}
	c.stmts = nil
	return c.conn.Close()
}

//nolint:staticcheck // driver.Conn requires Begin; database/sql calls BeginTx.
func (c *stmtCachingConn) Begin() (driver.Tx, error) { return c.conn.Begin() }

// BeginTx begins with the connection's cached BEGIN (IMMEDIATE on the
// writer's), as cachedTx ends: the driver would prepare BEGIN and COMMIT
// afresh for every transaction. database/sql transactions on these
// connections are the migrations'; the store's own begin their sessions
// the same way (see session). A BEGIN that fails, perhaps after it
// took effect (ctx ended), is rolled back so that the connection goes back
// to the pool outside a transaction.
func (c *stmtCachingConn) BeginTx(ctx context.Context, _ driver.TxOptions) (driver.Tx, error) {
	if err := c.run(ctx, c.begin); err != nil {
		_ = c.run(context.WithoutCancel(ctx), "ROLLBACK")
		return nil, err
	}
	return cachedTx{c: c, ctx: context.WithoutCancel(ctx)}, nil
}

// run executes one cached statement that returns no rows.
func (c *stmtCachingConn) run(ctx context.Context, query string) error {
	s, err := c.PrepareContext(ctx, query)
	if err != nil {
		return err
	}
	defer func() { _ = s.Close() }()
	ex, ok := s.(driver.StmtExecContext)
	if !ok {
		return fmt.Errorf("store: the SQLite driver's statement (%T) lacks ExecContext", s)
	}
	_, err = ex.ExecContext(ctx, nil)
	return err
}

// cachedTx ends a transaction with cached statements. A COMMIT that fails
// (the database busy) leaves the transaction open, so it is rolled back:
// database/sql expects the connection clean after Commit.
type cachedTx struct {
	c   *stmtCachingConn
	ctx context.Context
}

func (t cachedTx) Commit() error {
	err := t.c.run(t.ctx, "COMMIT")
	if err != nil {
		_ = t.c.run(t.ctx, "ROLLBACK")
	}
	return err
}

func (t cachedTx) Rollback() error { return t.c.run(t.ctx, "ROLLBACK") }

func (c *stmtCachingConn) ResetSession(ctx context.Context) error {
	return c.conn.ResetSession(ctx)
}

func (c *stmtCachingConn) IsValid() bool { return c.conn.IsValid() }

func (c *stmtCachingConn) Ping(ctx context.Context) error { return c.conn.Ping(ctx) }
