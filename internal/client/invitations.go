package client

import (
	"context"
	"net/http"

	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// CreateInvitation invites an e-mail.
func (c *Client) CreateInvitation(ctx context.Context, in wire.InvitationCreate) (*wire.Invitation, error) {
	var out wire.Invitation
	return &out, c.do(ctx, http.MethodPost, "/v1/invitations", in, &out)
}

// GetInvitation reads an invitation.
func (c *Client) GetInvitation(ctx context.Context, id string) (*wire.Invitation, error) {
	var out wire.Invitation
	return &out, c.do(ctx, http.MethodGet, pathID("/v1/invitations", id), nil, &out)
}

// UpdateInvitation applies a merge patch.
func (c *Client) UpdateInvitation(ctx context.Context, id string, in wire.InvitationUpdate, opts ...Option) (*wire.Invitation, error) {
	var out wire.Invitation
	return &out, c.do(ctx, http.MethodPatch, pathID("/v1/invitations", id), in, &out, opts...)
}

// ResendInvitation issues a new link and expiry.
func (c *Client) ResendInvitation(ctx context.Context, id string, in wire.InvitationResend) (*wire.Invitation, error) {
	var out wire.Invitation
	return &out, c.do(ctx, http.MethodPost, pathID("/v1/invitations", id)+"/resend", in, &out)
}

// RevokeInvitation kills a pending invitation's link.
func (c *Client) RevokeInvitation(ctx context.Context, id string) (*wire.Invitation, error) {
	var out wire.Invitation
	return &out, c.do(ctx, http.MethodPost, pathID("/v1/invitations", id)+"/revoke", nil, &out)
}

// DeleteInvitation revokes or removes the access of an invitation.
func (c *Client) DeleteInvitation(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, pathID("/v1/invitations", id), nil, nil)
}

// ListInvitations reads every page of matching invitations.
func (c *Client) ListInvitations(ctx context.Context, f wire.InvitationQuery) ([]wire.Invitation, error) {
	return listAll[wire.Invitation](ctx, c, "/v1/invitations", f)
}

// ListPeople reads every page of users and unanswered invitations together.
func (c *Client) ListPeople(ctx context.Context, f wire.PeopleQuery) ([]wire.Person, error) {
	return listAll[wire.Person](ctx, c, "/v1/people", f)
}

// AcceptInvitation is the invitee's call, with the token from the e-mailed
// link. It needs no API token: the link's token is the credential.
func (c *Client) AcceptInvitation(ctx context.Context, in wire.InvitationAccept) (*wire.AcceptResult, error) {
	var out wire.AcceptResult
	return &out, c.do(ctx, http.MethodPost, "/v1/invitations/accept", in, &out)
}

// CompleteAccountSetup sets an invited user's password with the token from the set-up link.
func (c *Client) CompleteAccountSetup(ctx context.Context, in wire.AccountSetup) (*wire.SetupResult, error) {
	var out wire.SetupResult
	return &out, c.do(ctx, http.MethodPost, "/v1/account/setup", in, &out)
}
