-- +goose Up
-- A delivery worker claims outbox messages before sending them, so that API
-- processes sharing one database never send a message twice. A claim is a
-- lease: if its worker dies, claimed_until passes and another worker retries.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claimed_until TEXT;
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;

-- +goose Down
DROP INDEX outbox_unsent;
ALTER TABLE outbox DROP COLUMN claimed_until;
ALTER TABLE outbox DROP COLUMN claimed_by;
