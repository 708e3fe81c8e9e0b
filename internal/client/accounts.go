package client

import (
	"context"
	"net/http"
	"net/url"
)

// CreateToken issues an API token for a user; the secret is in the result's Token, once.
// If the answer is lost and the call retried, the API does not show the
// secret again: the call fails with code secret_not_replayable naming the
// token, which should be deleted and created anew.
func (c *Client) CreateToken(ctx context.Context, userID, name string, expiresInSeconds *int64) (*APIToken, error) {
	var out APIToken
	return &out, c.do(ctx, http.MethodPost, pathID("/v1/users", userID)+"/tokens", tokenCreate{name, expiresInSeconds}, &out)
}

// tokenCreate is the body that issues a user's or a service account's token.
type tokenCreate struct {
	Name             string `json:"name"`
	ExpiresInSeconds *int64 `json:"expires_in_seconds,omitempty"`
}

// ListTokens lists a user's tokens, without secrets.
func (c *Client) ListTokens(ctx context.Context, userID string) ([]APIToken, error) {
	return listAll[APIToken](ctx, c, pathID("/v1/users", userID)+"/tokens", nil)
}

// DeleteToken revokes a token.
func (c *Client) DeleteToken(ctx context.Context, userID, tokenID string) error {
	return c.do(ctx, http.MethodDelete, pathID("/v1/users", userID)+"/tokens/"+url.PathEscape(tokenID), nil, nil)
}

// AuditEventFilter narrows ListAuditEvents.
type AuditEventFilter struct {
	OrganizationID, ObjectID, Action, ActorUserID string
}

// ListAuditEvents reads every page of matching audit events.
func (c *Client) ListAuditEvents(ctx context.Context, f AuditEventFilter) ([]AuditEvent, error) {
	q := url.Values{}
	setIf(q, "organization_id", f.OrganizationID)
	setIf(q, "object_id", f.ObjectID)
	setIf(q, "action", f.Action)
	setIf(q, "actor_user_id", f.ActorUserID)
	return listAll[AuditEvent](ctx, c, "/v1/audit-events", q)
}

// AcceptInvitation is the invitee's call, with the token from the e-mailed link.
// It needs no API token: the link's token is the credential.
func (c *Client) AcceptInvitation(ctx context.Context, token, firstName, lastName, password string) (*AcceptResult, error) {
	var out AcceptResult
	body := struct {
		Token     string `json:"token"`
		FirstName string `json:"first_name"`
		LastName  string `json:"last_name"`
		Password  string `json:"password"`
	}{token, firstName, lastName, password}
	return &out, c.do(ctx, http.MethodPost, "/v1/invitations/accept", body, &out)
}

// CompleteAccountSetup sets an invited user's password with the token from the set-up link.
func (c *Client) CompleteAccountSetup(ctx context.Context, token, password string) error {
	body := struct {
		Token    string `json:"token"`
		Password string `json:"password"`
	}{token, password}
	return c.do(ctx, http.MethodPost, "/v1/account/setup", body, nil)
}
