-- +goose Up
-- A page of one organization's people, in id order, straight from an index:
-- a client administrator's every list (a client is a leaf, so its reach is
-- that one organization), and every list filtered to one organization.
-- Without it SQLite gathered all of the organization's users and sorted
-- them to return the first hundred.
CREATE INDEX users_person_organization ON users (organization_id, id) WHERE kind = 'person';

-- +goose Down
DROP INDEX users_person_organization;
