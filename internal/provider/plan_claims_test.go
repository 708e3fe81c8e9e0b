package provider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// TestAccPlanClaims_duplicateResourcesFailThePlan: a second resource for an
// object the configuration already manages fails the plan, naming the
// object, instead of failing the apply with advice to import it.
func TestAccPlanClaims_duplicateResourcesFailThePlan(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	a := s.Org(t, "Acme", "client", s.RootID)
	one := s.Config(`
resource "portal_user" "hana" {
  email           = "hana@example.com"
  first_name      = "Hana"
  last_name       = "One"
  organization_id = %q
}
`, a)
	twice := one + `
resource "portal_user" "hana_again" {
  email           = "HANA@example.com"
  first_name      = "Hana"
  last_name       = "Again"
  organization_id = portal_user.hana.organization_id
}
`
	grantTwice := one + `
resource "portal_role_assignment" "viewer" {
  count           = 2
  user_id         = portal_user.hana.id
  organization_id = portal_user.hana.organization_id
  role_id         = "viewer"
}
`
	orgTwice := s.Config(`
resource "portal_organization" "clients" {
  for_each  = toset(["Globex", "GLOBEX"])
  name      = each.key
  kind      = "client"
  parent_id = %q
}
`, s.RootID)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t, s),
		Steps: []resource.TestStep{
			// Both new: the plan stops before anything is created.
			{
				Config:      orgTwice,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Duplicate portal_organization in the configuration.*organization\s+named\s+"(?i:globex)"`),
			},
			{Config: one},
			// One managed already, one added: the plan names the account.
			{
				Config:      twice,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Duplicate portal_user in the configuration.*account\s+of\s+(?i:hana@example\.com)`),
			},
			// Known only once the user exists: caught when the ids are known.
			{Config: grantTwice, ExpectError: regexp.MustCompile(`(?s)Duplicate portal_role_assignment in the configuration.*grant\s+of\s+viewer`)},
			{Config: one, PlanOnly: true},
		},
	})
}
