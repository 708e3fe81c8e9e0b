package client

import (
	"context"
	"net/http"
	"net/url"
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

// InvitationUpdate changes roles and message, and the organizations the
// roles are granted in when OrganizationIDs is not empty.
type InvitationUpdate struct {
	OrganizationIDs []string `json:"organization_ids,omitempty"`
	RoleIDs         []string `json:"role_ids"`
	Message         string   `json:"message"`
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

// UpdateInvitation changes an invitation.
func (c *Client) UpdateInvitation(ctx context.Context, id string, in InvitationUpdate, opts ...Option) (*Invitation, error) {
	var out Invitation
	return &out, c.do(ctx, http.MethodPatch, pathID("/v1/invitations", id), in, &out, opts...)
}

// ResendInvitation issues a new link and expiry.
func (c *Client) ResendInvitation(ctx context.Context, id string, expiresInSeconds *int64) (*Invitation, error) {
	var out Invitation
	return &out, c.do(ctx, http.MethodPost, pathID("/v1/invitations", id)+"/resend", map[string]any{"expires_in_seconds": expiresInSeconds}, &out)
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
func (c *Client) ListInvitations(ctx context.Context, organizationID, status, email string) ([]Invitation, error) {
	q := url.Values{}
	setIf(q, "organization_id", organizationID)
	setIf(q, "status", status)
	setIf(q, "email", email)
	return listAll[Invitation](ctx, c, "/v1/invitations", q)
}
