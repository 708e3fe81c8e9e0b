-- +goose Up
-- The messages to one address in a window: the per-recipient mail budget
-- counts them on every send.
CREATE INDEX outbox_recipient ON outbox (lower(recipient), created_at);

-- +goose Down
DROP INDEX outbox_recipient;
