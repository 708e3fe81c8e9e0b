package store

import (
	"context"
	"regexp"
)

// accessTables matches a write statement that can change what someone may
// do: organizations and their tree (lineages, enabled), roles (their
// permissions) and role assignments, and deleting users (their assignments
// go with them). Every write goes through Tx.exec, which checks its text, so
// no writer can forget to end the epoch.
var accessTables = regexp.MustCompile(`(?i)\b(organizations|organization_closure|roles|role_assignments)\b|\bDELETE\s+FROM\s+users\b`)

// AccessEpoch reads the access epoch of the transaction's snapshot. ok is
// false in a write transaction: its own writes may change access before the
// epoch advances on commit, so nothing it reads may be cached under an
// epoch.
func (t *Tx) AccessEpoch(ctx context.Context) (epoch int64, ok bool, err error) {
	if t.write {
		return 0, false, nil
	}
	err = t.queryRow(ctx, "SELECT n FROM access_epoch WHERE id = 1").Scan(&epoch)
	return epoch, err == nil, err
}

// endAccessEpoch advances the epoch, in the transaction that changed access.
func (t *Tx) endAccessEpoch(ctx context.Context) error {
	_, err := t.tx.ExecContext(ctx, "UPDATE access_epoch SET n = n + 1 WHERE id = 1")
	return err
}
