package store

import (
	"context"
	"errors"
)

// ErrScrubBusy says a reader kept the write-ahead log from being emptied;
// ScrubLog is to be retried.
var ErrScrubBusy = errors.New("store: a reader holds the write-ahead log; scrub again later")

// ScrubLog empties SQLite's write-ahead log into the database file and
// truncates it, so that the earlier versions of pages it holds (an e-mail
// whose link was redacted since) are gone from the files: with
// secure_delete, the database pages hold only the redacted versions. The
// mailer calls it after redacting delivered links. On PostgreSQL it does
// nothing: its files are not a copy a tenant can be handed.
func (s *Store) ScrubLog(ctx context.Context) error {
	if s.pg {
		return nil
	}
	var busy, logged, checkpointed int
	if err := s.writer.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logged, &checkpointed); err != nil {
		return err
	}
	if busy != 0 {
		return ErrScrubBusy
	}
	return nil
}
