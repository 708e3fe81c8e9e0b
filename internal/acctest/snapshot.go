package acctest

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"testing"
)

// Snapshot digests every row of every table of the server's database, so a
// test can prove that a refused request wrote nothing: take one before, one
// after, and compare. API tokens' last_used_at is left out, because using a
// token to ask is itself recorded there.
func (s *Server) Snapshot(t testing.TB) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+s.dbPath+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tables, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
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
		digestTable(t, db, table, h)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func digestTable(t testing.TB, db *sql.DB, table string, h io.Writer) {
	t.Helper()
	rows, err := db.Query(`SELECT * FROM "` + table + `" ORDER BY rowid`)
	if err != nil {
		t.Fatalf("snapshot %s: %v", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	values := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range values {
		ptrs[i] = &values[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		_, _ = fmt.Fprintf(h, "%s:", table)
		for i, c := range cols {
			if c != "last_used_at" {
				_, _ = fmt.Fprintf(h, "%s=%v;", c, values[i])
			}
		}
		_, _ = h.Write([]byte{'\n'})
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}
