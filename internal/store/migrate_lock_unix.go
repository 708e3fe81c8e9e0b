//go:build unix

package store

import (
	"fmt"
	"os"
	"syscall"
)

// lockMigrations serializes the migrations of processes opening one SQLite
// file: goose has no lock for SQLite, and a data migration (an UPDATE) run
// twice would not fail the way a repeated CREATE does. The processes share
// the file, so they share its directory and this lock beside it.
func lockMigrations(dbPath string) (unlock func(), err error) {
	f, err := os.OpenFile(dbPath+".migrate-lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open the migration lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("take the migration lock: %w", err)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		_ = f.Close()
	}, nil
}
