package client_test

import (
	"context"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/client"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// TestEveryAnswerDecodesStrictly reads an answer of every kind of object
// from the bundled API with strict decoding: a field the client's types lack
// fails here first, not in a released provider talking to a newer API.
func TestEveryAnswerDecodesStrictly(t *testing.T) {
	s := acctest.StartAPI(t)
	ctx := context.Background()
	admin := strictClient(t, s, acctest.BootstrapToken)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	org, err := admin.CreateOrganization(
		ctx,
		wire.OrganizationCreate{Name: "Acme", Kind: "client", ParentID: s.RootID, ExternalID: new("crm-1")},
	)
	must(err)
	_, err = admin.UpdateOrganization(ctx, org.ID, wire.OrganizationUpdate{ExternalID: wire.Null[string]()})
	must(err)
	_, err = admin.ListOrganizations(ctx, wire.OrganizationQuery{ParentID: s.RootID})
	must(err)

	u, err := admin.CreateUser(
		ctx,
		wire.UserCreate{Email: "ann@example.com", FirstName: "Ann", LastName: "Lee", Phone: new("+14155550123"), OrganizationID: org.ID},
	)
	must(err)
	u, err = admin.UpdateUser(ctx, u.ID, wire.UserUpdate{Phone: wire.Null[string](), Enabled: wire.Value(false)}, client.IfMatch(u.Version))
	must(err)
	if u.Phone != nil || u.Enabled {
		t.Fatalf("phone and enabled not cleared: %+v", u)
	}
	_, err = admin.UserAction(ctx, u.ID, "reset-mfa")
	must(err)
	_, err = admin.ListUsers(ctx, wire.UserQuery{OrganizationID: org.ID})
	must(err)
	_, err = admin.Outbox(ctx, "ann@example.com")
	must(err)

	role, err := admin.CreateRole(ctx, wire.RoleCreate{OrganizationID: org.ID, Name: "Ops", Permissions: []string{"users:read"}})
	must(err)
	_, err = admin.UpdateRole(ctx, role.ID, wire.RoleUpdate{Description: wire.NullableValue("Operators")})
	must(err)
	_, err = admin.ListRoles(ctx, wire.RoleQuery{OrganizationID: org.ID})
	must(err)
	_, err = admin.ListPermissions(ctx)
	must(err)
	ra, err := admin.CreateRoleAssignment(ctx, wire.RoleAssignmentCreate{UserID: u.ID, OrganizationID: org.ID, RoleID: role.ID})
	must(err)
	_, err = admin.GetRoleAssignment(ctx, ra.ID)
	must(err)
	_, err = admin.ListRoleAssignments(ctx, wire.RoleAssignmentQuery{UserID: u.ID})
	must(err)
	_, err = admin.UserAccess(ctx, u.ID)
	must(err)

	inv, err := admin.CreateInvitation(
		ctx,
		wire.InvitationCreate{Email: "bob@example.com", OrganizationID: org.ID, RoleIDs: []string{"viewer"}, Message: "Welcome"},
	)
	must(err)
	_, err = admin.UpdateInvitation(ctx, inv.ID, wire.InvitationUpdate{RoleIDs: wire.Value([]string{"viewer", role.ID})})
	must(err)
	_, err = admin.ResendInvitation(ctx, inv.ID, wire.InvitationResend{})
	must(err)
	_, err = admin.ListInvitations(ctx, wire.InvitationQuery{OrganizationID: org.ID, Status: "pending"})
	must(err)
	_, err = admin.RevokeInvitation(ctx, inv.ID)
	must(err)

	sa, err := admin.CreateServiceAccount(ctx, wire.ServiceAccountCreate{OrganizationID: org.ID, Name: "ci"})
	must(err)
	_, err = admin.UpdateServiceAccount(ctx, sa.ID, wire.ServiceAccountUpdate{Description: wire.NullableValue("CI pipeline")})
	must(err)
	_, err = admin.ListServiceAccounts(ctx, wire.ServiceAccountQuery{OrganizationID: org.ID})
	must(err)
	_, err = admin.CreateRoleAssignment(ctx, wire.RoleAssignmentCreate{UserID: sa.ID, OrganizationID: org.ID, RoleID: "viewer"})
	must(err)
	tok, err := admin.CreateServiceAccountToken(ctx, sa.ID, wire.TokenCreate{Name: "deploy", ExpiresInSeconds: new(int64(3600))})
	must(err)
	_, err = admin.GetServiceAccountToken(ctx, sa.ID, tok.ID)
	must(err)
	me, err := strictClient(t, s, tok.Token).Me(ctx)
	must(err)
	if me.User != nil || me.ServiceAccount == nil || me.PrincipalID() != sa.ID {
		t.Fatalf("a service account's identity: %+v", me)
	}

	_, err = admin.ListAuditEvents(ctx, wire.AuditEventQuery{OrganizationID: org.ID})
	must(err)
}

func strictClient(t *testing.T, s *acctest.Server, token string) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{Endpoint: s.URL, Token: token, UserAgent: "test", StrictDecoding: true})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
