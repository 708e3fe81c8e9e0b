package store_test

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// TestProcessesStartingTogetherMigrateOnce opens several stores at once on
// one fresh database, as API processes started together do: every one
// starts, and each migration is applied once.
func TestProcessesStartingTogetherMigrateOnce(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		for round := range 6 { // the race is lost only some of the time
			path := filepath.Join(t.TempDir(), fmt.Sprintf("fresh%d.db", round))
			testStartTogether(t, path, "sqlite")
		}
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := acctest.Postgres(t)
		testStartTogether(t, dsn, "pgx")
	})
}

func testStartTogether(t *testing.T, dsn, driver string) {
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			st, err := store.Open(t.Context(), dsn)
			if err == nil {
				err = st.Ping(t.Context())
				_ = st.Close()
			}
			errs[i] = err
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("store %d of %d failed to start: %v", i+1, n, err)
		}
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = db.Close() }()
	rows, err := db.QueryContext(
		t.Context(),
		"SELECT version_id, COUNT(*) FROM goose_db_version WHERE is_applied GROUP BY version_id ORDER BY version_id",
	)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = rows.Close() }()
	versions := 0
	for rows.Next() {
		var v, c int64
		if err := rows.Scan(&v, &c); err != nil {
			t.Fatal(err)
		}
		if c != 1 {
			t.Errorf("migration %d applied %d times", v, c)
		}
		versions++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if versions == 0 {
		t.Fatal("no migration recorded")
	}
}
