package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// CreateToken issues an API token for a user; the secret is in the result's Token, once.
// If the answer is lost and the call retried, the API does not show the
// secret again: the call fails with code secret_not_replayable naming the
// token, which should be deleted and created anew.
func (c *Client) CreateToken(ctx context.Context, userID string, in wire.TokenCreate) (*wire.CreatedToken, error) {
	var out wire.CreatedToken
	return &out, c.do(ctx, http.MethodPost, pathID("/v1/users", userID)+"/tokens", in, &out)
}

// ListTokens lists a user's tokens, without secrets.
func (c *Client) ListTokens(ctx context.Context, userID string) ([]wire.APIToken, error) {
	return listAll[wire.APIToken](ctx, c, pathID("/v1/users", userID)+"/tokens", wire.NoQuery{})
}

// DeleteToken revokes a token.
func (c *Client) DeleteToken(ctx context.Context, userID, tokenID string) error {
	return c.do(ctx, http.MethodDelete, pathID("/v1/users", userID)+"/tokens/"+url.PathEscape(tokenID), nil, nil)
}

// ListAuditEvents reads every page of matching audit events.
func (c *Client) ListAuditEvents(ctx context.Context, f wire.AuditEventQuery) ([]wire.AuditEvent, error) {
	return listAll[wire.AuditEvent](ctx, c, "/v1/audit-events", f)
}

// Outbox lists e-mails sent to an address (dev mode servers only).
func (c *Client) Outbox(ctx context.Context, to string) ([]wire.OutboxMessage, error) {
	var out wire.List[wire.OutboxMessage]
	return out.Items, c.do(ctx, http.MethodGet, "/v1/dev/outbox", nil, &out, withQuery(wire.EncodeQuery(wire.OutboxQuery{To: to})))
}
