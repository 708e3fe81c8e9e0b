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

// AccessEpoch reads the access epoch of the transaction's snapshot.
func (t *Tx) AccessEpoch(ctx context.Context) (epoch int64, err error) {
	err = t.queryRow(ctx, "SELECT n FROM access_epoch WHERE id = 1").Scan(&epoch)
	return epoch, err
}

// AccessCacheable reports whether what the transaction reads of access
// holds for its epoch: always in a read transaction, and in a write
// transaction (which holds the writer, so nothing changes underneath it)
// until its own first write to an access table, after which its view
// differs from the epoch's until it commits.
func (t *Tx) AccessCacheable() bool { return !t.accessChanged }

// endAccessEpoch advances the epoch, in the transaction that changed access.
func (t *Tx) endAccessEpoch(ctx context.Context) error {
	_, err := t.tx.ExecContext(ctx, "UPDATE access_epoch SET n = n + 1 WHERE id = 1")
	return err
}
