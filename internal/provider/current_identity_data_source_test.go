package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

func TestAccCurrentIdentity(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	child := s.Org(t, "Acme", "client", s.RootID)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: s.Config(`data "portal_current_identity" "me" {}`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.portal_current_identity.me", tfjsonpath.New("user_id"), knownvalue.StringExact(s.AdminID)),
				statecheck.ExpectKnownValue("data.portal_current_identity.me", tfjsonpath.New("organization_id"), knownvalue.StringExact(s.RootID)),
				statecheck.ExpectKnownValue("data.portal_current_identity.me", tfjsonpath.New("access"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"organization_id": knownvalue.StringExact(s.RootID),
						"permissions":     knownvalue.ListSizeExact(9),
						"via": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"role_id": knownvalue.StringExact("admin"), "inherited": knownvalue.Bool(false)})}),
					}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"organization_id": knownvalue.StringExact(child),
						"via": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"organization_id": knownvalue.StringExact(s.RootID), "inherited": knownvalue.Bool(true)})}),
					}),
				})),
			},
		}},
	})
}
