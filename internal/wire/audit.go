package wire

import "time"

// AuditEvent records one change: who, what, when, before and after.
type AuditEvent struct {
	// The event's identifier; events are ordered by it.
	ID string `json:"id" example:"aud_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// When the change happened.
	At time.Time `json:"at" example:"2026-11-03T14:05:00Z"`
	// The user or service account that made the change; null for the system.
	ActorUserID *string `json:"actor_user_id" example:"usr_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// The object type and the verb, such as user.update.
	Action string `json:"action" example:"user.update"`
	// The kind of object changed.
	ObjectType string `json:"object_type" example:"user"`
	// The object changed.
	ObjectID string `json:"object_id" example:"usr_01j9z3k4m5n6p7q8r9s0t1v2w4"`
	// The organization the object belongs to.
	OrganizationID *string `json:"organization_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// The object as the API showed it before the change; null for a creation.
	Before any `json:"before" oas:"type=object" example:"{\"enabled\":true}"`
	// The object as the API shows it after the change; null for a deletion.
	After any `json:"after" oas:"type=object" example:"{\"enabled\":false}"`
}

// AuditEventQuery filters GET /v1/audit-events.
type AuditEventQuery struct {
	// Events of this organization.
	OrganizationID string `query:"organization_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// Events of this object.
	ObjectID string `query:"object_id" example:"usr_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// Events of this action, such as user.update.
	Action string `query:"action" example:"user.update"`
	// Events caused by this user or service account.
	ActorUserID string `query:"actor_user_id" example:"usr_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	PageQuery
}
