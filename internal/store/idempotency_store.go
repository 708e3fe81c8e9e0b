package store

import (
	"context"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// GetIdempotent finds the stored answer for a user's key.
func (t *Tx) GetIdempotent(ctx context.Context, userID, key string) (domain.IdempotentResponse, error) {
	return one(t, ctx, "SELECT method, path, request_hash, status, body FROM idempotency_keys WHERE user_id = ? AND key = ?",
		[]any{userID, key}, func(s scanner) (domain.IdempotentResponse, error) {
			var r domain.IdempotentResponse
			var body string
			err := s.Scan(&r.Method, &r.Path, &r.RequestHash, &r.Status, &body)
			r.Body = []byte(body)
			return r, err
		})
}

// PutIdempotent stores the answer in the same transaction as the change it answers.
func (t *Tx) PutIdempotent(ctx context.Context, userID, key string, r domain.IdempotentResponse, now time.Time) error {
	return checkOne(t.exec(ctx, `INSERT INTO idempotency_keys (user_id, key, method, path, request_hash, status, body, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, userID, key, r.Method, r.Path, r.RequestHash, r.Status, string(r.Body), fmtTime(now)))
}

// PurgeIdempotent forgets keys older than before.
func (t *Tx) PurgeIdempotent(ctx context.Context, before time.Time) error {
	_, err := t.exec(ctx, "DELETE FROM idempotency_keys WHERE created_at < ?", fmtTime(before))
	return err
}
