package domain

import "time"

// Meta is carried by every object.
type Meta struct {
	ID        string    `json:"id"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Organization is a partner or client tenant.
type Organization struct {
	Meta
	Name       string  `json:"name"`
	Kind       OrgKind `json:"kind"`
	ParentID   *string `json:"parent_id"`
	ExternalID *string `json:"external_id"`
	Enabled    bool    `json:"enabled"`
}

// User is a portal account. Secrets and counters stay out of JSON.
type User struct {
	Meta
	Email                  string     `json:"email"`
	FirstName              string     `json:"first_name"`
	LastName               string     `json:"last_name"`
	Phone                  *string    `json:"phone"`
	OrganizationID         string     `json:"organization_id"`
	Enabled                bool       `json:"enabled"`
	Status                 UserStatus `json:"status"`
	Locked                 bool       `json:"locked"`
	MFAEnrolled            bool       `json:"mfa_enrolled"`
	PasswordChangeRequired bool       `json:"password_change_required"`
	LastLoginAt            *time.Time `json:"last_login_at"`
	InvitationExpiresAt    *time.Time `json:"invitation_expires_at"`

	SetupCompleted bool `json:"-"`
	// EmailVerified: the person who controls Email proved it, by finishing
	// set-up or accepting a link sent there. Changing the address clears it.
	EmailVerified  bool   `json:"-"`
	PasswordHash   string `json:"-"`
	FailedSignIns  int    `json:"-"`
	SetupTokenHash string `json:"-"`
	// ServiceAccount: this row is a service account, not a person (see
	// ServiceAccount); the user routes never show or accept it.
	ServiceAccount bool `json:"-"`
}

// ServiceAccount is a principal for automation: it holds role assignments
// and API tokens like a user, but never signs in (no password, no set-up
// link, no e-mail).
type ServiceAccount struct {
	Meta
	OrganizationID string `json:"organization_id"`
	Name           string `json:"name"`
	Description    string `json:"description"`
	Enabled        bool   `json:"enabled"`
}

// Role is a named set of permissions; built-ins have no organization.
type Role struct {
	Meta
	Name           string   `json:"name"`
	Description    string   `json:"description"`
	Permissions    []string `json:"permissions"`
	OrganizationID *string  `json:"organization_id"`
	Builtin        bool     `json:"builtin"`
}

// RoleAssignment grants a role on an organization and everything below it.
type RoleAssignment struct {
	Meta
	UserID         string  `json:"user_id"`
	OrganizationID string  `json:"organization_id"`
	RoleID         string  `json:"role_id"`
	InvitationID   *string `json:"invitation_id"`
}

// Invitation is an access grant addressed to an e-mail. OrganizationID is
// the home of the account the invitee creates; OrganizationIDs are where the
// roles are granted (by default the home alone): an MSP invites a technician
// to several clients with one e-mail, while the account lives at the MSP.
type Invitation struct {
	Meta
	Email           string           `json:"email"`
	OrganizationID  string           `json:"organization_id"`
	OrganizationIDs []string         `json:"organization_ids"`
	RoleIDs         []string         `json:"role_ids"`
	Status          InvitationStatus `json:"status"`
	ExpiresAt       time.Time        `json:"expires_at"`
	AcceptedAt      *time.Time       `json:"accepted_at"`
	UserID          *string          `json:"user_id"`
	Message         string           `json:"message"`
	InvitedBy       *string          `json:"invited_by"`

	TokenHash string `json:"-"`
}

// Person is one row of the people list: a user, or an invitation nobody
// has answered yet (pending or expired), so that a portal page shows both.
type Person struct {
	Kind           PersonKind `json:"kind"`
	ID             string     `json:"id"`
	Email          string     `json:"email"`
	FirstName      *string    `json:"first_name"`
	LastName       *string    `json:"last_name"`
	OrganizationID string     `json:"organization_id"`
	// Status is the user's status, or the invitation's (pending or expired).
	Status string `json:"status"`
	// ExpiresAt is when the invitation's link, or an invited user's set-up
	// link, expires.
	ExpiresAt *time.Time `json:"expires_at"`
	CreatedAt time.Time  `json:"created_at"`
}

// PersonKind tells the rows of the people list apart.
type PersonKind string

// The kinds of people.
const (
	PersonUser       PersonKind = "user"
	PersonInvitation PersonKind = "invitation"
)

// PersonKinds are the kinds a people list filters on.
var PersonKinds = []string{string(PersonUser), string(PersonInvitation)}

// PageKey orders the people list by id across both kinds.
func (p Person) PageKey() string { return p.ID }

// APIToken is a bearer credential of a user; the secret itself is never stored.
type APIToken struct {
	ID         string     `json:"id"`
	UserID     string     `json:"user_id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  *time.Time `json:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	// IssuedBy is the user who minted the token (the owner for their own).
	IssuedBy string `json:"-"`
	// Limit, when not nil, is what the issuer held when minting a token for
	// someone else (or through a limited token): the token never carries more.
	Limit []Grant `json:"-"`

	Hash string `json:"-"`
}

// AuditEvent records one change: who, what, when, before and after.
type AuditEvent struct {
	ID             string    `json:"id"`
	At             time.Time `json:"at"`
	ActorUserID    *string   `json:"actor_user_id"`
	Action         string    `json:"action"`
	ObjectType     string    `json:"object_type"`
	ObjectID       string    `json:"object_id"`
	OrganizationID *string   `json:"organization_id"`
	Before         any       `json:"before"`
	After          any       `json:"after"`
}

// OutboxMessage is an e-mail waiting for, or done with, delivery.
type OutboxMessage struct {
	ID      string     `json:"id"`
	To      string     `json:"to"`
	Subject string     `json:"subject"`
	Body    string     `json:"body"`
	SentAt  *time.Time `json:"sent_at"`
	Created time.Time  `json:"created_at"`
}

// ObjectID returns the id; lists order and page by it.
func (m Meta) PageKey() string { return m.ID }

// ObjectID returns the id; lists order and page by it.
func (e AuditEvent) PageKey() string { return e.ID }

// ETagVersion is the version sent as an ETag.
func (m Meta) ETagVersion() int64 { return m.Version }
