-- +goose Up
-- A counter that every transaction changing organizations, roles or role
-- assignments advances (the store does it on commit): what an access check
-- read in one epoch holds for as long as the epoch lasts, so API processes
-- may keep it between requests.
CREATE TABLE access_epoch (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  BIGINT NOT NULL
);
INSERT INTO access_epoch (id, n) VALUES (1, 0);

-- +goose Down
DROP TABLE access_epoch;
