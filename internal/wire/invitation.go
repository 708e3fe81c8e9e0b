package wire

import "time"

// InvitationStatus is the life-cycle state of an invitation.
type InvitationStatus string

// Invitation statuses.
const (
	InvitationPending  InvitationStatus = "pending"
	InvitationAccepted InvitationStatus = "accepted"
	InvitationExpired  InvitationStatus = "expired"
	InvitationRevoked  InvitationStatus = "revoked"
)

// Values lists the statuses.
func (InvitationStatus) Values() []string {
	return []string{string(InvitationPending), string(InvitationAccepted), string(InvitationExpired), string(InvitationRevoked)}
}

// Invitation is an access grant addressed to an e-mail address. If an
// account with the address exists and the inviter manages it, it is accepted
// at once; otherwise it is pending and its link is mailed.
type Invitation struct {
	Meta
	// The address the invitation was sent to.
	Email string `json:"email" oas:"format=email" example:"bob@example.com"`
	// The home organization: the invitee's account is created here when they
	// accept. It is not where the roles are granted unless organization_ids
	// lists it (as it does by default).
	OrganizationID string `json:"organization_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// The organizations where role_ids are granted, as a set (sorted, without
	// repeats); by default [organization_id]. An invitation is visible only to
	// callers who read users in its home and in every one of these.
	OrganizationIDs []string `json:"organization_ids" oas:"minItems=1,maxItems=50,uniqueItems" example:"[\"org_01j9z3k4m5n6p7q8r9s0t1v2w3\"]"`
	// The roles granted in each of organization_ids.
	RoleIDs []string `json:"role_ids" oas:"minItems=1" example:"[\"technician\"]"`
	// pending (its link works), accepted, expired (its link is past expires_at) or revoked.
	Status InvitationStatus `json:"status"`
	// When the link stops working.
	ExpiresAt time.Time `json:"expires_at" example:"2026-11-09T09:30:00Z"`
	// When it was accepted; null until then.
	AcceptedAt *time.Time `json:"accepted_at" example:"2026-11-04T10:00:00Z"`
	// The account that accepted it.
	UserID *string `json:"user_id" example:"usr_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// The inviter's words, shown in the e-mail.
	Message string `json:"message" example:"Welcome to the Acme workspace"`
	// The user who sent the invitation; null when that user is outside the caller's reach.
	InvitedBy *string `json:"invited_by" example:"usr_01j9z3k4m5n6p7q8r9s0t1v2w4"`
	// When the role assignments the invitation makes end; null: they never end.
	AccessExpiresAt *time.Time `json:"access_expires_at" example:"2026-12-31T18:00:00Z"`
}

// InvitationCreate is the body of POST /v1/invitations. The sender needs
// users:invite and roles:assign, and every permission of the roles, in each
// organization where the roles are granted.
type InvitationCreate struct {
	// The address to invite.
	Email string `json:"email" oas:"format=email" example:"bob@example.com"`
	// The home organization of the account the invitee creates.
	OrganizationID string `json:"organization_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// Where the roles are granted, up to 50 organizations with one e-mail;
	// left out, in organization_id alone. Repeats are ignored.
	OrganizationIDs []string `json:"organization_ids,omitempty" oas:"minItems=1,maxItems=50" example:"[\"org_01j9z3k4m5n6p7q8r9s0t1v2w3\"]"`
	// The roles to grant in each of organization_ids.
	RoleIDs []string `json:"role_ids" oas:"minItems=1" example:"[\"technician\"]"`
	// How long the link stays valid: an hour to 30 days; 7 days when left out.
	ExpiresInSeconds *int64 `json:"expires_in_seconds,omitempty" oas:"minimum=3600,maximum=2592000" example:"604800"`
	// Words of the inviter's, shown in the e-mail.
	Message string `json:"message,omitempty" example:"Welcome to the Acme workspace"`
	// When the role assignments it makes end, in the future; left out, they never end.
	AccessExpiresAt *time.Time `json:"access_expires_at,omitempty" example:"2026-12-31T18:00:00Z"`
}

// InvitationUpdate is the body of PATCH /v1/invitations/{id}, a merge patch.
// On an accepted invitation the role assignments it owns follow.
type InvitationUpdate struct {
	// Replaces the organizations where the roles are granted; null grants them
	// in the home organization alone again. The home never changes.
	OrganizationIDs Nullable[[]string] `json:"organization_ids,omitzero" oas:"minItems=1,maxItems=50" example:"[\"org_01j9z3k4m5n6\"]"`
	// Replaces the roles granted.
	RoleIDs Optional[[]string] `json:"role_ids,omitzero" oas:"minItems=1" example:"[\"viewer\"]"`
	// Null clears it.
	Message Nullable[string] `json:"message,omitzero" example:"Welcome aboard"`
	// A new end for the role assignments it makes (and has made), in the future; null: they never end.
	AccessExpiresAt Nullable[time.Time] `json:"access_expires_at,omitzero" example:"2027-01-31T18:00:00Z"`
}

// InvitationResend is the optional body of POST /v1/invitations/{id}/resend.
type InvitationResend struct {
	// How long the new link stays valid: an hour to 30 days; 7 days when left out.
	ExpiresInSeconds *int64 `json:"expires_in_seconds,omitempty" oas:"minimum=3600,maximum=2592000" example:"604800"`
}

// InvitationQuery filters GET /v1/invitations.
type InvitationQuery struct {
	// Invitations naming this organization, as their home or as one where they grant roles.
	OrganizationID string `query:"organization_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// Invitations in this state.
	Status InvitationStatus `query:"status"`
	// Exact e-mail address, ignoring case.
	Email string `query:"email" example:"bob@example.com"`
	PageQuery
}

// InvitationAccept is the body of the public POST /v1/invitations/accept.
type InvitationAccept struct {
	// The token at the end of the e-mailed link.
	Token string `json:"token" example:"pinv_3q2x7k9m4n8p6r5s1t0v"`
	// For a new account.
	FirstName string `json:"first_name,omitempty" example:"Bob"`
	// For a new account.
	LastName string `json:"last_name,omitempty" example:"Ray"`
	// A new account's password, or an existing account's own to confirm it:
	// 12 to 128 characters, and at most 72 bytes in UTF-8.
	Password string `json:"password,omitempty" oas:"minLength=12,maxLength=128" example:"correct horse battery"`
}

// AcceptResult is what accepting an invitation did.
type AcceptResult struct {
	// The invitation accepted.
	InvitationID string `json:"invitation_id" example:"inv_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// The account that accepted it.
	UserID string `json:"user_id" example:"usr_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// The invitation's home organization (the account's home when this accept created it).
	OrganizationID string `json:"organization_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// The organizations where the invitation's roles were granted.
	OrganizationIDs []string `json:"organization_ids" example:"[\"org_01j9z3k4m5n6p7q8r9s0t1v2w3\"]"`
	// Whether accepting created the account.
	AccountCreated bool `json:"account_created" example:"true"`
}

// AccountSetup is the body of the public POST /v1/account/setup.
type AccountSetup struct {
	// The token at the end of the e-mailed set-up link.
	Token string `json:"token" example:"pset_3q2x7k9m4n8p6r5s1t0v"`
	// 12 to 128 characters, and at most 72 bytes in UTF-8.
	Password string `json:"password" oas:"minLength=12,maxLength=128" example:"correct horse battery"`
}

// SetupResult is the account a set-up link finished.
type SetupResult struct {
	// The account set up.
	UserID string `json:"user_id" example:"usr_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// The account's status now.
	Status UserStatus `json:"status"`
}

// LinkQuery is the query of the pages behind e-mailed links.
type LinkQuery struct {
	// The token at the end of the e-mailed link.
	Token string `query:"token" example:"pinv_3q2x7k9m4n8p6r5s1t0v"`
}
