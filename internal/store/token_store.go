package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

const tokenCols = "id, user_id, name, prefix, hash, created_at, expires_at, last_used_at, COALESCE(issued_by, user_id), limit_grants, kind"

// The kinds of bearer credentials: an API token, or a sign-in session.
const (
	tokenKindAPI     = "api"
	tokenKindSession = "session"
	isAPIToken       = "kind = '" + tokenKindAPI + "'"
)

func scanToken(s scanner) (domain.APIToken, error) {
	var k domain.APIToken
	var created string
	var expires, used, limit sql.NullString
	var kind string
	if err := s.Scan(&k.ID, &k.UserID, &k.Name, &k.Prefix, &k.Hash, &created, &expires, &used, &k.IssuedBy, &limit, &kind); err != nil {
		return k, err
	}
	k.Session = kind == tokenKindSession
	if limit.Valid {
		k.Limit = []domain.Grant{}
		if err := json.Unmarshal([]byte(limit.String), &k.Limit); err != nil {
			return k, fmt.Errorf("token %s: bad limit: %w", k.ID, err)
		}
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
	kind, prefix := tokenKindAPI, domain.APITokenPrefix
	if k.Session {
		kind, prefix = tokenKindSession, domain.SessionTokenPrefix
	}
	return checkOne(
		t.exec(ctx, `INSERT INTO api_tokens (id, user_id, name, prefix, hash, created_at, expires_at, issued_by, limit_grants, kind)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			k.ID, k.UserID, k.Name, prefix, k.Hash, fmtTime(k.CreatedAt), fmtTimePtr(k.ExpiresAt), k.IssuedBy, limitJSON(k.Limit), kind),
	)
}

func limitJSON(g []domain.Grant) *string {
	if g == nil {
		return nil
	}
	b, _ := json.Marshal(g)
	s := string(b)
	return &s
}

// TokenHolder is a token with what authenticating its holder needs.
type TokenHolder struct {
	Token domain.APIToken
	// HolderEnabled is the holder's account's administrative state.
	HolderEnabled bool
	// HomeEnabled reports that the holder's home organization and every
	// organization above it are enabled.
	HomeEnabled bool
	// HolderLocked and MustChangePassword are the holder's sign-in state,
	// which limits what a session may do.
	HolderLocked, MustChangePassword bool
}

// TokenHolder finds a token by the hash of its secret, with its holder's
// state: one indexed query, outside a transaction (see lookup), for what
// every request asks first.
func (s *Store) TokenHolder(ctx context.Context, hash string) (TokenHolder, error) {
	return s.lookup().tokenHolder(ctx, hash)
}

func (t *Tx) tokenHolder(ctx context.Context, hash string) (TokenHolder, error) {
	var h TokenHolder
	row := t.queryRow(ctx, `SELECT k.*, u.enabled, u.locked, u.password_change_required, NOT EXISTS (SELECT 1 FROM organization_closure c
		JOIN organizations o ON o.id = c.ancestor_id WHERE c.descendant_id = u.organization_id AND NOT o.enabled)
		FROM (SELECT `+tokenCols+` FROM api_tokens WHERE hash = ?) k JOIN users u ON u.id = k.user_id`, hash)
	k, err := scanToken(withExtra{row, []any{&h.HolderEnabled, &h.HolderLocked, &h.MustChangePassword, &h.HomeEnabled}})
	if errors.Is(err, sql.ErrNoRows) {
		return h, ErrNotFound
	}
	h.Token = k
	return h, err
}

// GetToken reads one token of a user.
func (t *Tx) GetToken(ctx context.Context, userID, id string) (domain.APIToken, error) {
	return one(t, ctx, "SELECT "+tokenCols+" FROM api_tokens WHERE user_id = ? AND id = ? AND "+isAPIToken, []any{userID, id}, scanToken)
}

// ListTokens lists a user's tokens.
func (t *Tx) ListTokens(ctx context.Context, userID string) ([]domain.APIToken, error) {
	return all(t, ctx, "SELECT "+tokenCols+" FROM api_tokens WHERE user_id = ? AND "+isAPIToken+" ORDER BY id", []any{userID}, scanToken)
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

// DeleteTokensOf revokes every token of a user.
func (t *Tx) DeleteTokensOf(ctx context.Context, userID string) (int64, error) {
	res, err := t.exec(ctx, "DELETE FROM api_tokens WHERE user_id = ?", userID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// DeleteSessionsOf ends every sign-in session of a user but keep (the
// caller's own, when a password change keeps it; "" for none).
func (t *Tx) DeleteSessionsOf(ctx context.Context, userID, keep string) error {
	_, err := t.exec(ctx, "DELETE FROM api_tokens WHERE user_id = ? AND kind = '"+tokenKindSession+"' AND id <> ?", userID, keep)
	return err
}

// DeleteSessionsBelow ends the sessions of everyone homed in an
// organization or below it.
func (t *Tx) DeleteSessionsBelow(ctx context.Context, orgID string) error {
	_, err := t.exec(ctx, `DELETE FROM api_tokens WHERE kind = '`+tokenKindSession+`' AND user_id IN (SELECT u.id FROM users u
		JOIN organization_closure c ON c.descendant_id = u.organization_id WHERE c.ancestor_id = ?)`, orgID)
	return err
}

// DeleteSession ends one session of a user.
func (t *Tx) DeleteSession(ctx context.Context, userID, id string) error {
	return checkOne(t.exec(ctx, "DELETE FROM api_tokens WHERE user_id = ? AND id = ? AND kind = '"+tokenKindSession+"'", userID, id))
}

// TrimSessions makes room for a user's new session: it ends those expired
// at now, and all but the newest keep of the others (ids grow with time).
func (t *Tx) TrimSessions(ctx context.Context, userID string, now time.Time, keep int) error {
	_, err := t.exec(ctx, `DELETE FROM api_tokens WHERE user_id = ?1 AND kind = '`+tokenKindSession+`'
		AND (expires_at <= ?2 OR id NOT IN (SELECT id FROM api_tokens WHERE user_id = ?1 AND kind = '`+tokenKindSession+`'
		AND expires_at > ?2 ORDER BY id DESC LIMIT ?3))`, userID, fmtTime(now), keep)
	return err
}

// CountLiveTokens counts a user's tokens that have not expired at now.
func (t *Tx) CountLiveTokens(ctx context.Context, userID string, now time.Time) (int, error) {
	var n int
	err := t.queryRow(ctx, "SELECT COUNT(*) FROM api_tokens WHERE user_id = ? AND "+isAPIToken+
		" AND (expires_at IS NULL OR expires_at > ?)", userID, fmtTime(now)).
		Scan(&n)
	return n, err
}
