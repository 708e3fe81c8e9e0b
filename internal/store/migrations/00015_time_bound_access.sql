-- +goose Up
-- Time-bound access. A grant ends at expires_at (NULL: never); expiry_audited
-- records that its lapse was written to the audit trail, once. An
-- organization may bound the grants that principals outside it hold or give
-- on it; an invitation may give its grants an end.
ALTER TABLE role_assignments ADD COLUMN expires_at TEXT;
ALTER TABLE role_assignments ADD COLUMN expiry_audited BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX role_assignments_lapse ON role_assignments (expires_at) WHERE expires_at IS NOT NULL AND NOT expiry_audited;
ALTER TABLE organizations ADD COLUMN max_grant_duration TEXT;
ALTER TABLE invitations ADD COLUMN access_expires_at TEXT;

-- +goose Down
ALTER TABLE invitations DROP COLUMN access_expires_at;
ALTER TABLE organizations DROP COLUMN max_grant_duration;
DROP INDEX role_assignments_lapse;
ALTER TABLE role_assignments DROP COLUMN expiry_audited;
ALTER TABLE role_assignments DROP COLUMN expires_at;
