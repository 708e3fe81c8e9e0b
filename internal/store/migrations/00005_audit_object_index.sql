-- +goose Up
-- Reading an object's history (the object_id filter of the audit trail, the
-- time of a link's last resend) stays bounded by that object's events.
CREATE INDEX audit_events_object ON audit_events (object_id, action, at);

-- +goose Down
DROP INDEX audit_events_object;
