package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// InvitationCreate is the body of a create.
type InvitationCreate struct {
	Email            string   `json:"email"`
	OrganizationID   string   `json:"organization_id"`
	OrganizationIDs  []string `json:"organization_ids,omitempty"`
	RoleIDs          []string `json:"role_ids"`
	ExpiresInSeconds *int64   `json:"expires_in_seconds,omitempty"`
	Message          string   `json:"message,omitempty"`
}

// InvitationUpdate is a merge patch: absent fields are left alone, a value
// sets (role_ids as a whole list).
type InvitationUpdate struct {
	OrganizationIDs domain.Optional[[]string] `json:"organization_ids,omitzero"`
	RoleIDs         domain.Optional[[]string] `json:"role_ids,omitzero"`
	Message         domain.Optional[string]   `json:"message,omitzero"`
}

// InvitationFilter narrows ListInvitations.
type InvitationFilter struct {
	OrganizationID, Status, Email string
}

// CreateInvitation invites an e-mail.
func (c *Client) CreateInvitation(ctx context.Context, in InvitationCreate) (*Invitation, error) {
	var out Invitation
	return &out, c.do(ctx, http.MethodPost, "/v1/invitations", in, &out)
}

// GetInvitation reads an invitation.
func (c *Client) GetInvitation(ctx context.Context, id string) (*Invitation, error) {
	var out Invitation
	return &out, c.do(ctx, http.MethodGet, pathID("/v1/invitations", id), nil, &out)
}

// UpdateInvitation applies a merge patch.
func (c *Client) UpdateInvitation(ctx context.Context, id string, in InvitationUpdate, opts ...Option) (*Invitation, error) {
	var out Invitation
	return &out, c.do(ctx, http.MethodPatch, pathID("/v1/invitations", id), in, &out, opts...)
}

// ResendInvitation issues a new link and expiry.
func (c *Client) ResendInvitation(ctx context.Context, id string, expiresInSeconds *int64) (*Invitation, error) {
	var out Invitation
	return &out, c.do(ctx, http.MethodPost, pathID("/v1/invitations", id)+"/resend", struct {
		ExpiresInSeconds *int64 `json:"expires_in_seconds"`
	}{expiresInSeconds}, &out)
}

// RevokeInvitation kills a pending invitation's link.
func (c *Client) RevokeInvitation(ctx context.Context, id string) (*Invitation, error) {
	var out Invitation
	return &out, c.do(ctx, http.MethodPost, pathID("/v1/invitations", id)+"/revoke", nil, &out)
}

// DeleteInvitation revokes or removes the access of an invitation.
func (c *Client) DeleteInvitation(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, pathID("/v1/invitations", id), nil, nil)
}

// ListInvitations reads every page of matching invitations.
func (c *Client) ListInvitations(ctx context.Context, f InvitationFilter) ([]Invitation, error) {
	q := url.Values{}
	setIf(q, "organization_id", f.OrganizationID)
	setIf(q, "status", f.Status)
	setIf(q, "email", f.Email)
	return listAll[Invitation](ctx, c, "/v1/invitations", q)
}
