package wire

import "time"

// ServiceAccount is a principal for automation: it holds role assignments
// and API tokens like a user, but never signs in (no password, no set-up
// link, no e-mail).
type ServiceAccount struct {
	Meta
	// The home organization.
	OrganizationID string `json:"organization_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// Unique in the organization, ignoring case.
	Name string `json:"name" example:"ci-pipeline"`
	// What the service account is for.
	Description string `json:"description" example:"Provisions client organizations"`
	// Whether its tokens work.
	Enabled bool `json:"enabled" example:"true"`
}

// ServiceAccountCreate is the body of POST /v1/service-accounts.
type ServiceAccountCreate struct {
	// The home organization: who may manage it and its tokens.
	OrganizationID string `json:"organization_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// Unique in the organization, ignoring case.
	Name string `json:"name" oas:"maxLength=100" example:"ci-pipeline"`
	// What the service account is for.
	Description string `json:"description,omitempty" oas:"maxLength=1000" example:"Provisions client organizations"`
	// Defaults to true.
	Enabled *bool `json:"enabled,omitempty" example:"true"`
}

// ServiceAccountUpdate is the body of PATCH /v1/service-accounts/{id}, a merge patch.
type ServiceAccountUpdate struct {
	// A new name, unique in the organization, ignoring case.
	Name Optional[string] `json:"name,omitzero" oas:"maxLength=100" example:"ci-pipeline"`
	// Null clears it.
	Description Nullable[string] `json:"description,omitzero" oas:"maxLength=1000" example:"Provisions clients"`
	// Disabling stops its tokens on the next request.
	Enabled Optional[bool] `json:"enabled,omitzero" example:"false"`
}

// ServiceAccountQuery filters GET /v1/service-accounts.
type ServiceAccountQuery struct {
	// The home organization.
	OrganizationID string `query:"organization_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// Exact name, ignoring case.
	Name string `query:"name" example:"ci-pipeline"`
	PageQuery
}

// APIToken describes a bearer token of a user or a service account; the
// secret is shown once, when it is created, and never stored.
type APIToken struct {
	// The token's identifier (not its secret).
	ID string `json:"id" example:"tok_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// The token's owner: a user or a service account.
	UserID string `json:"user_id" example:"usr_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// A label of the owner's, to tell tokens apart.
	Name string `json:"name" example:"deploy"`
	// The kind of credential (ptk_). It shows no character of the secret;
	// tell tokens apart by id and name.
	Prefix string `json:"prefix" example:"ptk_"`
	// When the token was minted.
	CreatedAt time.Time `json:"created_at" example:"2026-11-02T09:30:00Z"`
	// When the token stops working; null if never.
	ExpiresAt *time.Time `json:"expires_at" example:"2026-12-02T09:30:00Z"`
	// When the token last authenticated a request; null if never.
	LastUsedAt *time.Time `json:"last_used_at" example:"2026-11-03T08:00:00Z"`
}

// ObjectID is the token's identifier.
func (t APIToken) ObjectID() string { return t.ID }

// CreatedToken is the one answer that carries the secret.
type CreatedToken struct {
	APIToken
	// The secret, sent as "Authorization: Bearer <token>"; returned only here.
	Token string `json:"token" example:"ptk_3q2x7k9m4n8p6r5s1t0v"`
}

// TokenCreate is the body of POST /v1/users/{id}/tokens and
// /v1/service-accounts/{id}/tokens.
type TokenCreate struct {
	// A label, to tell tokens apart.
	Name string `json:"name" example:"deploy"`
	// Left out, the token does not expire.
	ExpiresInSeconds *int64 `json:"expires_in_seconds,omitempty" oas:"minimum=1" example:"2592000"`
}

// SecretShownOnce marks an answer whose secret only the response creating it
// shows: a retried request does not get it again. It returns the token's id.
func (t CreatedToken) SecretShownOnce() string { return t.ID }
