-- +goose Up
-- Real sign-in. A session is a bearer credential like an API token, so it
-- lives in api_tokens and authenticates through the same indexed lookup and
-- the same no-window cache; kind tells them apart, and every list or count
-- of a user's API tokens leaves sessions out.
ALTER TABLE api_tokens ADD COLUMN kind TEXT NOT NULL DEFAULT 'api';
CREATE INDEX api_tokens_user_kind ON api_tokens (user_id, kind);
-- The TOTP secret, confirmed and being enrolled, sealed with the server's
-- key (never readable from a copy of the database file), and the last time
-- step a code was accepted for, so that no code works twice.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_pending TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
-- A password-reset link: its secret's hash and its expiry.
ALTER TABLE users ADD COLUMN reset_token_hash TEXT;
ALTER TABLE users ADD COLUMN reset_expires_at TEXT;
CREATE UNIQUE INDEX users_reset_token ON users (reset_token_hash) WHERE reset_token_hash IS NOT NULL;

-- +goose Down
DROP INDEX users_reset_token;
ALTER TABLE users DROP COLUMN reset_expires_at;
ALTER TABLE users DROP COLUMN reset_token_hash;
ALTER TABLE users DROP COLUMN totp_last_step;
ALTER TABLE users DROP COLUMN totp_pending;
ALTER TABLE users DROP COLUMN totp_secret;
DROP INDEX api_tokens_user_kind;
ALTER TABLE api_tokens DROP COLUMN kind;
