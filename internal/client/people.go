package client

import (
	"context"
	"net/url"
)

// PeopleFilter narrows ListPeople; empty fields do not filter.
type PeopleFilter struct {
	// Kind is "user", "invitation" or "" for both.
	Kind           string
	OrganizationID string
	Email          string
}

// ListPeople reads every page of users and unanswered invitations together.
func (c *Client) ListPeople(ctx context.Context, f PeopleFilter) ([]Person, error) {
	q := url.Values{}
	setIf(q, "kind", f.Kind)
	setIf(q, "organization_id", f.OrganizationID)
	setIf(q, "email", f.Email)
	return listAll[Person](ctx, c, "/v1/people", q)
}
