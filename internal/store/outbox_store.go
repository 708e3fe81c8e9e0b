package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

func scanOutbox(s scanner) (domain.OutboxMessage, error) {
	var m domain.OutboxMessage
	var created string
	var sent sql.NullString
	if err := s.Scan(&m.ID, &m.To, &m.Subject, &m.Body, &created, &sent); err != nil {
		return m, err
	}
	m.Created, m.SentAt = parseTime(created), parseTimePtr(sent)
	return m, nil
}

// InsertOutbox queues an e-mail in the same transaction as the change that sends it.
func (t *Tx) InsertOutbox(ctx context.Context, m domain.OutboxMessage) error {
	_, err := t.exec(ctx, "INSERT INTO outbox (id, recipient, subject, body, created_at, attempts) VALUES (?, ?, ?, ?, ?, 0)",
		m.ID, m.To, m.Subject, m.Body, fmtTime(m.Created))
	return err
}

// ListOutbox returns the newest messages first, optionally for one recipient.
func (t *Tx) ListOutbox(ctx context.Context, to string, limit int) ([]domain.OutboxMessage, error) {
	q := "SELECT id, recipient, subject, body, created_at, sent_at FROM outbox"
	var args []any
	if to != "" {
		q += " WHERE lower(recipient) = lower(?)"
		args = append(args, to)
	}
	args = append(args, limit)
	return all(t, ctx, q+" ORDER BY id DESC LIMIT ?", args, scanOutbox)
}

// UnsentOutbox returns messages waiting for delivery, oldest first.
func (t *Tx) UnsentOutbox(ctx context.Context, limit int) ([]domain.OutboxMessage, error) {
	return all(t, ctx, `SELECT id, recipient, subject, body, created_at, sent_at FROM outbox
		WHERE sent_at IS NULL AND attempts < 10 ORDER BY id LIMIT ?`, []any{limit}, scanOutbox)
}

// MarkOutbox records a delivery attempt; sent is nil when it failed.
func (t *Tx) MarkOutbox(ctx context.Context, id string, sent *time.Time) error {
	_, err := t.exec(ctx, "UPDATE outbox SET attempts = attempts + 1, sent_at = ? WHERE id = ?", fmtTimePtr(sent), id)
	return err
}
