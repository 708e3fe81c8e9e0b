package oapiclient_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/oapi-codegen/nullable"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/openapi/oapiclient"
)

// TestGeneratedClientDrivesTheWholeFlow drives the API with the client that
// oapi-codegen generates from the document, as a client author would: no
// request body, header or type written by hand. It fails when the document
// and the server disagree in a way a generated client feels: a missing
// operation, a wrong required field or nullability, an undeclared header.
func TestGeneratedClientDrivesTheWholeFlow(t *testing.T) {
	s := acctest.StartAPI(t)
	ctx := context.Background()
	c := client(t, s.URL, acctest.BootstrapToken)

	// Organizations, a create replayed with its Idempotency-Key.
	key := "flow-partner"
	create := func() *oapiclient.CreateOrganizationResponse {
		r, err := c.CreateOrganizationWithResponse(ctx, &oapiclient.CreateOrganizationParams{IdempotencyKey: &key},
			oapiclient.OrganizationCreate{Name: "Flow MSP", Kind: oapiclient.OrgKindPartner, ParentId: s.RootID})
		check(t, err, r.StatusCode(), http.StatusCreated, r.Body)
		return r
	}
	first, again := create(), create()
	partner := first.JSON201
	if again.JSON201.Id != partner.Id || again.Headers201 == nil || deref(again.Headers201.IdempotentReplayed) != "true" {
		t.Fatalf("a replayed create: %s, headers %+v", again.Body, again.Headers201)
	}
	if deref(first.Headers201.Location) != "/v1/organizations/"+partner.Id {
		t.Errorf("Location %q", deref(first.Headers201.Location))
	}
	cr, err := c.CreateOrganizationWithResponse(ctx, nil, oapiclient.OrganizationCreate{Name: "Flow Client", Kind: oapiclient.OrgKindClient,
		ParentId: partner.Id, ExternalId: ptr("crm-7")})
	check(t, err, cr.StatusCode(), http.StatusCreated, cr.Body)
	client := cr.JSON201

	// A user with a phone; the phone cleared with null, under If-Match
	// from the declared ETag; a stale ETag is a 412.
	ur, err := c.CreateUserWithResponse(ctx, nil, oapiclient.UserCreate{Email: "flow.ann@example.com", FirstName: "Ann", LastName: "Lee",
		Phone: ptr("+14155550123"), OrganizationId: client.Id, SendInvitation: ptr(false)})
	check(t, err, ur.StatusCode(), http.StatusCreated, ur.Body)
	user := ur.JSON201
	etag := deref(ur.Headers201.ETag)
	pr, err := c.UpdateUserWithResponse(ctx, user.Id, &oapiclient.UpdateUserParams{IfMatch: &etag},
		oapiclient.UserUpdate{Phone: nullable.NewNullNullable[string](), FirstName: ptr("Annie")})
	check(t, err, pr.StatusCode(), http.StatusOK, pr.Body)
	if !pr.JSON200.Phone.IsNull() || pr.JSON200.FirstName != "Annie" || deref(pr.Headers200.ETag) == etag {
		t.Fatalf("phone not cleared, or no new ETag: %s %+v", pr.Body, pr.Headers200)
	}
	stale, err := c.UpdateUserWithResponse(
		ctx,
		user.Id,
		&oapiclient.UpdateUserParams{IfMatch: &etag},
		oapiclient.UserUpdate{LastName: ptr("Li")},
	)
	check(t, err, stale.StatusCode(), http.StatusPreconditionFailed, stale.Body)
	if stale.ApplicationproblemJSON412.CurrentVersion == nil || *stale.ApplicationproblemJSON412.CurrentVersion != pr.JSON200.Version {
		t.Errorf("a 412 names the current version: %s", stale.Body)
	}

	// A custom role, and an assignment of it.
	rr, err := c.CreateRoleWithResponse(ctx, nil, oapiclient.RoleCreate{OrganizationId: client.Id, Name: "Flow Helpdesk",
		Permissions: []string{"users:read"}})
	check(t, err, rr.StatusCode(), http.StatusCreated, rr.Body)
	ar, err := c.CreateRoleAssignmentWithResponse(ctx, nil, oapiclient.RoleAssignmentCreate{UserId: user.Id, OrganizationId: client.Id,
		RoleId: rr.JSON201.Id})
	check(t, err, ar.StatusCode(), http.StatusCreated, ar.Body)

	// An invitation, accepted through the dev outbox's link.
	ir, err := c.CreateInvitationWithResponse(ctx, nil, oapiclient.InvitationCreate{Email: "flow.bob@example.com",
		OrganizationId: client.Id, RoleIds: []string{"viewer"}, Message: ptr("Welcome")})
	check(t, err, ir.StatusCode(), http.StatusCreated, ir.Body)
	to := "flow.bob@example.com"
	or, err := c.ListOutboxWithResponse(ctx, &oapiclient.ListOutboxParams{To: &to})
	check(t, err, or.StatusCode(), http.StatusOK, or.Body)
	body := or.JSON200.Items[0].Body
	token := acctest.TokenInLink(body)
	acc, err := c.AcceptInvitationWithResponse(ctx, oapiclient.InvitationAccept{Token: token, FirstName: ptr("Bob"), LastName: ptr("Ray"),
		Password: ptr("a long enough password")})
	check(t, err, acc.StatusCode(), http.StatusOK, acc.Body)
	if !acc.JSON200.AccountCreated {
		t.Errorf("accepting created no account: %s", acc.Body)
	}

	// A filtered list read past its first page.
	for _, name := range []string{"Cat", "Dan"} {
		r, err := c.CreateUserWithResponse(
			ctx,
			nil,
			oapiclient.UserCreate{Email: openapi_types.Email("flow." + strings.ToLower(name) + "@example.com"),
				FirstName: name, LastName: "Flow", OrganizationId: client.Id, SendInvitation: ptr(false)},
		)
		check(t, err, r.StatusCode(), http.StatusCreated, r.Body)
	}
	var seen []string
	params := &oapiclient.ListUsersParams{OrganizationId: &client.Id, Limit: ptr(2)}
	for pages := 0; ; pages++ {
		lr, err := c.ListUsersWithResponse(ctx, params)
		check(t, err, lr.StatusCode(), http.StatusOK, lr.Body)
		for _, u := range lr.JSON200.Items {
			seen = append(seen, string(u.Email))
		}
		if lr.JSON200.NextPageToken == "" {
			if pages == 0 {
				t.Fatal("the list fitted one page: the test reads no second one")
			}
			break
		}
		params.PageToken = &lr.JSON200.NextPageToken
	}
	if len(seen) != 4 {
		t.Errorf("the client's users over every page: %v", seen)
	}

	// The CSV export, its own operation.
	er, err := c.ExportUsersWithResponse(ctx, &oapiclient.ExportUsersParams{OrganizationId: &client.Id})
	check(t, err, er.StatusCode(), http.StatusOK, er.Body)
	if rows := strings.Split(strings.TrimSpace(string(er.Body)), "\n"); len(rows) != 5 || !strings.HasPrefix(rows[0], "id,email,") {
		t.Errorf("export: %s", er.Body)
	}

	// Deletes, the organizations last.
	dr, err := c.DeleteRoleAssignmentWithResponse(ctx, ar.JSON201.Id, nil)
	check(t, err, dr.StatusCode(), http.StatusNoContent, dr.Body)
	du, err := c.DeleteUserWithResponse(ctx, user.Id, nil)
	check(t, err, du.StatusCode(), http.StatusNoContent, du.Body)
	dro, err := c.DeleteRoleWithResponse(ctx, rr.JSON201.Id, nil)
	check(t, err, dro.StatusCode(), http.StatusNoContent, dro.Body)
	do, err := c.DeleteOrganizationWithResponse(ctx, partner.Id, &oapiclient.DeleteOrganizationParams{Force: ptr(true)})
	check(t, err, do.StatusCode(), http.StatusNoContent, do.Body)
	gone, err := c.GetOrganizationWithResponse(ctx, client.Id)
	check(t, err, gone.StatusCode(), http.StatusNotFound, gone.Body)
}

func client(t *testing.T, url, token string) *oapiclient.ClientWithResponses {
	t.Helper()
	c, err := oapiclient.NewClientWithResponses(url, oapiclient.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+token)
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func check(t *testing.T, err error, got, want int, body []byte) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Fatalf("status %d, want %d: %s", got, want, body)
	}
}

func ptr[T any](v T) *T { return &v }

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
