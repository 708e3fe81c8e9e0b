package domain

import (
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// UserStatus is reported, never managed.
type UserStatus = wire.UserStatus

// User statuses, in the order they win when several apply.
const (
	UserDisabled = wire.UserDisabled
	UserLocked   = wire.UserLocked
	UserInvited  = wire.UserInvited
	UserActive   = wire.UserActive
)

// UserSetupExpired is a filter, not a status: invited users whose set-up
// link has expired (their status stays invited until a new link is sent).
const UserSetupExpired = UserStatus(wire.UserSetupExpired)

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
type InvitationStatus = wire.InvitationStatus

// Invitation statuses.
const (
	InvitationPending  = wire.InvitationPending
	InvitationAccepted = wire.InvitationAccepted
	InvitationExpired  = wire.InvitationExpired
	InvitationRevoked  = wire.InvitationRevoked
)

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
