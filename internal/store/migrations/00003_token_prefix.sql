-- +goose Up
-- An API token's displayed prefix held the first characters of its secret,
-- shown to everyone who could list the token. Keep only the type prefix.
UPDATE api_tokens SET prefix = 'ptk_';

-- +goose Down
-- The characters removed are not kept anywhere; nothing to restore.
SELECT 1;
