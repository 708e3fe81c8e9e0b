package store

import (
	"context"
	"strings"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// kindPerson is the kind of a person's row; every query of people filters on it
// (service accounts share the table, see migration 7).
const (
	kindPerson         = "person"
	kindServiceAccount = "service_account"
)

// isPerson and isServiceAccount select a kind of row. They are written into
// the statements rather than bound: SQLite re-plans a statement on every run
// when a bound value is compared with the condition of a partial index
// (users_service_account_name's), which cost a list of users half its CPU.
const (
	isPerson         = "kind = '" + kindPerson + "'"
	isServiceAccount = "kind = '" + kindServiceAccount + "'"
)

// userTable stores domain.User.
var userTable = newTable("users", "id = ? AND version = ? AND "+isPerson,
	append(metaColumns(func(u *domain.User) *domain.Meta { return &u.Meta }),
		field("email", func(u *domain.User) *string { return &u.Email }),
		derived("email_key", func(u *domain.User) any { return domain.NormalizeEmail(u.Email) }),
		field("first_name", func(u *domain.User) *string { return &u.FirstName }),
		field("last_name", func(u *domain.User) *string { return &u.LastName }),
		field("phone", func(u *domain.User) **string { return &u.Phone }),
		field("organization_id", func(u *domain.User) *string { return &u.OrganizationID }),
		field("enabled", func(u *domain.User) *bool { return &u.Enabled }),
		field("locked", func(u *domain.User) *bool { return &u.Locked }),
		field("failed_sign_ins", func(u *domain.User) *int { return &u.FailedSignIns }).unlisted(),
		field("setup_completed", func(u *domain.User) *bool { return &u.SetupCompleted }),
		field("password_hash", func(u *domain.User) *string { return &u.PasswordHash }).unlisted(),
		field("mfa_enrolled", func(u *domain.User) *bool { return &u.MFAEnrolled }),
		field("password_change_required", func(u *domain.User) *bool { return &u.PasswordChangeRequired }),
		coded("last_login_at", func(u *domain.User) optionalTimeText { return optionalTimeText{&u.LastLoginAt} }),
		coded("setup_token_hash", func(u *domain.User) emptyAsNull { return emptyAsNull{&u.SetupTokenHash} }).unlisted(),
		coded("totp_secret", func(u *domain.User) emptyAsNull { return emptyAsNull{&u.TOTPSecret} }).unlisted(),
		coded("totp_pending", func(u *domain.User) emptyAsNull { return emptyAsNull{&u.TOTPPending} }).unlisted(),
		field("totp_last_step", func(u *domain.User) *int64 { return &u.TOTPLastStep }).unlisted(),
		coded("reset_token_hash", func(u *domain.User) emptyAsNull { return emptyAsNull{&u.ResetTokenHash} }).unlisted(),
		coded("reset_expires_at", func(u *domain.User) optionalTimeText { return optionalTimeText{&u.ResetExpiresAt} }).unlisted(),
		coded("invitation_expires_at", func(u *domain.User) optionalTimeText { return optionalTimeText{&u.InvitationExpiresAt} }),
		field("email_verified", func(u *domain.User) *bool { return &u.EmailVerified }).unlisted(),
		coded("kind", func(u *domain.User) principalKind { return principalKind{&u.ServiceAccount} }).unlisted(),
	),
	func(u *domain.User) { u.Status = domain.DeriveUserStatus(u.Enabled, u.Locked, u.SetupCompleted) },
	map[string]string{"Status": "derived from enabled, locked and setup_completed"},
)

// The reads of people, built once: the SQLite connections cache statements by text.
var (
	getUserSQL             = "SELECT " + userTable.selectList + " FROM users WHERE id = ?"
	getUserByEmailSQL      = "SELECT " + userTable.selectList + " FROM users WHERE email_key = ? AND " + isPerson
	getUserBySetupTokenSQL = "SELECT " + userTable.selectList + " FROM users WHERE setup_token_hash = ? AND " + isPerson
	getUserByResetTokenSQL = "SELECT " + userTable.selectList + " FROM users WHERE reset_token_hash = ? AND " + isPerson
)

func emptyNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// GetUser reads one principal: a person or a service account (see
// User.ServiceAccount). Authentication, access and the audit trail work on
// both; the service keeps the user routes to people.
func (t *Tx) GetUser(ctx context.Context, id string) (domain.User, error) {
	return one(t, ctx, getUserSQL, []any{id}, userTable.scanRow)
}

// GetUserByEmail finds the person with an address, case-insensitively; a
// service account has no address.
func (t *Tx) GetUserByEmail(ctx context.Context, email string) (domain.User, error) {
	return one(t, ctx, getUserByEmailSQL, []any{domain.NormalizeEmail(email)}, userTable.scanRow)
}

// GetUserByResetTokenHash finds the person whose password-reset link carries hash.
func (t *Tx) GetUserByResetTokenHash(ctx context.Context, hash string) (domain.User, error) {
	return one(t, ctx, getUserByResetTokenSQL, []any{hash}, userTable.scanRow)
}

// SetFailedSignIns records a person's count of failed sign-ins in a row.
// It is bookkeeping nobody reads back: the user's version stays, so an
// attacker's guesses never turn an administrator's next write into a 412.
func (t *Tx) SetFailedSignIns(ctx context.Context, id string, n int) error {
	return checkOne(t.exec(ctx, "UPDATE users SET failed_sign_ins = ? WHERE id = ? AND "+isPerson, n, id))
}

// GetUserBySetupTokenHash finds the person whose set-up link carries hash.
func (t *Tx) GetUserBySetupTokenHash(ctx context.Context, hash string) (domain.User, error) {
	return one(t, ctx, getUserBySetupTokenSQL, []any{hash}, userTable.scanRow)
}

// InsertUser writes a new user.
func (t *Tx) InsertUser(ctx context.Context, u domain.User) error {
	return checkOne(t.exec(ctx, userTable.insert, userTable.insertArgs(&u)...))
}

// UpdateUser writes u, a person, over before, the person as read (see
// updateFrom).
func (t *Tx) UpdateUser(ctx context.Context, before, u domain.User) error {
	q, args := userTable.updateFrom(&before, &u, u.ID, before.Version)
	return checkOne(t.exec(ctx, q, args...))
}

// DeleteUser removes a user; tokens and assignments go with it.
func (t *Tx) DeleteUser(ctx context.Context, id string) error {
	return checkOne(t.exec(ctx, "DELETE FROM users WHERE id = ?", id))
}

// ListUsers lists people matching f (never service accounts), as a list
// shows them: without their secrets and sign-in bookkeeping (PasswordHash,
// SetupTokenHash, FailedSignIns and EmailVerified stay zero).
func (t *Tx) ListUsers(ctx context.Context, f domain.UserFilter, p domain.Page) ([]domain.User, string, error) {
	w, err := t.usersWhere(ctx, f)
	if err != nil {
		return nil, "", err
	}
	return list(t, ctx, "users", userTable.listSelect, w, p, userTable.listedRows())
}

// usersWhere is the condition of a list of the people matching f.
func (t *Tx) usersWhere(ctx context.Context, f domain.UserFilter) (where, error) {
	var w where
	w.add(isPerson)
	if err := t.scope(ctx, &w, "users.organization_id", f.Within, f.WithinSubtrees); err != nil {
		return w, err
	}
	if f.OrgIDs != nil {
		w.in("organization_id", f.OrgIDs)
	}
	if f.OrgSubtree != "" {
		cond, args, err := t.inSubtrees(ctx, "users.organization_id", []string{f.OrgSubtree})
		if err != nil {
			return w, err
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
		w.add(
			"enabled = ? AND locked = ? AND setup_completed = ? AND invitation_expires_at IS NOT NULL AND invitation_expires_at <= ?",
			true,
			false,
			false,
			f.Now,
		)
	}
	if f.RoleID != "" {
		// Only assignments the caller can see count: a filter must not tell
		// who holds a role somewhere outside the caller's reach.
		var visible where
		if err := t.scope(ctx, &visible, "ra.organization_id", f.Within, f.WithinSubtrees); err != nil {
			return w, err
		}
		// An expired grant gives nothing, so its holder does not hold the role.
		w.add("id IN (SELECT ra.user_id FROM role_assignments ra WHERE ra.role_id = ? AND (ra.expires_at IS NULL OR ra.expires_at > ?) AND "+
			strings.Join(visible.conds, " AND ")+")", append([]any{f.RoleID, f.Now}, visible.args...)...)
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
	return w, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
