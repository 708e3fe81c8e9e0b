package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

const userCols = `id, email, first_name, last_name, phone, organization_id, enabled, locked, failed_sign_ins,
	setup_completed, password_hash, mfa_enrolled, password_change_required, last_login_at, setup_token_hash,
	invitation_expires_at, email_verified, version, created_at, updated_at, kind`

// kindPerson is the kind of a person's row; every query of people filters on it
// (service accounts share the table, see migration 7).
const (
	kindPerson         = "person"
	kindServiceAccount = "service_account"
)

func scanUser(s scanner) (domain.User, error) {
	var u domain.User
	var phone, lastLogin, setupHash, invExp sql.NullString
	var created, updated, kind string
	err := s.Scan(&u.ID, &u.Email, &u.FirstName, &u.LastName, &phone, &u.OrganizationID, &u.Enabled, &u.Locked,
		&u.FailedSignIns, &u.SetupCompleted, &u.PasswordHash, &u.MFAEnrolled, &u.PasswordChangeRequired, &lastLogin,
		&setupHash, &invExp, &u.EmailVerified, &u.Version, &created, &updated, &kind)
	if err != nil {
		return u, err
	}
	u.Phone = nullString(phone)
	u.LastLoginAt = parseTimePtr(lastLogin)
	u.SetupTokenHash = setupHash.String
	u.InvitationExpiresAt = parseTimePtr(invExp)
	u.CreatedAt, u.UpdatedAt = parseTime(created), parseTime(updated)
	u.Status = domain.DeriveUserStatus(u.Enabled, u.Locked, u.SetupCompleted)
	u.ServiceAccount = kind == kindServiceAccount
	return u, nil
}

func emptyNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func userArgs(u domain.User) []any {
	return []any{u.Email, domain.NormalizeEmail(u.Email), u.FirstName, u.LastName, u.Phone, u.OrganizationID, u.Enabled,
		u.Locked, u.FailedSignIns, u.SetupCompleted, u.PasswordHash, u.MFAEnrolled, u.PasswordChangeRequired,
		fmtTimePtr(u.LastLoginAt), emptyNil(u.SetupTokenHash), fmtTimePtr(u.InvitationExpiresAt), u.EmailVerified, u.Version, fmtTime(u.UpdatedAt)}
}

// GetUser reads one principal: a person or a service account (see
// User.ServiceAccount). Authentication, access and the audit trail work on
// both; the service keeps the user routes to people.
func (t *Tx) GetUser(ctx context.Context, id string) (domain.User, error) {
	return one(t, ctx, "SELECT "+userCols+" FROM users WHERE id = ?", []any{id}, scanUser)
}

// GetUserByEmail finds the person with an address, case-insensitively; a
// service account has no address.
func (t *Tx) GetUserByEmail(ctx context.Context, email string) (domain.User, error) {
	return one(t, ctx, "SELECT "+userCols+" FROM users WHERE email_key = ? AND kind = ?", []any{domain.NormalizeEmail(email), kindPerson}, scanUser)
}

// GetUserBySetupTokenHash finds the person whose set-up link carries hash.
func (t *Tx) GetUserBySetupTokenHash(ctx context.Context, hash string) (domain.User, error) {
	return one(t, ctx, "SELECT "+userCols+" FROM users WHERE setup_token_hash = ? AND kind = ?", []any{hash, kindPerson}, scanUser)
}

// InsertUser writes a new user.
func (t *Tx) InsertUser(ctx context.Context, u domain.User) error {
	args := append([]any{u.ID}, userArgs(u)...)
	args = append(args, fmtTime(u.CreatedAt))
	return checkOne(t.exec(ctx, `INSERT INTO users (id, email, email_key, first_name, last_name, phone, organization_id,
		enabled, locked, failed_sign_ins, setup_completed, password_hash, mfa_enrolled, password_change_required,
		last_login_at, setup_token_hash, invitation_expires_at, email_verified, version, updated_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...))
}

// UpdateUser writes u, a person, over the row at version u.Version-1.
func (t *Tx) UpdateUser(ctx context.Context, u domain.User) error {
	args := append(userArgs(u), u.ID, u.Version-1, kindPerson)
	return checkOne(t.exec(ctx, `UPDATE users SET email = ?, email_key = ?, first_name = ?, last_name = ?, phone = ?,
		organization_id = ?, enabled = ?, locked = ?, failed_sign_ins = ?, setup_completed = ?, password_hash = ?,
		mfa_enrolled = ?, password_change_required = ?, last_login_at = ?, setup_token_hash = ?,
		invitation_expires_at = ?, email_verified = ?, version = ?, updated_at = ? WHERE id = ? AND version = ? AND kind = ?`, args...))
}

// DeleteUser removes a user; tokens and assignments go with it.
func (t *Tx) DeleteUser(ctx context.Context, id string) error {
	return checkOne(t.exec(ctx, "DELETE FROM users WHERE id = ?", id))
}

// ListUsers lists people matching f (never service accounts).
func (t *Tx) ListUsers(ctx context.Context, f domain.UserFilter, p domain.Page) ([]domain.User, string, error) {
	var w where
	w.add("kind = ?", kindPerson)
	if err := t.scope(ctx, &w, "users.organization_id", f.Within, f.WithinSubtrees); err != nil {
		return nil, "", err
	}
	if f.OrgIDs != nil {
		w.in("organization_id", f.OrgIDs)
	}
	if f.OrgSubtree != "" {
		cond, args, err := t.inSubtrees(ctx, "users.organization_id", []string{f.OrgSubtree})
		if err != nil {
			return nil, "", err
		}
		w.add(cond, args...)
	}
	switch domain.UserStatus(f.Status) {
	case domain.UserDisabled:
		w.add("enabled = ?", false)
	case domain.UserLocked:
		w.add("enabled = ? AND locked = ?", true, true)
	case domain.UserInvited:
		w.add("enabled = ? AND locked = ? AND setup_completed = ?", true, false, false)
	case domain.UserActive:
		w.add("enabled = ? AND locked = ? AND setup_completed = ?", true, false, true)
	case domain.UserSetupExpired:
		w.add("enabled = ? AND locked = ? AND setup_completed = ? AND invitation_expires_at IS NOT NULL AND invitation_expires_at <= ?", true, false, false, f.Now)
	}
	if f.RoleID != "" {
		// Only assignments the caller can see count: a filter must not tell
		// who holds a role somewhere outside the caller's reach.
		var visible where
		if err := t.scope(ctx, &visible, "ra.organization_id", f.Within, f.WithinSubtrees); err != nil {
			return nil, "", err
		}
		w.add("id IN (SELECT ra.user_id FROM role_assignments ra WHERE ra.role_id = ? AND "+strings.Join(visible.conds, " AND ")+")",
			append([]any{f.RoleID}, visible.args...)...)
	}
	if f.MFAEnrolled != nil {
		w.add("mfa_enrolled = ?", *f.MFAEnrolled)
	}
	if f.Email != "" {
		w.add("email_key = ?", domain.NormalizeEmail(f.Email))
	}
	if f.Query != "" {
		like := "%" + escapeLike(strings.ToLower(f.Query)) + "%"
		w.add(`(email_key LIKE ? ESCAPE '\' OR lower(first_name) LIKE ? ESCAPE '\' OR lower(last_name) LIKE ? ESCAPE '\'
			OR lower(first_name || ' ' || last_name) LIKE ? ESCAPE '\')`, like, like, like, like)
	}
	return list(t, ctx, "users", userCols, w, p, scanUser)
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
