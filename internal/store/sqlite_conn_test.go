package store

import (
	"database/sql"
	"maps"
	"path/filepath"
	"slices"
	"testing"
)

// TestCachedStatementsAnswerRepeatedAndNestedUse runs one query text again
// and again, and again while its own rows are open, on a single connection:
// every use must see its own arguments and rows, and the connection keeps
// exactly one prepared statement for the text.
func TestCachedStatementsAnswerRepeatedAndNestedUse(t *testing.T) {
	db := sql.OpenDB(stmtCachingConnector{dsn: "file:" + filepath.Join(t.TempDir(), "cache.db")})
	defer func() { _ = db.Close() }()
	db.SetMaxOpenConns(1)
	ctx := t.Context()
	if _, err := db.ExecContext(ctx, "CREATE TABLE t (n INTEGER PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	const insert = "INSERT INTO t (n) VALUES (?)"
	for n := 1; n <= 4; n++ {
		if _, err := db.ExecContext(ctx, insert, n); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ExecContext(ctx, insert, 1); err == nil {
		t.Fatal("a duplicate key was inserted")
	}
	const q = "SELECT n FROM t WHERE n >= ? ORDER BY n"
	collect := func(tx *sql.Tx, from int) []int {
		t.Helper()
		rows, err := tx.QueryContext(ctx, q, from)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = rows.Close() }()
		var out []int
		for rows.Next() {
			var n int
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
			out = append(out, n)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	for range 3 {
		if got := collect(tx, 3); !slices.Equal(got, []int{3, 4}) {
			t.Fatalf("repeated query read %v, want [3 4]", got)
		}
	}
	rows, err := tx.QueryContext(ctx, q, 2)
	if err != nil {
		t.Fatal(err)
	}
	var outer []int
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		outer = append(outer, n)
		var want []int
		for k := n; k <= 4; k++ {
			want = append(want, k)
		}
		if got := collect(tx, n); !slices.Equal(got, want) {
			t.Fatalf("nested query from %d read %v, want %v", n, got, want)
		}
	}
	_ = rows.Close()
	if !slices.Equal(outer, []int{2, 3, 4}) {
		t.Fatalf("outer query read %v, want [2 3 4]", outer)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close() }()
	err = conn.Raw(func(dc any) error {
		c := dc.(*stmtCachingConn)
		if len(c.stmts) != 5 { // the table's creation, the insert, the query, BEGIN and COMMIT
			t.Errorf("the connection keeps %d statements, want 5: %v", len(c.stmts), slices.Collect(maps.Keys(c.stmts)))
		}
		for text, s := range c.stmts {
			if s.busy {
				t.Errorf("statement %q is still marked in use", text)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
