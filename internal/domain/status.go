package domain

import "time"

// UserStatus is reported, never managed.
type UserStatus string

// User statuses, in the order they win when several apply.
const (
	UserDisabled UserStatus = "disabled"
	UserLocked   UserStatus = "locked"
	UserInvited  UserStatus = "invited"
	UserActive   UserStatus = "active"
)

// UserSetupExpired is a filter, not a status: invited users whose set-up
// link has expired (their status stays invited until a new link is sent).
const UserSetupExpired = "expired"

// UserStatuses lists the accepted filter values.
var UserStatuses = []string{string(UserInvited), string(UserActive), string(UserDisabled), string(UserLocked), UserSetupExpired}

// DeriveUserStatus computes status from administrative and system state: an
// administrator's disable wins over a lock, and a lock over unfinished set-up.
func DeriveUserStatus(enabled, locked, setupCompleted bool) UserStatus {
	switch {
	case !enabled:
		return UserDisabled
	case locked:
		return UserLocked
	case !setupCompleted:
		return UserInvited
	}
	return UserActive
}

// MaxFailedSignIns is how many failed sign-ins in a row lock an account.
const MaxFailedSignIns = 5

// InvitationStatus is the life-cycle state of an invitation.
type InvitationStatus string

// Invitation statuses.
const (
	InvitationPending  InvitationStatus = "pending"
	InvitationAccepted InvitationStatus = "accepted"
	InvitationExpired  InvitationStatus = "expired"
	InvitationRevoked  InvitationStatus = "revoked"
)

// InvitationStatuses lists the accepted filter values.
var InvitationStatuses = []string{string(InvitationPending), string(InvitationAccepted), string(InvitationExpired), string(InvitationRevoked)}

// EffectiveInvitationStatus turns a stored pending invitation past its expiry into expired;
// expiry is a function of time, so it is derived on read instead of written by a job.
func EffectiveInvitationStatus(stored InvitationStatus, expiresAt, now time.Time) InvitationStatus {
	if stored == InvitationPending && !now.Before(expiresAt) {
		return InvitationExpired
	}
	return stored
}

// Invitation lifetimes.
const (
	DefaultInvitationTTL = 7 * 24 * time.Hour
	MinInvitationTTL     = time.Hour
	MaxInvitationTTL     = 30 * 24 * time.Hour
)
