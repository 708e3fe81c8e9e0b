package wire

import "time"

// UserStatus is reported, never managed.
type UserStatus string

// User statuses.
const (
	UserInvited  UserStatus = "invited"
	UserActive   UserStatus = "active"
	UserDisabled UserStatus = "disabled"
	UserLocked   UserStatus = "locked"
)

// Values lists the statuses.
func (UserStatus) Values() []string {
	return []string{string(UserInvited), string(UserActive), string(UserDisabled), string(UserLocked)}
}

// UserStatusFilter is a status to list users by: a status, or expired.
type UserStatusFilter string

// UserSetupExpired filters invited users whose set-up link has expired (their
// status stays invited until a new link is sent).
const UserSetupExpired UserStatusFilter = "expired"

// Values lists the statuses a list filters on.
func (UserStatusFilter) Values() []string {
	return append(UserStatus("").Values(), string(UserSetupExpired))
}

// User is a portal account: one per e-mail address in the whole portal.
type User struct {
	Meta
	// Unique across the portal, ignoring case.
	Email string `json:"email" oas:"format=email" example:"ann@example.com"`
	// Given name.
	FirstName string `json:"first_name" example:"Ann"`
	// Family name.
	LastName string `json:"last_name" example:"Lee"`
	// E.164, such as +14155550123.
	Phone *string `json:"phone" example:"+14155550123"`
	// The home organization.
	OrganizationID string `json:"organization_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// Administrative state: whether the user may sign in and act.
	Enabled bool `json:"enabled" example:"true"`
	// invited (set-up not finished), active, disabled (enabled is false) or
	// locked (too many failed sign-ins; still enabled).
	Status UserStatus `json:"status"`
	// Set by failed sign-ins, cleared by unlock.
	Locked bool `json:"locked" example:"false"`
	// Whether the user has enrolled multi-factor authentication.
	MFAEnrolled bool `json:"mfa_enrolled" example:"false"`
	// The next sign-in must choose a new password.
	PasswordChangeRequired bool `json:"password_change_required" example:"false"`
	// When the user last signed in; null if never.
	LastLoginAt *time.Time `json:"last_login_at" example:"2026-11-03T08:00:00Z"`
	// When the set-up link expires, for a user who has not finished set-up.
	InvitationExpiresAt *time.Time `json:"invitation_expires_at" example:"2026-11-09T09:30:00Z"`
}

// UserCreate is the body of POST /v1/users.
type UserCreate struct {
	// Unique across the portal, ignoring case.
	Email string `json:"email" oas:"format=email" example:"ann@example.com"`
	// Given name.
	FirstName string `json:"first_name" example:"Ann"`
	// Family name.
	LastName string `json:"last_name" example:"Lee"`
	// E.164, such as +14155550123.
	Phone *string `json:"phone,omitempty" example:"+14155550123"`
	// The home organization.
	OrganizationID string `json:"organization_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// Defaults to true.
	Enabled *bool `json:"enabled,omitempty" example:"true"`
	// Whether to e-mail an account set-up link; defaults to true (never to a
	// user created disabled).
	SendInvitation *bool `json:"send_invitation,omitempty" example:"true"`
	// A password the account can sign in with at once, instead of a set-up
	// link; the user must change it when first signing in. Never returned.
	InitialPassword *string `json:"initial_password,omitempty" oas:"newPassword" example:"a quiet harbour at dawn"`
}

// UserUpdate is the body of PATCH /v1/users/{id}, a merge patch.
type UserUpdate struct {
	// A new address; for a user who has not finished set-up, a new set-up
	// link goes to it.
	Email Optional[string] `json:"email,omitzero" oas:"format=email" example:"ann.lee@example.com"`
	// Given name.
	FirstName Optional[string] `json:"first_name,omitzero" example:"Ann"`
	// Family name.
	LastName Optional[string] `json:"last_name,omitzero" example:"Lee"`
	// Null clears it.
	Phone Nullable[string] `json:"phone,omitzero" example:"+14155550124"`
	// Moves the user to another home organization.
	OrganizationID Optional[string] `json:"organization_id,omitzero" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// Disabling ends the user's access on the next request; enabling restores it.
	Enabled Optional[bool] `json:"enabled,omitzero" example:"false"`
	// Sets a new password, which the user must change when signing in with
	// it, and ends the user's sessions. Never returned.
	InitialPassword Optional[string] `json:"initial_password,omitzero" oas:"newPassword" example:"a quiet harbour at dawn"`
}

// UserQuery filters GET /v1/users and its CSV export, like a portal's user page.
type UserQuery struct {
	// Users homed in this organization.
	OrganizationID string `query:"organization_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// With organization_id: also users homed below it.
	IncludeDescendants bool `query:"include_descendants" example:"true"`
	// A status; expired lists invited users whose set-up link has expired.
	Status UserStatusFilter `query:"status"`
	// Users holding this role somewhere the caller sees.
	RoleID string `query:"role_id" example:"technician"`
	// Users who have enrolled MFA (true) or not (false).
	MFAEnrolled *bool `query:"mfa_enrolled" example:"false"`
	// Search the e-mail address and names.
	Q string `query:"q" example:"ann"`
	// Exact e-mail address, ignoring case.
	Email string `query:"email" example:"ann@example.com"`
}

// UserListQuery is the query of GET /v1/users: the filters and the page.
type UserListQuery struct {
	UserQuery
	PageQuery
}
