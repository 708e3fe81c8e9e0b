//go:build !unix

package store

// lockMigrations has no lock off Unix; the retries in upSQLite remain.
func lockMigrations(string) (func(), error) { return func() {}, nil }
