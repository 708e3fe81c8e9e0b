-- +goose Up
-- email_verified: the person who controls the address proved it (finished set-up or accepted a link
-- sent there). An invitation is only accepted at once onto a verified account.
ALTER TABLE users ADD COLUMN email_verified BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE users SET email_verified = setup_completed;
-- issued_by: who minted a token; limit_grants: for a token minted by someone else (or
-- through a limited token), the issuer's grants when minting it, as JSON. The token never
-- carries more than those.
ALTER TABLE api_tokens ADD COLUMN issued_by TEXT;
ALTER TABLE api_tokens ADD COLUMN limit_grants TEXT;

-- +goose Down
ALTER TABLE api_tokens DROP COLUMN limit_grants;
ALTER TABLE api_tokens DROP COLUMN issued_by;
ALTER TABLE users DROP COLUMN email_verified;
