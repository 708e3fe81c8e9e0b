package client

import "time"

// Meta is carried by every object.
type Meta struct {
	ID        string    `json:"id"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Organization is a partner or client.
type Organization struct {
	Meta
	Name       string  `json:"name"`
	Kind       string  `json:"kind"`
	ParentID   *string `json:"parent_id"`
	ExternalID *string `json:"external_id"`
	Enabled    bool    `json:"enabled"`
}

// User is a portal account.
type User struct {
	Meta
	Email                  string     `json:"email"`
	FirstName              string     `json:"first_name"`
	LastName               string     `json:"last_name"`
	Phone                  *string    `json:"phone"`
	OrganizationID         string     `json:"organization_id"`
	Enabled                bool       `json:"enabled"`
	Status                 string     `json:"status"`
	Locked                 bool       `json:"locked"`
	MFAEnrolled            bool       `json:"mfa_enrolled"`
	PasswordChangeRequired bool       `json:"password_change_required"`
	LastLoginAt            *time.Time `json:"last_login_at"`
	InvitationExpiresAt    *time.Time `json:"invitation_expires_at"`
}

// Role is a built-in or custom role.
type Role struct {
	Meta
	Name           string   `json:"name"`
	Description    string   `json:"description"`
	Permissions    []string `json:"permissions"`
	OrganizationID *string  `json:"organization_id"`
	Builtin        bool     `json:"builtin"`
}

// RoleAssignment is one grant.
type RoleAssignment struct {
	Meta
	UserID         string  `json:"user_id"`
	OrganizationID string  `json:"organization_id"`
	RoleID         string  `json:"role_id"`
	InvitationID   *string `json:"invitation_id"`
}

// Invitation is an access grant addressed to an e-mail.
type Invitation struct {
	Meta
	Email          string `json:"email"`
	OrganizationID string `json:"organization_id"`
	// OrganizationIDs are where the roles are granted (by default the home, OrganizationID).
	OrganizationIDs []string   `json:"organization_ids"`
	RoleIDs         []string   `json:"role_ids"`
	Status          string     `json:"status"`
	ExpiresAt       time.Time  `json:"expires_at"`
	AcceptedAt      *time.Time `json:"accepted_at"`
	UserID          *string    `json:"user_id"`
	Message         string     `json:"message"`
	InvitedBy       *string    `json:"invited_by"`
}

// Person is a user or an unanswered invitation, in the people list.
type Person struct {
	Kind           string     `json:"kind"`
	ID             string     `json:"id"`
	Email          string     `json:"email"`
	FirstName      *string    `json:"first_name"`
	LastName       *string    `json:"last_name"`
	OrganizationID string     `json:"organization_id"`
	Status         string     `json:"status"`
	ExpiresAt      *time.Time `json:"expires_at"`
	CreatedAt      time.Time  `json:"created_at"`
}

// Permission is a catalog entry.
type Permission struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// AccessSource is an assignment through which an organization is reached.
type AccessSource struct {
	AssignmentID   string `json:"assignment_id"`
	RoleID         string `json:"role_id"`
	OrganizationID string `json:"organization_id"`
	Inherited      bool   `json:"inherited"`
}

// AccessEntry is the effective access at one organization.
type AccessEntry struct {
	OrganizationID string         `json:"organization_id"`
	Permissions    []string       `json:"permissions"`
	Via            []AccessSource `json:"via"`
}

// Me describes the token's owner: a user, or a service account (User nil).
type Me struct {
	User           *User           `json:"user"`
	ServiceAccount *ServiceAccount `json:"service_account"`
	OrganizationID string          `json:"organization_id"`
	Access         []AccessEntry   `json:"access"`
	NextPageToken  string          `json:"next_page_token"`
}

// UserAccess is one user's effective access.
type UserAccess struct {
	UserID        string        `json:"user_id"`
	Access        []AccessEntry `json:"access"`
	NextPageToken string        `json:"next_page_token"`
}

// OutboxMessage is an e-mail the API sent (dev mode).
type OutboxMessage struct {
	ID        string     `json:"id"`
	To        string     `json:"to"`
	Subject   string     `json:"subject"`
	Body      string     `json:"body"`
	CreatedAt time.Time  `json:"created_at"`
	SentAt    *time.Time `json:"sent_at"`
}

// APIToken describes a token; Token (the secret) is set only when it is created.
type APIToken struct {
	ID         string     `json:"id"`
	UserID     string     `json:"user_id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  *time.Time `json:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	Token      string     `json:"token,omitempty"`
}

// AuditEvent records one change.
type AuditEvent struct {
	ID             string         `json:"id"`
	At             time.Time      `json:"at"`
	ActorUserID    *string        `json:"actor_user_id"`
	Action         string         `json:"action"`
	ObjectType     string         `json:"object_type"`
	ObjectID       string         `json:"object_id"`
	OrganizationID *string        `json:"organization_id"`
	Before         map[string]any `json:"before"`
	After          map[string]any `json:"after"`
}

// AcceptResult is what accepting an invitation did.
type AcceptResult struct {
	InvitationID    string   `json:"invitation_id"`
	UserID          string   `json:"user_id"`
	OrganizationID  string   `json:"organization_id"`
	OrganizationIDs []string `json:"organization_ids"`
	AccountCreated  bool     `json:"account_created"`
}

// PrincipalID is the identifier of the token's owner, user or service account.
func (m *Me) PrincipalID() string {
	if m.User != nil {
		return m.User.ID
	}
	if m.ServiceAccount != nil {
		return m.ServiceAccount.ID
	}
	return ""
}

// ObjectVersion is the version to send back in If-Match.
func (m Meta) ObjectVersion() int64 { return m.Version }

// ObjectID is the object's identifier, its resource identity in Terraform.
func (m Meta) ObjectID() string { return m.ID }
