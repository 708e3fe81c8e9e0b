package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// MaxOutboxAttempts is how many times delivery of a message is tried before
// it is given up.
const MaxOutboxAttempts = 10

const outboxCols = "id, recipient, subject, body, created_at, sent_at"

func scanOutbox(s scanner) (domain.OutboxMessage, error) {
	var m domain.OutboxMessage
	var created string
	var sent sql.NullString
	if err := s.Scan(&m.ID, &m.To, &m.Subject, &m.Body, &created, &sent); err != nil {
		return m, err
	}
	m.CreatedAt, m.SentAt = parseTime(created), parseTimePtr(sent)
	return m, nil
}

// MailSince counts the messages to an address (any case) queued after
// since, and tells when the oldest of them was.
func (t *Tx) MailSince(ctx context.Context, to string, since time.Time) (int, time.Time, error) {
	var n int
	var oldest sql.NullString
	err := t.queryRow(ctx, "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE lower(recipient) = ? AND created_at > ?",
		strings.ToLower(to), fmtTime(since)).Scan(&n, &oldest)
	if err != nil || n == 0 {
		return n, time.Time{}, err
	}
	return n, parseTime(oldest.String), nil
}

// InsertOutbox queues an e-mail in the same transaction as the change that sends it.
func (t *Tx) InsertOutbox(ctx context.Context, m domain.OutboxMessage) error {
	_, err := t.exec(ctx, "INSERT INTO outbox (id, recipient, subject, body, created_at, attempts) VALUES (?, ?, ?, ?, ?, 0)",
		m.ID, m.To, m.Subject, m.Body, fmtTime(m.CreatedAt))
	return err
}

// ListOutbox returns the newest messages first, optionally for one recipient.
func (t *Tx) ListOutbox(ctx context.Context, to string, limit int) ([]domain.OutboxMessage, error) {
	q := "SELECT " + outboxCols + " FROM outbox"
	var args []any
	if to != "" {
		q += " WHERE lower(recipient) = lower(?)"
		args = append(args, to)
	}
	args = append(args, limit)
	return all(t, ctx, q+" ORDER BY id DESC LIMIT ?", args, scanOutbox)
}

// UnsentOutbox returns messages waiting for delivery, claimed or not, oldest first.
func (t *Tx) UnsentOutbox(ctx context.Context, limit int) ([]domain.OutboxMessage, error) {
	return all(t, ctx, "SELECT "+outboxCols+` FROM outbox
		WHERE sent_at IS NULL AND attempts < ? ORDER BY id LIMIT ?`, []any{MaxOutboxAttempts, limit}, scanOutbox)
}

// claimable selects messages nobody holds that wait for delivery: unclaimed
// ones, and those whose lease ended before now.
const claimable = "sent_at IS NULL AND attempts < ? AND (claimed_until IS NULL OR claimed_until < ?)"

// OutboxClaimable reports whether ClaimOutbox would find a message, so that
// an idle poll costs a read, not the write lock.
func (t *Tx) OutboxClaimable(ctx context.Context, now time.Time) (bool, error) {
	var one int
	err := t.queryRow(ctx, "SELECT 1 FROM outbox WHERE "+claimable+" LIMIT 1", MaxOutboxAttempts, fmtTime(now)).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// ClaimOutbox claims up to limit messages waiting for delivery for worker
// until the lease ends, oldest first. Only messages nobody holds are taken:
// unclaimed ones, and those whose lease ended before now (their worker died
// or gave up mid-batch). Run in a write transaction, which is serialized
// across every process on the database, so no message has two holders.
func (t *Tx) ClaimOutbox(ctx context.Context, worker string, now, until time.Time, limit int) ([]domain.OutboxMessage, error) {
	msgs, err := all(t, ctx, "UPDATE outbox SET claimed_by = ?, claimed_until = ? WHERE id IN (SELECT id FROM outbox WHERE "+
		claimable+" ORDER BY id LIMIT ?) RETURNING "+
		""+outboxCols, []any{worker, fmtTime(until), MaxOutboxAttempts, fmtTime(now), limit}, scanOutbox)
	if err != nil {
		return nil, err
	}
	// RETURNING promises no order.
	slices.SortFunc(msgs, func(a, b domain.OutboxMessage) int { return strings.Compare(a.ID, b.ID) })
	return msgs, nil
}

// MarkOutboxSent records a delivery, replacing the body with keptBody (the
// body without its links) and releasing the claim. It reports false when the
// message was already marked sent: a worker whose lease ran out while it was
// sending, and another worker sent it too.
func (t *Tx) MarkOutboxSent(ctx context.Context, id string, at time.Time, keptBody string) (bool, error) {
	res, err := t.exec(ctx, `UPDATE outbox SET attempts = attempts + 1, sent_at = ?, body = ?, claimed_by = NULL, claimed_until = NULL
		WHERE id = ? AND sent_at IS NULL`, fmtTime(at), keptBody, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// MarkOutboxFailed records a failed attempt by worker and releases its claim,
// so that the next round retries. The last allowed attempt gives the message
// up, and its body is then replaced with keptBody like a delivered one.
func (t *Tx) MarkOutboxFailed(ctx context.Context, id, worker, keptBody string) error {
	_, err := t.exec(ctx, `UPDATE outbox SET attempts = attempts + 1, claimed_by = NULL, claimed_until = NULL,
		body = CASE WHEN attempts + 1 >= ?1 THEN ?2 ELSE body END
		WHERE id = ?3 AND claimed_by = ?4 AND sent_at IS NULL`, MaxOutboxAttempts, keptBody, id, worker)
	return err
}

// ReleaseOutbox gives back the claims worker still holds, so that other
// workers need not wait for the leases to end (at shutdown, or when a batch
// stops early).
func (t *Tx) ReleaseOutbox(ctx context.Context, worker string) error {
	_, err := t.exec(ctx, "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ? AND sent_at IS NULL", worker)
	return err
}

// DoneOutboxWithLinks returns up to limit messages after afterID that are
// done with (delivered or given up) and whose body still has a link token,
// so that they can be redacted.
func (t *Tx) DoneOutboxWithLinks(ctx context.Context, afterID string, limit int) ([]domain.OutboxMessage, error) {
	return all(t, ctx, "SELECT "+outboxCols+` FROM outbox
		WHERE id > ? AND (sent_at IS NOT NULL OR attempts >= ?) AND body LIKE '%token=%' AND body NOT LIKE '%token=[redacted]%'
		ORDER BY id LIMIT ?`, []any{afterID, MaxOutboxAttempts, limit}, scanOutbox)
}

// SetOutboxBody replaces a message's body.
func (t *Tx) SetOutboxBody(ctx context.Context, id, body string) error {
	_, err := t.exec(ctx, "UPDATE outbox SET body = ? WHERE id = ?", body, id)
	return err
}
