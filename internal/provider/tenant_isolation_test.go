package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// TestAccTenantIsolationThroughTheProvider: with a client administrator's
// token, every way of reaching a sibling client's objects — data sources by
// id or e-mail, import, changes — fails with "not found", and lists show
// only the caller's own tenant.
func TestAccTenantIsolationThroughTheProvider(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	msp := s.Org(t, "MSP", "partner", s.RootID)
	acme := s.Org(t, "Acme", "client", msp)
	globex := s.Org(t, "Globex", "client", msp)
	_, token := s.UserWithToken(t, acme, "admin", "admin@acme.example")
	victim, _ := s.UserWithToken(t, globex, "viewer", "user@globex.example")
	role := s.Admin(
		t,
		201,
		"POST",
		"/v1/roles",
		map[string]any{"organization_id": globex, "name": "Globex Helpdesk", "permissions": []string{"users:read"}},
	).
		Str(t, "id")
	invitation := s.Admin(
		t,
		201,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "new@globex.example", "organization_id": globex, "role_ids": []string{"viewer"}},
	).
		Str(t, "id")
	provider := s.ProviderBlockWithToken(token)
	notFound := regexp.MustCompile(`(?i)not found|not visible`)

	for name, hcl := range map[string]string{
		"organization by id":  fmt.Sprintf(`data "portal_organization" "x" { id = %q }`, globex),
		"parent organization": fmt.Sprintf(`data "portal_organization" "x" { id = %q }`, msp),
		"organization by name": fmt.Sprintf(`data "portal_organization" "x" {
  name      = "Globex"
  parent_id = %q
}`, msp),
		"user by id":     fmt.Sprintf(`data "portal_user" "x" { id = %q }`, victim),
		"user by e-mail": `data "portal_user" "x" { email = "user@globex.example" }`,
		"user access":    fmt.Sprintf(`data "portal_user_access" "x" { user_id = %q }`, victim),
		"custom role":    fmt.Sprintf(`data "portal_role" "x" { id = %q }`, role),
		"rename sibling": fmt.Sprintf(`resource "portal_organization" "x" {
  name      = "Hijacked"
  kind      = "client"
  parent_id = %q
}`, globex),
		"user in sibling": fmt.Sprintf(`resource "portal_user" "x" {
  email           = "intruder@example.com"
  first_name      = "In"
  last_name       = "Truder"
  organization_id = %q
}`, globex),
		"invite to sibling": fmt.Sprintf(`resource "portal_invitation" "x" {
  email           = "intruder@example.com"
  organization_id = %q
  role_ids        = ["viewer"]
}`, globex),
	} {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps:                    []resource.TestStep{{Config: provider + hcl, ExpectError: notFound}},
			})
		})
	}

	for name, imp := range map[string]struct{ typ, id string }{
		"import organization": {"portal_organization", globex},
		"import user":         {"portal_user", victim},
		"import user by mail": {"portal_user", "user@globex.example"},
		"import invitation":   {"portal_invitation", invitation},
	} {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config:        provider + fmt.Sprintf(`resource %q "x" {}`, imp.typ),
					ResourceName:  imp.typ + ".x",
					ImportState:   true,
					ImportStateId: imp.id,
					ExpectError:   regexp.MustCompile(`(?i)not found|no portal user|Cannot import non-existent`),
				}},
			})
		})
	}

	// Lists show the caller's own tenant only.
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: provider + `
data "portal_organizations" "all" {}
data "portal_users" "all" {}
data "portal_invitations" "all" {}
`,
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr("data.portal_organizations.all", "organizations.#", "1"),
				resource.TestCheckResourceAttr("data.portal_organizations.all", "organizations.0.id", acme),
				resource.TestCheckResourceAttr("data.portal_users.all", "users.#", "1"),
				resource.TestCheckResourceAttr("data.portal_invitations.all", "invitations.#", "0"),
			),
		}},
	})
}
