-- +goose Up
-- email_verified: the person who controls the address proved it (finished set-up or accepted a link
-- sent there). An invitation is only accepted at once onto a verified account.
ALTER TABLE users ADD COLUMN email_verified BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE users SET email_verified = setup_completed;
-- issued_by: who minted a token. A token never carries more than its issuer holds now.
ALTER TABLE api_tokens ADD COLUMN issued_by TEXT;
UPDATE api_tokens SET issued_by = user_id;

-- +goose Down
ALTER TABLE api_tokens DROP COLUMN issued_by;
ALTER TABLE users DROP COLUMN email_verified;
