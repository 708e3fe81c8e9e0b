package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// A partner-level technician reaches every client; the access review shows it as inherited.
func TestAccRoleAssignment_partnerTechnicianReachesEveryClient(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	var id string
	cfg := s.Config(`
data "portal_current_identity" "me" {}

resource "portal_organization" "msp" {
  name      = "Northwind MSP"
  kind      = "partner"
  parent_id = data.portal_current_identity.me.organization_id
}

resource "portal_organization" "acme" {
  name      = "Acme"
  kind      = "client"
  parent_id = portal_organization.msp.id
}

resource "portal_organization" "globex" {
  name      = "Globex"
  kind      = "client"
  parent_id = portal_organization.msp.id
}

resource "portal_user" "tech" {
  email           = "tech@northwind.example"
  first_name      = "Terry"
  last_name       = "Tech"
  organization_id = portal_organization.msp.id
}

resource "portal_role_assignment" "tech" {
  user_id         = portal_user.tech.id
  organization_id = portal_organization.msp.id
  role_id         = "technician"
}

data "portal_user_access" "tech" {
  user_id = portal_user.tech.id
  # Read once the grant and both clients exist.
  depends_on = [portal_role_assignment.tech, portal_organization.acme, portal_organization.globex]
}

data "portal_role_assignments" "tech" {
  user_id    = portal_user.tech.id
  depends_on = [portal_role_assignment.tech]
}
`)
	// Both clients are reached through the partner-level grant (in either
	// order: Terraform creates them in parallel).
	inherited := knownvalue.ObjectPartial(map[string]knownvalue.Check{
		"permissions": knownvalue.ListSizeExact(4),
		"via": knownvalue.ListExact(
			[]knownvalue.Check{
				knownvalue.ObjectPartial(
					map[string]knownvalue.Check{"role_id": knownvalue.StringExact("technician"), "inherited": knownvalue.Bool(true)},
				),
			},
		),
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             assignmentsGone(t, s),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check:  captureID("portal_role_assignment.tech", &id),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.portal_user_access.tech", tfjsonpath.New("access"), knownvalue.ListSizeExact(3)),
					statecheck.ExpectKnownValue("data.portal_user_access.tech", tfjsonpath.New("access").AtSliceIndex(1), inherited),
					statecheck.ExpectKnownValue("data.portal_user_access.tech", tfjsonpath.New("access").AtSliceIndex(2), inherited),
					statecheck.ExpectKnownValue("data.portal_role_assignments.tech", tfjsonpath.New("role_assignments"), knownvalue.ListSizeExact(1)),
				},
			},
			{ResourceName: "portal_role_assignment.tech", ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"timeouts"}},
			{
				// Removed in the portal: the plan re-creates it.
				PreConfig: func() { s.Admin(t, 204, "DELETE", "/v1/role-assignments/"+id, nil) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_role_assignment.tech", plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

// A client administrator's token cannot grant roles in a sibling client: it does not even see it.
func TestAccRoleAssignment_clientTokenCannotReachSibling(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	msp := s.Org(t, "MSP", "partner", s.RootID)
	acme := s.Org(t, "Acme", "client", msp)
	globex := s.Org(t, "Globex", "client", msp)
	_, token := s.UserWithToken(t, acme, "admin", "admin@acme.example")
	victim, _ := s.UserWithToken(t, globex, "", "user@globex.example")
	mine, _ := s.UserWithToken(t, acme, "", "user@acme.example")
	hcl := `
resource "portal_role_assignment" "x" {
  user_id         = %q
  organization_id = %q
  role_id         = "viewer"
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      s.ProviderBlockWithToken(token) + fmt.Sprintf(hcl, victim, globex),
				ExpectError: regexp.MustCompile(`(?s)Unable to create portal role assignment.*not found`),
			},
			{
				// Within its own organization the same token works, and may not grant more than it holds.
				Config: s.ProviderBlockWithToken(token) + fmt.Sprintf(hcl, mine, acme),
			},
		},
	})
}

func TestAccRoleAssignment_grantBeyondOwnPermissionsFailsWithReason(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	acme := s.Org(t, "Acme", "client", s.RootID)
	_, token := s.UserWithToken(t, acme, "user_manager", "mgr@acme.example")
	target, _ := s.UserWithToken(t, acme, "", "t@acme.example")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: s.ProviderBlockWithToken(token) + fmt.Sprintf(`
resource "portal_role_assignment" "x" {
  user_id         = %q
  organization_id = %q
  role_id         = "admin"
}
`, target, acme),
			ExpectError: regexp.MustCompile(`(?s)Unable to create portal role assignment.*do not hold.*lacks the permission`),
		}},
	})
}

// assignmentsGone checks through the API that destroy removed every
// portal_role_assignment of the state.
func assignmentsGone(t *testing.T, s *acctest.Server) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		for _, rs := range st.RootModule().Resources {
			if rs.Type == "portal_role_assignment" &&
				s.Do(t, acctest.BootstrapToken, "GET", "/v1/role-assignments/"+rs.Primary.ID, nil).Status != 404 {
				return fmt.Errorf("assignment %s still exists", rs.Primary.ID)
			}
		}
		return nil
	}
}
