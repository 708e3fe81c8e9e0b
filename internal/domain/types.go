package domain

import (
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// The objects the API shows are its wire types (internal/wire), one
// definition for the server, the client and the document. Where the server
// keeps more than it shows (secrets, sign-in bookkeeping), the domain type
// embeds the wire type and adds those fields, tagged so that no JSON of
// them is ever written (audit events record these types as JSON).

// Meta is carried by every object.
type Meta = wire.Meta

// Organization is a partner or client tenant.
type Organization = wire.Organization

// User is a portal account. Secrets and counters stay out of JSON.
type User struct {
	wire.User

	SetupCompleted bool `json:"-"`
	// EmailVerified: the person who controls Email proved it, by finishing
	// set-up or accepting a link sent there. Changing the address clears it.
	EmailVerified  bool   `json:"-"`
	PasswordHash   string `json:"-"`
	FailedSignIns  int    `json:"-"`
	SetupTokenHash string `json:"-"`
	// TOTPSecret is the confirmed TOTP secret and TOTPPending the one being
	// enrolled, both sealed with the server's key; TOTPLastStep is the last
	// 30-second step a code was accepted for, so no code works twice.
	TOTPSecret   string `json:"-"`
	TOTPPending  string `json:"-"`
	TOTPLastStep int64  `json:"-"`
	// ResetTokenHash is the hash of a live password-reset link's secret.
	ResetTokenHash string     `json:"-"`
	ResetExpiresAt *time.Time `json:"-"`
	// ServiceAccount: this row is a service account, not a person (see
	// ServiceAccount); the user routes never show or accept it.
	ServiceAccount bool `json:"-"`
}

// ServiceAccount is a principal for automation: it holds role assignments
// and API tokens like a user, but never signs in (no password, no set-up
// link, no e-mail).
type ServiceAccount = wire.ServiceAccount

// Role is a named set of permissions; built-ins have no organization.
type Role = wire.Role

// RoleAssignment grants a role on an organization and everything below it.
type RoleAssignment = wire.RoleAssignment

// Invitation is an access grant addressed to an e-mail. OrganizationID is
// the home of the account the invitee creates; OrganizationIDs are where the
// roles are granted (by default the home alone): an MSP invites a technician
// to several clients with one e-mail, while the account lives at the MSP.
type Invitation struct {
	wire.Invitation

	TokenHash string `json:"-"`
}

// Person is one row of the people list: a user, or an invitation nobody
// has answered yet (pending or expired), so that a portal page shows both.
type Person = wire.Person

// PersonKind tells the rows of the people list apart.
type PersonKind = wire.PersonKind

// The kinds of people.
const (
	PersonUser       = wire.PersonUser
	PersonInvitation = wire.PersonInvitation
)

// APIToken is a bearer credential of a user; the secret itself is never stored.
type APIToken struct {
	wire.APIToken
	// IssuedBy is the user who minted the token (the owner for their own).
	IssuedBy string `json:"-"`
	// Limit, when not nil, is what the issuer held when minting a token for
	// someone else (or through a limited token): the token never carries more.
	Limit []Grant `json:"-"`
	// Session: the credential is a sign-in session (POST /v1/sessions), not
	// an API token: it never shows in a list of tokens, and it cannot mint
	// credentials for anyone else.
	Session bool `json:"-"`

	Hash string `json:"-"`
}

// AuditEvent records one change: who, what, when, before and after.
type AuditEvent = wire.AuditEvent

// OutboxMessage is an e-mail waiting for, or done with, delivery.
type OutboxMessage = wire.OutboxMessage
