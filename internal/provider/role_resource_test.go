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

func roleConfig(s *acctest.Server, org, name, perms string) string {
	return s.Config(`
resource "portal_role" "helpdesk" {
  organization_id = %q
  name            = %q
  description     = "First-line support"
  permissions     = [%s]
}
`, org, name, perms)
}

func TestAccRole_basicUpdateImport(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	org := s.Org(t, "MSP", "partner", s.RootID)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: func(st *terraform.State) error {
			for _, rs := range st.RootModule().Resources {
				if r := s.Do(t, acctest.BootstrapToken, "GET", "/v1/roles/"+rs.Primary.ID, nil); rs.Type == "portal_role" && r.Status != 404 {
					return fmt.Errorf("role %s still exists", rs.Primary.ID)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: roleConfig(s, org, "Helpdesk", `"users:read", "organizations:read"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("portal_role.helpdesk", tfjsonpath.New("permissions"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("users:read"), knownvalue.StringExact("organizations:read")})),
					statecheck.ExpectKnownValue("portal_role.helpdesk", tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^rol_`))),
				},
			},
			{
				Config: roleConfig(s, org, "Service Desk", `"users:read", "users:write", "organizations:read"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_role.helpdesk", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("portal_role.helpdesk", tfjsonpath.New("permissions"), knownvalue.SetSizeExact(3)),
				},
			},
			{ResourceName: "portal_role.helpdesk", ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"timeouts"}},
		},
	})
}

func TestAccRole_unknownPermissionNamesTheClosest(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      roleConfig(s, "org_x", "Bad", `"users:wrte"`),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Invalid permission.*did you mean "users:write"`),
		}},
	})
}

func TestAccRole_builtinRolesCannotBeManaged(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:        roleConfig(s, s.RootID, "admin2", `"users:read"`),
			ResourceName:  "portal_role.helpdesk",
			ImportState:   true,
			ImportStateId: "admin",
			ExpectError:   regexp.MustCompile(`(?s)built-in role.*cannot be changed or\s+deleted`),
		}},
	})
}
