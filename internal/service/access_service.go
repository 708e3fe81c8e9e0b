package service

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// Me describes the caller and one page of the organizations they reach,
// ordered by id: the answer stays bounded however much of the portal the
// caller reaches.
func (o *Op) Me(ctx context.Context, p domain.Page) (wire.Me, error) {
	u, err := o.tx.GetUser(ctx, o.caller.UserID)
	if err != nil {
		return wire.Me{}, err
	}
	acc, err := o.Access(ctx)
	if err != nil {
		return wire.Me{}, err
	}
	entries, next, err := o.accessEntries(ctx, acc, nil, p)
	me := wire.Me{User: &u.User, OrganizationID: u.OrganizationID, Access: entries, NextPageToken: next}
	if u.ServiceAccount {
		a, err := o.tx.GetServiceAccount(ctx, u.ID)
		if err != nil {
			return wire.Me{}, err
		}
		me.User, me.ServiceAccount = nil, &a
	}
	return me, err
}

// accessEntries lists one page of the organizations acc reaches (among the
// subtrees of visible, when not nil) with the access at each.
func (o *Op) accessEntries(ctx context.Context, acc *domain.Access, visible []string, p domain.Page) ([]domain.AccessEntry, string, error) {
	orgs, next, err := o.tx.ListReachedOrgs(ctx, acc.GrantOrgs(), visible, p)
	if err != nil {
		return nil, "", err
	}
	entries, err := acc.Entries(orgs)
	return nonNil(entries), next, err
}

// UserAccess reviews one page of a user's effective access, limited to the
// organizations the caller can see.
func (o *Op) UserAccess(ctx context.Context, id string, p domain.Page) (wire.UserAccess, error) {
	if _, err := o.GetUser(ctx, id); err != nil {
		return wire.UserAccess{}, err
	}
	target, err := o.accessOf(ctx, id)
	if err != nil {
		return wire.UserAccess{}, err
	}
	mine, err := o.Access(ctx)
	if err != nil {
		return wire.UserAccess{}, err
	}
	entries, next, err := o.accessEntries(ctx, target, mine.Roots("organizations:read"), p)
	for k := range entries {
		// An assignment on an organization the caller cannot see stays
		// unnamed: the review says what the user can do here, not where
		// above the caller's reach it comes from.
		entries[k].Via = slices.DeleteFunc(entries[k].Via, func(v domain.AccessSource) bool {
			return !mine.Can(v.OrganizationID, "users:read")
		})
	}
	if err == nil {
		err = mine.Err()
	}
	return wire.UserAccess{UserID: id, Access: entries, NextPageToken: next}, err
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// ListAudit lists the audit events of organizations where the caller holds audit:read.
func (o *Op) ListAudit(ctx context.Context, f domain.AuditFilter, p domain.Page) ([]domain.AuditEvent, string, error) {
	acc, err := o.Access(ctx)
	if err != nil {
		return nil, "", err
	}
	f.WithinSubtrees = acc.Roots("audit:read")
	// An actor the caller cannot see is unnamed in the events, so filtering
	// by them must not tell their events apart either.
	if f.ActorUserID != "" && !o.userVisible(ctx, f.ActorUserID) {
		return []domain.AuditEvent{}, "", nil
	}
	events, next, err := o.tx.ListAudit(ctx, f, p)
	for k, e := range events {
		// An actor outside the caller's reach stays unnamed.
		if e.ActorUserID != nil && !o.userVisible(ctx, *e.ActorUserID) {
			events[k].ActorUserID = nil
		}
		events[k].Before, events[k].After = o.unnameSender(ctx, e.Before), o.unnameSender(ctx, e.After)
	}
	return events, next, err
}

// unnameSender clears an invitation snapshot's sender when the caller cannot
// see them, as reading the invitation itself does.
func (o *Op) unnameSender(ctx context.Context, snapshot any) any {
	raw, ok := snapshot.(json.RawMessage)
	if !ok || !bytes.Contains(raw, []byte(`"invited_by"`)) {
		return snapshot
	}
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return snapshot
	}
	if by, ok := m["invited_by"].(string); ok && !o.userVisible(ctx, by) {
		m["invited_by"] = nil
	}
	out, err := json.Marshal(m)
	if err != nil {
		return snapshot
	}
	return json.RawMessage(out)
}

// userVisible reports whether the caller can see a user; an error counts as
// not visible, since this only decides whether to name someone.
func (o *Op) userVisible(ctx context.Context, id string) bool {
	if id == o.caller.UserID {
		return true
	}
	if v, ok := o.visibleUsers[id]; ok {
		return v
	}
	_, err := o.getPrincipal(ctx, id) // an actor may be a service account
	if o.visibleUsers == nil {
		o.visibleUsers = map[string]bool{}
	}
	o.visibleUsers[id] = err == nil
	return err == nil
}
