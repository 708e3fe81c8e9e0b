package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// writeLockKey names the advisory lock every PostgreSQL write transaction
// holds until it ends.
const writeLockKey = 0x706f7274616c // "portal"

// pgUniqueViolation is PostgreSQL's SQLSTATE for a unique-constraint violation.
const pgUniqueViolation = "23505"

// pgConns is the size of a replica's PostgreSQL pool.
const pgConns = 16

// openPostgres opens a PostgreSQL database. Several API replicas may share
// it: writes serialize on an advisory lock, reads run in parallel on
// consistent snapshots.
func openPostgres(ctx context.Context, dsn string) (*Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open PostgreSQL database: %w", err)
	}
	// Idle connections stay open (Go keeps only 2 by default): opening one
	// costs a round of authentication and a new backend, which under load
	// showed as a p99 of hundreds of milliseconds. Five idle minutes let a
	// quiet replica give them back.
	db.SetMaxOpenConns(pgConns)
	db.SetMaxIdleConns(pgConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	s := &Store{writer: db, reader: db, streamer: db, pg: true}
	if err := s.migrate(ctx); err != nil {
		_ = db.Close()
		return nil, err
	}
	return s, nil
}

// The store's SQL is SQLite's, which PostgreSQL mostly shares; pgQuery
// rewrites the two differences the queries use: ? and ?N placeholders become
// $N, and json_each over a JSON array becomes json_array_elements_text.
// "x IN (SELECT value FROM json_each(list))" becomes "x = ANY (ARRAY(...))":
// the same test, but the planner sizes an array parameter at a handful of
// values instead of a hundred rows, and so looks the values up by index
// instead of scanning a table.
var (
	pgQueries  sync.Map // SQLite text → PostgreSQL text
	jsonEach   = regexp.MustCompile(`json_each\(([^()]*)\)`)
	inJSONList = regexp.MustCompile(`(\bNOT )?\bIN \(SELECT value FROM json_each\(([^()]*)\)\)`)
)

func pgQuery(q string) string {
	if v, ok := pgQueries.Load(q); ok {
		if s, ok := v.(string); ok {
			return s
		}
	}
	out := inJSONList.ReplaceAllStringFunc(q, func(m string) string {
		if strings.HasPrefix(m, "NOT ") {
			return m // NOT IN keeps its own NULL semantics
		}
		return inJSONList.ReplaceAllString(m, "= ANY (ARRAY(SELECT value FROM json_each(${2})))")
	})
	out = jsonEach.ReplaceAllString(out, "json_array_elements_text(CAST(CAST(${1} AS text) AS json))")
	out = pgPlaceholders(out)
	pgQueries.Store(q, out)
	return out
}

// pgPlaceholders numbers bare ? placeholders and turns ?N into $N, leaving
// quoted text alone.
func pgPlaceholders(q string) string {
	var b strings.Builder
	n, quoted := 0, false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			quoted = !quoted
			b.WriteByte(c)
		case c == '?' && !quoted:
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			if j > i+1 {
				b.WriteString("$" + q[i+1:j])
				i = j - 1
			} else {
				n++
				b.WriteString("$" + strconv.Itoa(n))
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
