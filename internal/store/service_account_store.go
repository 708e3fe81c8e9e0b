package store

import (
	"context"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// Service accounts are rows of users with kind 'service_account' (see
// migration 7): their role assignments and API tokens reference them like a
// person's, and go with them on delete.

const serviceAccountCols = "id, organization_id, first_name, description, enabled, version, created_at, updated_at"

func scanServiceAccount(s scanner) (domain.ServiceAccount, error) {
	var a domain.ServiceAccount
	var created, updated string
	if err := s.Scan(&a.ID, &a.OrganizationID, &a.Name, &a.Description, &a.Enabled, &a.Version, &created, &updated); err != nil {
		return a, err
	}
	a.CreatedAt, a.UpdatedAt = parseTime(created), parseTime(updated)
	return a, nil
}

// serviceAccountEmail is the address kept in a service account's row: the
// column is required, but the address is never shown, mailed or matched
// (its email_key is no address at all, see migration 7).
func serviceAccountEmail(id string) string { return id + "@service-accounts.invalid" }

// GetServiceAccount reads one service account (never a person).
func (t *Tx) GetServiceAccount(ctx context.Context, id string) (domain.ServiceAccount, error) {
	return one(t, ctx, "SELECT "+serviceAccountCols+" FROM users WHERE id = ? AND kind = ?", []any{id, kindServiceAccount}, scanServiceAccount)
}

// FindServiceAccountByName finds a service account of an organization by name, ignoring case.
func (t *Tx) FindServiceAccountByName(ctx context.Context, orgID, name string) (domain.ServiceAccount, error) {
	return one(t, ctx, "SELECT "+serviceAccountCols+" FROM users WHERE organization_id = ? AND name_key = ? AND kind = ?",
		[]any{orgID, domain.NameKey(name), kindServiceAccount}, scanServiceAccount)
}

// InsertServiceAccount writes a new service account: no password, no set-up
// link, an address nobody can use.
func (t *Tx) InsertServiceAccount(ctx context.Context, a domain.ServiceAccount) error {
	return checkOne(t.exec(ctx, `INSERT INTO users (id, email, email_key, first_name, last_name, phone, organization_id,
		enabled, locked, failed_sign_ins, setup_completed, password_hash, mfa_enrolled, password_change_required,
		email_verified, version, created_at, updated_at, kind, name_key, description)
		VALUES (?, ?, ?, ?, '', NULL, ?, ?, FALSE, 0, FALSE, '', FALSE, FALSE, FALSE, ?, ?, ?, ?, ?, ?)`,
		a.ID, serviceAccountEmail(a.ID), "service-account:"+a.ID, a.Name, a.OrganizationID, a.Enabled,
		a.Version, fmtTime(a.CreatedAt), fmtTime(a.UpdatedAt), kindServiceAccount, domain.NameKey(a.Name), a.Description))
}

// UpdateServiceAccount writes a over the row at version a.Version-1.
func (t *Tx) UpdateServiceAccount(ctx context.Context, a domain.ServiceAccount) error {
	return checkOne(t.exec(ctx, `UPDATE users SET first_name = ?, name_key = ?, description = ?, enabled = ?, version = ?, updated_at = ?
		WHERE id = ? AND version = ? AND kind = ?`,
		a.Name, domain.NameKey(a.Name), a.Description, a.Enabled, a.Version, fmtTime(a.UpdatedAt), a.ID, a.Version-1, kindServiceAccount))
}

// DeleteServiceAccount removes a service account; its tokens and role assignments go with it.
func (t *Tx) DeleteServiceAccount(ctx context.Context, id string) error {
	return checkOne(t.exec(ctx, "DELETE FROM users WHERE id = ? AND kind = ?", id, kindServiceAccount))
}

// ListServiceAccounts lists service accounts matching f.
func (t *Tx) ListServiceAccounts(ctx context.Context, f domain.ServiceAccountFilter, p domain.Page) ([]domain.ServiceAccount, string, error) {
	var w where
	w.add("kind = ?", kindServiceAccount)
	if err := t.scope(ctx, &w, "users.organization_id", f.Within, f.WithinSubtrees); err != nil {
		return nil, "", err
	}
	if f.OrganizationID != "" {
		w.add("organization_id = ?", f.OrganizationID)
	}
	if f.Name != "" {
		w.add("name_key = ?", domain.NameKey(f.Name))
	}
	return list(t, ctx, "users", serviceAccountCols, w, p, scanServiceAccount)
}
