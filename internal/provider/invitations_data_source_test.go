package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

func TestAccInvitationsDataSource(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	acme := s.Org(t, "Acme", "client", s.RootID)
	beta := s.Org(t, "Beta", "client", s.RootID)
	for _, e := range []string{"a@example.com", "b@example.com"} {
		s.Admin(t, 201, "POST", "/v1/invitations", map[string]any{"email": e, "organization_id": acme, "role_ids": []string{"viewer"}})
	}
	revoked := s.Admin(
		t,
		201,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "c@example.com", "organization_id": beta, "role_ids": []string{"viewer"}},
	).
		Str(t, "id")
	s.Admin(t, 200, "POST", "/v1/invitations/"+revoked+"/revoke", nil)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: s.Config(`
data "portal_invitations" "acme" {
  organization_id = %q
}

data "portal_invitations" "revoked" {
  status = "revoked"
}

data "portal_invitations" "b" {
  email = "B@example.com"
}
`, acme),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.portal_invitations.acme", tfjsonpath.New("invitations"), knownvalue.ListSizeExact(2)),
				statecheck.ExpectKnownValue("data.portal_invitations.revoked", tfjsonpath.New("invitations"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(
						map[string]knownvalue.Check{"id": knownvalue.StringExact(revoked), "status": knownvalue.StringExact("revoked")},
					),
				})),
				statecheck.ExpectKnownValue("data.portal_invitations.b", tfjsonpath.New("invitations"), knownvalue.ListSizeExact(1)),
			},
		}},
	})
}
