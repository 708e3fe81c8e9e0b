package service

import (
	"context"
	"slices"
	"strings"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// PeopleFilter narrows the people list.
type PeopleFilter struct {
	Kind           string // "" for both, or a domain.PersonKind
	OrganizationID string // users homed there, invitations naming it
	Email          string
}

// ListPeople lists users and unanswered invitations together, in one id
// order across both, as the users and invitations lists would show them to
// the caller: each kind is read with its own list's scope, one page of each
// after the cursor, and the two are merged.
func (o *Op) ListPeople(ctx context.Context, f PeopleFilter, p domain.Page) ([]domain.Person, string, error) {
	var people []domain.Person
	more := false
	if f.Kind != string(domain.PersonInvitation) {
		users, next, err := o.ListUsers(ctx, domain.UserFilter{Email: f.Email}, f.OrganizationID, false, p)
		if err != nil {
			return nil, "", err
		}
		for _, u := range users {
			people = append(
				people,
				domain.Person{Kind: domain.PersonUser, ID: u.ID, Email: u.Email, FirstName: ptr(u.FirstName), LastName: ptr(u.LastName),
					OrganizationID: u.OrganizationID, Status: string(u.Status), ExpiresAt: u.InvitationExpiresAt, CreatedAt: u.CreatedAt},
			)
		}
		more = next != ""
	}
	if f.Kind != string(domain.PersonUser) {
		invs, next, err := o.ListInvitations(ctx, domain.InvitationFilter{OrganizationID: f.OrganizationID, Email: f.Email, Unanswered: true}, p)
		if err != nil {
			return nil, "", err
		}
		for _, i := range invs {
			people = append(people, domain.Person{Kind: domain.PersonInvitation, ID: i.ID, Email: i.Email, OrganizationID: i.OrganizationID,
				Status: string(i.Status), ExpiresAt: ptr(i.ExpiresAt), CreatedAt: i.CreatedAt})
		}
		more = more || next != ""
	}
	slices.SortFunc(people, func(a, b domain.Person) int { return strings.Compare(a.ID, b.ID) })
	if len(people) > p.Limit {
		people, more = people[:p.Limit], true
	}
	if !more || len(people) == 0 {
		return nonNil(people), "", nil
	}
	return people, domain.EncodePageToken(people[len(people)-1].ID), nil
}
