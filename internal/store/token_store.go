package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

const tokenCols = "id, user_id, name, prefix, hash, created_at, expires_at, last_used_at"

func scanToken(s scanner) (domain.APIToken, error) {
	var k domain.APIToken
	var created string
	var expires, used sql.NullString
	if err := s.Scan(&k.ID, &k.UserID, &k.Name, &k.Prefix, &k.Hash, &created, &expires, &used); err != nil {
		return k, err
	}
	k.CreatedAt = parseTime(created)
	k.ExpiresAt, k.LastUsedAt = parseTimePtr(expires), parseTimePtr(used)
	return k, nil
}

// InsertToken stores a token's hash, never the token. Its displayed prefix
// is the type prefix alone, whatever k.Prefix holds: every viewer of a token
// list sees it, so it must show no character of the secret (the store keeps
// no part of a secret, and callers once passed its first characters).
func (t *Tx) InsertToken(ctx context.Context, k domain.APIToken) error {
	return checkOne(t.exec(ctx, `INSERT INTO api_tokens (id, user_id, name, prefix, hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		k.ID, k.UserID, k.Name, domain.APITokenPrefix, k.Hash, fmtTime(k.CreatedAt), fmtTimePtr(k.ExpiresAt)))
}

// GetTokenByHash finds a token by the hash of its secret.
func (t *Tx) GetTokenByHash(ctx context.Context, hash string) (domain.APIToken, error) {
	return one(t, ctx, "SELECT "+tokenCols+" FROM api_tokens WHERE hash = ?", []any{hash}, scanToken)
}

// GetToken reads one token of a user.
func (t *Tx) GetToken(ctx context.Context, userID, id string) (domain.APIToken, error) {
	return one(t, ctx, "SELECT "+tokenCols+" FROM api_tokens WHERE user_id = ? AND id = ?", []any{userID, id}, scanToken)
}

// ListTokens lists a user's tokens.
func (t *Tx) ListTokens(ctx context.Context, userID string) ([]domain.APIToken, error) {
	return all(t, ctx, "SELECT "+tokenCols+" FROM api_tokens WHERE user_id = ? ORDER BY id", []any{userID}, scanToken)
}

// DeleteToken revokes a token.
func (t *Tx) DeleteToken(ctx context.Context, id string) error {
	return checkOne(t.exec(ctx, "DELETE FROM api_tokens WHERE id = ?", id))
}

// TouchToken records a use, at most once a minute per token to spare the writer.
func (t *Tx) TouchToken(ctx context.Context, id string, now time.Time) error {
	_, err := t.exec(ctx, "UPDATE api_tokens SET last_used_at = ?1 WHERE id = ?2 AND (last_used_at IS NULL OR last_used_at < ?3)",
		fmtTime(now), id, fmtTime(now.Add(-time.Minute)))
	return err
}
