package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

func TestAccOrganizationDataSources(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	msp := s.Org(t, "Northwind MSP", "partner", s.RootID)
	// More clients than one API page holds, so the list must follow next_page_token.
	for i := range 205 {
		s.Org(t, fmt.Sprintf("Client %03d", i), "client", msp)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: s.Config(`
data "portal_organization" "by_id" {
  id = %q
}

data "portal_organization" "by_name" {
  name      = "CLIENT 007"
  parent_id = %q
}

data "portal_organizations" "clients" {
  parent_id = %q
  kind      = "client"
}
`, msp, msp, msp),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.portal_organization.by_id", tfjsonpath.New("name"), knownvalue.StringExact("Northwind MSP")),
				statecheck.ExpectKnownValue("data.portal_organization.by_id", tfjsonpath.New("kind"), knownvalue.StringExact("partner")),
				statecheck.ExpectKnownValue("data.portal_organization.by_name", tfjsonpath.New("name"), knownvalue.StringExact("Client 007")),
				statecheck.ExpectKnownValue("data.portal_organization.by_name", tfjsonpath.New("enabled"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("data.portal_organizations.clients", tfjsonpath.New("organizations"), knownvalue.ListSizeExact(205)),
			},
		}},
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      s.Config(`data "portal_organization" "x" { name = "Nope" }`),
				ExpectError: regexp.MustCompile(`parent_id`),
			},
			{
				Config:      s.Config(`data "portal_organization" "x" { id = "org_missing" }`),
				ExpectError: regexp.MustCompile(`(?s)Unable to read portal organization.*org_missing.*not found`),
			},
		},
	})
}

func TestAccOrganizationDataSource_byExternalID(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	acme := s.Admin(
		t,
		201,
		"POST",
		"/v1/organizations",
		map[string]any{"name": "Acme", "kind": "client", "parent_id": s.RootID, "external_id": "crm-42"},
	).
		Str(t, "id")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: s.Config(`
data "portal_organization" "acme" {
  external_id = "crm-42"
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.portal_organization.acme", tfjsonpath.New("id"), knownvalue.StringExact(acme)),
					statecheck.ExpectKnownValue("data.portal_organization.acme", tfjsonpath.New("name"), knownvalue.StringExact("Acme")),
				},
			},
			{
				Config: s.Config(`
data "portal_organization" "nobody" {
  external_id = "crm-missing"
}
`),
				ExpectError: regexp.MustCompile(`(?s)0 organizations with external_id`),
			},
		},
	})
}
