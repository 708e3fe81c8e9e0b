package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// InsertAudit appends an audit event.
func (t *Tx) InsertAudit(ctx context.Context, e domain.AuditEvent) error {
	before, err := marshalNullable(e.Before)
	if err != nil {
		return err
	}
	after, err := marshalNullable(e.After)
	if err != nil {
		return err
	}
	_, err = t.exec(
		ctx,
		`INSERT INTO audit_events (id, at, actor_user_id, action, object_type, object_id, organization_id, before_json, after_json)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID,
		fmtTime(e.At),
		e.ActorUserID,
		e.Action,
		e.ObjectType,
		e.ObjectID,
		e.OrganizationID,
		before,
		after,
	)
	return err
}

// LastAuditAt returns when the newest event of action on objectID happened,
// or nil when there is none.
func (t *Tx) LastAuditAt(ctx context.Context, objectID, action string) (*time.Time, error) {
	var at sql.NullString
	err := t.queryRow(ctx, "SELECT MAX(at) FROM audit_events WHERE object_id = ? AND action = ?", objectID, action).Scan(&at)
	return parseTimePtr(at), err
}

func marshalNullable(v any) (*string, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	s := string(b)
	return &s, nil
}

// ListAudit lists audit events matching f, oldest first.
func (t *Tx) ListAudit(ctx context.Context, f domain.AuditFilter, p domain.Page) ([]domain.AuditEvent, string, error) {
	var w where
	if err := t.scope(ctx, &w, "audit_events.organization_id", f.Within, f.WithinSubtrees); err != nil {
		return nil, "", err
	}
	if f.OrganizationID != "" {
		w.add("organization_id = ?", f.OrganizationID)
	}
	if f.ObjectID != "" {
		w.add("object_id = ?", f.ObjectID)
	}
	if f.Action != "" {
		w.add("action = ?", f.Action)
	}
	if f.ActorUserID != "" {
		w.add("actor_user_id = ?", f.ActorUserID)
	}
	return listBy(
		t,
		ctx,
		"audit_events",
		"id, at, actor_user_id, action, object_type, object_id, organization_id, before_json, after_json",
		w,
		p,
		func(s scanner) (domain.AuditEvent, error) {
			var e domain.AuditEvent
			var at string
			var actor, org, before, after sql.NullString
			if err := s.Scan(&e.ID, &at, &actor, &e.Action, &e.ObjectType, &e.ObjectID, &org, &before, &after); err != nil {
				return e, err
			}
			e.At = parseTime(at)
			e.ActorUserID, e.OrganizationID = nullString(actor), nullString(org)
			if before.Valid {
				e.Before = json.RawMessage(before.String)
			}
			if after.Valid {
				e.After = json.RawMessage(after.String)
			}
			return e, nil
		},
		func(e domain.AuditEvent) string { return e.ID },
	)
}
