package store

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"time"

	"github.com/pressly/goose/v3"
)

// Budget is a rate limit: PerSecond requests a second, Burst at once.
type Budget struct {
	PerSecond float64
	Burst     int
}

// Lease is what TakeBudget took from a shared budget.
type Lease struct {
	Granted int     // requests taken, from 0 to the number asked for
	Left    float64 // requests left in the budget after them
	// Next is how long until the budget holds one request again, when
	// Granted is 0.
	Next time.Duration
}

// ErrBudgetsNotShared is TakeBudget on SQLite, whose budgets are each
// process's own (one process serves a SQLite file in production).
var ErrBudgetsNotShared = errors.New("store: rate budgets are shared on PostgreSQL only")

// SharesBudgets says whether TakeBudget keeps budgets in the database, for
// every replica to share.
func (s *Store) SharesBudgets() bool { return s.pg }

// takeBudget is the generic cell rate algorithm in one statement: a budget
// is the time its bucket would next be full (tat, in seconds of the
// database's clock, which every replica shares); taking n requests moves it
// n×T later, and a request is allowed while tat stays within the burst
// (tau) of now. It grants what fits, up to the number asked for. On a row
// updated concurrently, READ COMMITTED re-evaluates the SET on the newest
// version, so two replicas never take the same requests. $1 is T, the
// seconds per request; $2 tau, the burst in seconds; $3 the most to take.
const takeBudget = `UPDATE rate_budgets SET
  tat = GREATEST(tat, c.now)
    + LEAST($3::float8, GREATEST(0, FLOOR(($2::float8 - (GREATEST(tat, c.now) - c.now)) / $1::float8 + 1e-9))) * $1::float8,
  granted = LEAST($3::float8, GREATEST(0, FLOOR(($2::float8 - (GREATEST(tat, c.now) - c.now)) / $1::float8 + 1e-9)))
FROM (SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) AS double precision) AS now) c
WHERE key = $4
RETURNING granted, tat - c.now`

// TakeBudget takes up to want requests from key's budget in the database,
// one statement and round trip however many it takes: the API leases
// requests in chunks, so that it writes once per chunk rather than once
// per request. A budget nobody has used is full; full budgets are swept
// away now and then (SweepBudgets), which changes nothing.
func (s *Store) TakeBudget(ctx context.Context, key string, b Budget, want int) (Lease, error) {
	if !s.pg {
		return Lease{}, ErrBudgetsNotShared
	}
	per := 1 / b.PerSecond
	tau := float64(b.Burst) * per
	for range 2 {
		var granted int
		var ahead float64 // seconds tat is ahead of now
		err := s.writer.QueryRowContext(ctx, takeBudget, per, tau, want, key).Scan(&granted, &ahead)
		if errors.Is(err, sql.ErrNoRows) {
			if _, err := s.writer.ExecContext(ctx,
				"INSERT INTO rate_budgets (key, tat, granted) VALUES ($1, 0, 0) ON CONFLICT (key) DO NOTHING", key); err != nil {
				return Lease{}, err
			}
			continue
		}
		if err != nil {
			return Lease{}, err
		}
		l := Lease{Granted: granted, Left: max(0, (tau-ahead)/per)}
		if granted == 0 {
			l.Next = time.Duration(math.Ceil(max(0, ahead-(tau-per)) * float64(time.Second)))
		}
		return l, nil
	}
	return Lease{}, errors.New("store: a rate budget row vanished twice while it was taken")
}

// SweepBudgets deletes the budgets that are full again: a missing row is a
// full budget, so this only keeps the table as small as its active keys. A
// budget taken from meanwhile is newer than the sweep's test and stays.
func (s *Store) SweepBudgets(ctx context.Context) error {
	if !s.pg {
		return nil
	}
	_, err := s.writer.ExecContext(ctx,
		"DELETE FROM rate_budgets WHERE tat < CAST(EXTRACT(EPOCH FROM clock_timestamp()) AS double precision)")
	return err
}

// rateBudgetsVersion creates the shared rate budgets, on PostgreSQL only.
const rateBudgetsVersion = 13

// rateBudgetsMigration creates rate_budgets UNLOGGED: a budget is worth
// nothing after a crash (every budget is full again then), so its writes
// skip PostgreSQL's write-ahead log. SQLite gets no table.
func rateBudgetsMigration(pg bool) *goose.Migration {
	run := func(stmt string) *goose.GoFunc {
		return &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
			if !pg {
				return nil
			}
			_, err := tx.ExecContext(ctx, stmt)
			return err
		}}
	}
	return goose.NewGoMigration(rateBudgetsVersion,
		run(`CREATE UNLOGGED TABLE rate_budgets (
  key text PRIMARY KEY,
  tat double precision NOT NULL, -- when the bucket is full again, seconds since 1970 on the database's clock
  granted integer NOT NULL       -- what the last take granted, for its RETURNING
)`),
		run("DROP TABLE rate_budgets"))
}
