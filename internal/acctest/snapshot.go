package acctest

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// Snapshot digests every row of every table of the server's database, so a
// test can prove that a refused request wrote nothing: take one before, one
// after, and compare. API tokens' last_used_at is left out, because using a
// token to ask is itself recorded there, and so is the rate_budgets table
// (PostgreSQL's shared rate limit): a refused request still spends budget.
func (s *Server) Snapshot(t testing.TB) string {
	t.Helper()
	driver, dsn := "sqlite", "file:"+s.dbPath+"?mode=ro&_pragma=busy_timeout(10000)"
	tablesQuery := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
	if s.DatabaseURL != "" {
		driver, dsn = "pgx", s.DatabaseURL
		tablesQuery = `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = db.Close() }()
	tables, err := db.QueryContext(t.Context(), tablesQuery)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for tables.Next() {
		var n string
		if err := tables.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	if err := tables.Close(); err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	for _, table := range names {
		if table == "rate_budgets" {
			continue
		}
		for _, row := range tableRows(t, db, table) {
			_, _ = fmt.Fprintf(h, "%s:%s\n", table, row)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// tableRows renders every row of table as text, sorted, so the digest does
// not depend on the order the database returns them in.
func tableRows(t testing.TB, db *sql.DB, table string) []string {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), `SELECT * FROM "`+table+`"`)
	if err != nil {
		t.Fatalf("snapshot %s: %v", table, err)
	}
	defer func() { _ = rows.Close() }()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	values := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range values {
		ptrs[i] = &values[i]
	}
	var out []string
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for i, c := range cols {
			if c != "last_used_at" {
				fmt.Fprintf(&b, "%s=%v;", c, values[i])
			}
		}
		out = append(out, b.String())
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// OutOfBand runs a write statement (in SQLite's dialect, with ? marks) on
// the server's database through a connection of its own, as another API
// process or replica would: nothing in the server is told of it.
func (s *Server) OutOfBand(t testing.TB, query string, args ...any) {
	t.Helper()
	driver, dsn := "sqlite", "file:"+s.dbPath+"?_pragma=busy_timeout(10000)"
	if s.DatabaseURL != "" {
		driver, dsn = "pgx", s.DatabaseURL
		for i := 1; strings.Contains(query, "?"); i++ {
			query = strings.Replace(query, "?", fmt.Sprintf("$%d", i), 1)
		}
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = db.Close() }()
	res, err := db.ExecContext(t.Context(), query, args...)
	if err != nil {
		t.Fatalf("out-of-band %q: %v", query, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		t.Fatalf("out-of-band %q changed no row (%v)", query, err)
	}
}
