package wire

// OrgKind is the kind of an organization.
type OrgKind string

// Organization kinds.
const (
	KindPartner OrgKind = "partner"
	KindClient  OrgKind = "client"
)

// Values lists the kinds.
func (OrgKind) Values() []string { return []string{string(KindPartner), string(KindClient)} }

// Organization is a partner or a client tenant. Every organization but the
// root has a parent, which is a partner; clients are leaves.
type Organization struct {
	Meta
	// Unique among its siblings, ignoring case.
	Name string `json:"name" example:"Acme Corp"`
	// partner (may own organizations) or client (a leaf).
	Kind OrgKind `json:"kind"`
	// The partner above it; null for the root organization only.
	ParentID *string `json:"parent_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// A key of the MSP's own, such as a CRM id; unique across the portal when set.
	ExternalID *string `json:"external_id" example:"crm-1042"`
	// Turning it off cuts off access through this organization and everything below it.
	Enabled bool `json:"enabled" example:"true"`
	// The longest grant that principals outside this organization may hold or
	// give on it or below it, as a Go duration (at least 1h, at most 17520h);
	// null: no limit.
	MaxGrantDuration *string `json:"max_grant_duration" example:"720h0m0s"`
}

// OrganizationCreate is the body of POST /v1/organizations.
type OrganizationCreate struct {
	// Unique among its siblings, ignoring case.
	Name string `json:"name" example:"Acme Corp"`
	// partner (may own organizations) or client (a leaf).
	Kind OrgKind `json:"kind"`
	// The partner to create it under.
	ParentID string `json:"parent_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// A key of the MSP's own, such as a CRM id; unique across the portal.
	ExternalID *string `json:"external_id,omitempty" example:"crm-1042"`
	// Defaults to true.
	Enabled *bool `json:"enabled,omitempty" example:"true"`
	// The longest grant that principals outside it may hold or give on it or
	// below it, as a Go duration from 1h to 17520h (730 days).
	MaxGrantDuration *string `json:"max_grant_duration,omitempty" example:"720h"`
}

// OrganizationUpdate is the body of PATCH /v1/organizations/{id}, a merge
// patch: fields left out are left alone.
type OrganizationUpdate struct {
	// A new name, unique among its siblings, ignoring case.
	Name Optional[string] `json:"name,omitzero" example:"Acme Corporation"`
	// Moves the organization (and everything below it) under another partner.
	ParentID Optional[string] `json:"parent_id,omitzero" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// Null clears it.
	ExternalID Nullable[string] `json:"external_id,omitzero" example:"crm-1042"`
	// Turning it off cuts off access through this organization and everything below it.
	Enabled Optional[bool] `json:"enabled,omitzero" example:"false"`
	// A Go duration from 1h to 17520h; null removes the limit.
	MaxGrantDuration Nullable[string] `json:"max_grant_duration,omitzero" example:"720h"`
}

// OrganizationQuery filters GET /v1/organizations.
type OrganizationQuery struct {
	// Children of this organization.
	ParentID string `query:"parent_id" example:"org_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// Partners or clients only.
	Kind OrgKind `query:"kind"`
	// Exact name, ignoring case.
	Name string `query:"name" example:"Acme Corp"`
	// The organization with this external id (exact match).
	ExternalID string `query:"external_id" example:"crm-1042"`
	PageQuery
}

// OrganizationDeleteQuery is the query of DELETE /v1/organizations/{id}.
type OrganizationDeleteQuery struct {
	// Also delete everything below it and in it: organizations, users,
	// roles, assignments and invitations. Without it, an organization that
	// still holds any of them is a 409.
	Force bool `query:"force" example:"false"`
}
