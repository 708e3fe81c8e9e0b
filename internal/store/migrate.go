package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migrations is the provider of the migrations of this store's dialect: the
// SQL files, and the ones written in Go.
func (s *Store) migrations(opts ...goose.ProviderOption) (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	dialect := goose.DialectSQLite3
	if s.pg {
		dialect = goose.DialectPostgres
	}
	inGo := goose.WithGoMigrations(nameKeysMigration(s.pg), rateBudgetsMigration(s.pg))
	return goose.NewProvider(dialect, s.writer, sub, append(opts, inGo)...)
}

// migrateAttempts bounds how often a SQLite start-up retries its migrations
// while other processes migrate the same file.
const migrateAttempts = 8

func (s *Store) migrate(ctx context.Context) error {
	var opts []goose.ProviderOption
	if s.pg {
		// Replicas starting together must not run the same migration twice.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := s.migrations(opts...)
	if err != nil {
		return fmt.Errorf("prepare migrations: %w", err)
	}
	if s.pg {
		if _, err := p.Up(ctx); err != nil {
			return fmt.Errorf("migrate database: %w", err)
		}
		return nil
	}
	unlock, err := lockMigrations(s.path)
	if err != nil {
		return err
	}
	defer unlock()
	return upSQLite(ctx, p)
}

// upSQLite applies the migrations to a SQLite file that other processes may
// be migrating at the same moment (several API processes started together
// on a fresh file). goose has no lock for SQLite, and one cannot be taken in
// the database itself: its write lock would block the migrating connection
// too. So two processes can both decide that a migration is pending; each
// migration runs in its own IMMEDIATE transaction, so the second waits for
// the first (busy_timeout) and then fails whole ("table already exists"),
// rolled back because SQLite's DDL is transactional. That failure is benign:
// look again, and either nothing is pending any more (another process did
// the work) or apply what is left. SQLITE_BUSY at start-up is retried the
// same way. A migration that fails on its own still fails, after a few
// seconds of attempts.
func upSQLite(ctx context.Context, p *goose.Provider) error {
	wait := 50 * time.Millisecond
	for attempt := 1; ; attempt++ {
		_, err := p.Up(ctx)
		if err == nil {
			return nil
		}
		if pending, perr := p.HasPending(ctx); perr == nil && !pending {
			return nil // another process applied them
		}
		if attempt == migrateAttempts {
			return fmt.Errorf(
				"migrate database (%d attempts; if other processes are starting on the same file, start this one again): %w",
				attempt,
				err,
			)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("migrate database: %w", err)
		case <-time.After(wait):
		}
		wait = min(2*wait, time.Second)
	}
}
