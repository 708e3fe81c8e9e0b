package store

import (
	"context"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// Service accounts are rows of users with kind 'service_account' (see
// migration 7): their role assignments and API tokens reference them like a
// person's, and go with them on delete.

// serviceAccountTable stores domain.ServiceAccount in its rows of users:
// what a person's row requires and a service account lacks is made once
// (fixed) and never changed, and the address is one nobody can use.
var serviceAccountTable = newTable("users", "id = ? AND version = ? AND "+isServiceAccount,
	append(metaColumns(func(a *domain.ServiceAccount) *domain.Meta { return &a.Meta }),
		field("organization_id", func(a *domain.ServiceAccount) *string { return &a.OrganizationID }),
		field("first_name", func(a *domain.ServiceAccount) *string { return &a.Name }),
		derived("name_key", func(a *domain.ServiceAccount) any { return domain.NameKey(a.Name) }),
		field("description", func(a *domain.ServiceAccount) *string { return &a.Description }),
		field("enabled", func(a *domain.ServiceAccount) *bool { return &a.Enabled }),
		// The column is required, but the address is never shown, mailed
		// or matched: no address normalizes to its email_key, so a
		// person's address never collides with it.
		derived("email", func(a *domain.ServiceAccount) any { return a.ID + "@service-accounts.invalid" }).onInsert(),
		derived("email_key", func(a *domain.ServiceAccount) any { return "service-account:" + a.ID }).onInsert(),
		fixed[domain.ServiceAccount]("kind", kindServiceAccount),
		fixed[domain.ServiceAccount]("last_name", ""),
		fixed[domain.ServiceAccount]("phone", nil),
		fixed[domain.ServiceAccount]("locked", false),
		fixed[domain.ServiceAccount]("failed_sign_ins", 0),
		fixed[domain.ServiceAccount]("setup_completed", false),
		fixed[domain.ServiceAccount]("password_hash", ""),
		fixed[domain.ServiceAccount]("mfa_enrolled", false),
		fixed[domain.ServiceAccount]("password_change_required", false),
		fixed[domain.ServiceAccount]("email_verified", false),
	),
	nil, nil,
)

// The reads of service accounts, built once.
var (
	getServiceAccountSQL        = "SELECT " + serviceAccountTable.selectList + " FROM users WHERE id = ? AND " + isServiceAccount
	findServiceAccountByNameSQL = "SELECT " + serviceAccountTable.selectList + " FROM users WHERE organization_id = ? AND name_key = ? AND " +
		"" + isServiceAccount
)

// GetServiceAccount reads one service account (never a person).
func (t *Tx) GetServiceAccount(ctx context.Context, id string) (domain.ServiceAccount, error) {
	return one(t, ctx, getServiceAccountSQL, []any{id}, serviceAccountTable.scanRow)
}

// FindServiceAccountByName finds a service account of an organization by name, ignoring case.
func (t *Tx) FindServiceAccountByName(ctx context.Context, orgID, name string) (domain.ServiceAccount, error) {
	return one(t, ctx, findServiceAccountByNameSQL,
		[]any{orgID, domain.NameKey(name)}, serviceAccountTable.scanRow)
}

// InsertServiceAccount writes a new service account: no password, no set-up
// link, an address nobody can use.
func (t *Tx) InsertServiceAccount(ctx context.Context, a domain.ServiceAccount) error {
	return checkOne(t.exec(ctx, serviceAccountTable.insert, serviceAccountTable.insertArgs(&a)...))
}

// UpdateServiceAccount writes a over before, the service account as read
// (see updateFrom).
func (t *Tx) UpdateServiceAccount(ctx context.Context, before, a domain.ServiceAccount) error {
	q, args := serviceAccountTable.updateFrom(&before, &a, a.ID, before.Version)
	return checkOne(t.exec(ctx, q, args...))
}

// DeleteServiceAccount removes a service account; its tokens and role assignments go with it.
func (t *Tx) DeleteServiceAccount(ctx context.Context, id string) error {
	return checkOne(t.exec(ctx, "DELETE FROM users WHERE id = ? AND "+isServiceAccount, id))
}

// ListServiceAccounts lists service accounts matching f.
func (t *Tx) ListServiceAccounts(
	ctx context.Context,
	f domain.ServiceAccountFilter,
	p domain.Page,
) ([]domain.ServiceAccount, string, error) {
	var w where
	w.add(isServiceAccount)
	if err := t.scope(ctx, &w, "users.organization_id", f.Within, f.WithinSubtrees); err != nil {
		return nil, "", err
	}
	if f.OrganizationID != "" {
		w.add("organization_id = ?", f.OrganizationID)
	}
	if f.Name != "" {
		w.add("name_key = ?", domain.NameKey(f.Name))
	}
	return list(t, ctx, "users", serviceAccountTable.selectList, w, p, serviceAccountTable.rows())
}
