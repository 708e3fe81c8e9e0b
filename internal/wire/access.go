package wire

import "time"

// AccessSource is one assignment through which an organization is reached.
type AccessSource struct {
	// The role assignment.
	AssignmentID string `json:"assignment_id" example:"ras_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// The role it grants.
	RoleID string `json:"role_id" example:"technician"`
	// The organization the assignment is on.
	OrganizationID string `json:"organization_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// The assignment is on an organization above this one.
	Inherited bool `json:"inherited" example:"true"`
	// When the assignment ends; null: it never ends.
	ExpiresAt *time.Time `json:"expires_at" example:"2026-12-31T18:00:00Z"`
}

// AccessEntry is the effective access at one organization.
type AccessEntry struct {
	// The organization reached.
	OrganizationID string `json:"organization_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// Every permission held here, sorted.
	Permissions []string `json:"permissions" example:"[\"users:read\"]"`
	// The assignments the permissions come from.
	Via []AccessSource `json:"via"`
}

// Me is the caller (a user, or a service account), their home organization
// and one page of the organizations they reach.
type Me struct {
	// The caller; null when the token is a service account's.
	User *User `json:"user"`
	// The caller when the token is a service account's; left out otherwise.
	ServiceAccount *ServiceAccount `json:"service_account,omitempty"`
	// The caller's home organization.
	OrganizationID string `json:"organization_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// One page of the organizations the caller reaches, ordered by id.
	Access []AccessEntry `json:"access"`
	// Pass it as page_token for the next page of access entries; empty on the last page.
	NextPageToken string `json:"next_page_token" example:""`
}

// PrincipalID is the identifier of the token's owner, user or service account.
func (m *Me) PrincipalID() string {
	switch {
	case m.User != nil:
		return m.User.ID
	case m.ServiceAccount != nil:
		return m.ServiceAccount.ID
	}
	return ""
}

// UserAccess is one page of a user's effective access: an access review.
type UserAccess struct {
	// The user reviewed.
	UserID string `json:"user_id" example:"usr_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// One page of the organizations the user reaches that the caller can see, ordered by id.
	Access []AccessEntry `json:"access"`
	// Pass it as page_token for the next page of access entries; empty on the last page.
	NextPageToken string `json:"next_page_token" example:""`
}
