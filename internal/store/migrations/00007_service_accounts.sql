-- +goose Up
-- Service accounts are principals that hold role assignments and API tokens
-- but never sign in. They are rows of users, so that role_assignments.user_id
-- and api_tokens.user_id keep referencing one table (with ON DELETE CASCADE)
-- and every access rule applies to them unchanged; kind tells them apart, and
-- every query of people filters on it.
--   name        is kept in first_name (validated as one line, like any name);
--   name_key    is its comparison form, unique per organization among
--               service accounts (NULL for people);
--   description is free text (many lines, up to 1000 characters), which
--               last_name, a one-line person's name, cannot hold;
--   email       is synthesized and never shown, and email_key is
--               'service-account:' || id, which no address normalizes to, so
--               a person's address can never collide with a service account.
ALTER TABLE users ADD COLUMN kind TEXT NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'service_account'));
ALTER TABLE users ADD COLUMN name_key TEXT;
ALTER TABLE users ADD COLUMN description TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX users_service_account_name ON users (organization_id, name_key) WHERE kind = 'service_account';

-- +goose Down
DROP INDEX users_service_account_name;
DELETE FROM users WHERE kind = 'service_account';
ALTER TABLE users DROP COLUMN description;
ALTER TABLE users DROP COLUMN name_key;
ALTER TABLE users DROP COLUMN kind;
