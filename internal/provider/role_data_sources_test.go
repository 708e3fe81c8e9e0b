package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

func TestAccRoleDataSources(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	msp := s.Org(t, "MSP", "partner", s.RootID)
	custom := s.Admin(
		t,
		201,
		"POST",
		"/v1/roles",
		map[string]any{"organization_id": msp, "name": "Helpdesk", "permissions": []string{"users:read"}},
	).
		Str(t, "id")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: s.Config(`
data "portal_role" "admin" {
  name = "ADMIN"
}

data "portal_role" "helpdesk" {
  name            = "helpdesk"
  organization_id = %q
}

data "portal_roles" "all" {}

data "portal_roles" "msp" {
  organization_id = %q
}

data "portal_permissions" "catalog" {}
`, msp, msp),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.portal_role.admin", tfjsonpath.New("builtin"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("data.portal_role.admin", tfjsonpath.New("permissions"), knownvalue.ListSizeExact(9)),
				statecheck.ExpectKnownValue("data.portal_role.helpdesk", tfjsonpath.New("id"), knownvalue.StringExact(custom)),
				statecheck.ExpectKnownValue("data.portal_roles.all", tfjsonpath.New("roles"), knownvalue.ListSizeExact(5)),
				statecheck.ExpectKnownValue("data.portal_roles.msp", tfjsonpath.New("roles"), knownvalue.ListSizeExact(1)),
				statecheck.ExpectKnownValue("data.portal_permissions.catalog", tfjsonpath.New("permissions"), knownvalue.ListSizeExact(9)),
				statecheck.ExpectKnownValue(
					"data.portal_permissions.catalog",
					tfjsonpath.New("permissions").AtSliceIndex(0),
					knownvalue.ObjectExact(
						map[string]knownvalue.Check{"name": knownvalue.StringExact("organizations:read"), "description": knownvalue.NotNull()},
					),
				),
			},
		}},
	})
}
