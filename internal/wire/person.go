package wire

import "time"

// PersonKind tells the rows of the people list apart.
type PersonKind string

// The kinds of people.
const (
	PersonUser       PersonKind = "user"
	PersonInvitation PersonKind = "invitation"
)

// Values lists the kinds.
func (PersonKind) Values() []string { return []string{string(PersonUser), string(PersonInvitation)} }

// Person is one row of the people list: a user, or an invitation nobody has
// answered yet (pending or expired), so that a portal page shows both.
type Person struct {
	// user: a portal account; invitation: an invitation nobody has answered yet.
	Kind PersonKind `json:"kind"`
	// The user's or the invitation's id.
	ID string `json:"id" example:"usr_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// The user's address, or the address invited.
	Email string `json:"email" oas:"format=email" example:"ann@example.com"`
	// Null for an invitation: the name is not known until the person accepts.
	FirstName *string `json:"first_name" example:"Ann"`
	// Null for an invitation.
	LastName *string `json:"last_name" example:"Lee"`
	// The user's home organization, or the invitation's (where the account will be created).
	OrganizationID string `json:"organization_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// A user's status (invited, active, disabled, locked), or an invitation's (pending, expired).
	Status string `json:"status" example:"active"`
	// When the invitation's link, or an invited user's set-up link, expires; null otherwise.
	ExpiresAt *time.Time `json:"expires_at" example:"2026-11-09T09:30:00Z"`
	// When the user or the invitation was created.
	CreatedAt time.Time `json:"created_at" example:"2026-11-02T09:30:00Z"`
}

// ObjectID is the row's identifier: the user's or the invitation's.
func (p Person) ObjectID() string { return p.ID }

// PeopleQuery filters GET /v1/people.
type PeopleQuery struct {
	// Only users (user) or only invitations (invitation).
	Kind PersonKind `query:"kind"`
	// Users homed in this organization, and invitations naming it (as home
	// or as an organization where they grant roles).
	OrganizationID string `query:"organization_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// Exact e-mail address, ignoring case.
	Email string `query:"email" example:"ann@example.com"`
	PageQuery
}
