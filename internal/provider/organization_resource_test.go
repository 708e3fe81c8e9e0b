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

func orgConfig(s *acctest.Server, clientName, parentRef string, enabled bool) string {
	return s.Config(`
resource "portal_organization" "msp" {
  name      = "Northwind MSP"
  kind      = "partner"
  parent_id = %q
}

resource "portal_organization" "other_msp" {
  name      = "Contoso MSP"
  kind      = "partner"
  parent_id = %q
}

resource "portal_organization" "client" {
  name        = %q
  kind        = "client"
  parent_id   = %s
  external_id = "crm-1001"
  enabled     = %t
}
`, s.RootID, s.RootID, clientName, parentRef, enabled)
}

// checkOrgsDestroyed asks the API that every organization in state is gone.
func checkOrgsDestroyed(t *testing.T, s *acctest.Server) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		for _, rs := range st.RootModule().Resources {
			if rs.Type != "portal_organization" {
				continue
			}
			if r := s.Do(t, acctest.BootstrapToken, "GET", "/v1/organizations/"+rs.Primary.ID, nil); r.Status != 404 {
				return fmt.Errorf("organization %s still exists (HTTP %d)", rs.Primary.ID, r.Status)
			}
		}
		return nil
	}
}

func TestAccOrganization_basicUpdateImport(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkOrgsDestroyed(t, s),
		Steps: []resource.TestStep{
			{
				Config: orgConfig(s, "Acme", "portal_organization.msp.id", true),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("portal_organization.client", tfjsonpath.New("name"), knownvalue.StringExact("Acme")),
					statecheck.ExpectKnownValue("portal_organization.client", tfjsonpath.New("kind"), knownvalue.StringExact("client")),
					statecheck.ExpectKnownValue("portal_organization.client", tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("portal_organization.client", tfjsonpath.New("external_id"), knownvalue.StringExact("crm-1001")),
					statecheck.ExpectKnownValue("portal_organization.client", tfjsonpath.New("force_destroy"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("portal_organization.client", tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^org_`))),
				},
			},
			{
				// Rename and move to another partner: in place, never a replacement.
				Config: orgConfig(s, "Acme Corporation", "portal_organization.other_msp.id", true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_organization.client", plancheck.ResourceActionUpdate),
					acctest.ExpectOnlyChanged("portal_organization.client", "name", "parent_id"),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("portal_organization.client", tfjsonpath.New("name"), knownvalue.StringExact("Acme Corporation")),
					statecheck.CompareValuePairs(
						"portal_organization.client",
						tfjsonpath.New("parent_id"),
						"portal_organization.other_msp",
						tfjsonpath.New("id"),
						compareEqual,
					),
				},
			},
			{
				ResourceName:            "portal_organization.client",
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"force_destroy", "timeouts"},
			},
			{
				// Changing kind is the one change that replaces.
				Config: s.Config(`
resource "portal_organization" "msp" {
  name      = "Northwind MSP"
  kind      = "partner"
  parent_id = %q
}
resource "portal_organization" "other_msp" {
  name      = "Contoso MSP"
  kind      = "partner"
  parent_id = %q
}
resource "portal_organization" "client" {
  name        = "Acme Corporation"
  kind        = "partner"
  parent_id   = portal_organization.other_msp.id
  external_id = "crm-1001"
}
`, s.RootID, s.RootID),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_organization.client", plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
		},
	})
}

func TestAccOrganization_enabledDrift(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkOrgsDestroyed(t, s),
		Steps: []resource.TestStep{
			{
				Config: orgConfig(s, "Acme", "portal_organization.msp.id", true),
				Check:  captureID("portal_organization.client", &id),
			},
			{
				// Another administrator disables it in the portal.
				PreConfig: func() { s.Admin(t, 200, "PATCH", "/v1/organizations/"+id, map[string]any{"enabled": false}) },
				Config:    orgConfig(s, "Acme", "portal_organization.msp.id", true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_organization.client", plancheck.ResourceActionUpdate),
					acctest.ExpectOnlyChanged("portal_organization.client", "enabled"),
					plancheck.ExpectKnownValue("portal_organization.client", tfjsonpath.New("enabled"), knownvalue.Bool(true)),
				}},
				Check: func(*terraform.State) error {
					if got := s.Admin(t, 200, "GET", "/v1/organizations/"+id, nil).JSON(t)["enabled"]; got != true {
						return fmt.Errorf("apply did not re-enable: enabled=%v", got)
					}
					return nil
				},
			},
			{
				// The other direction: configured disabled, enabled outside.
				Config: orgConfig(s, "Acme", "portal_organization.msp.id", false),
			},
			{
				PreConfig: func() { s.Admin(t, 200, "PATCH", "/v1/organizations/"+id, map[string]any{"enabled": true}) },
				Config:    orgConfig(s, "Acme", "portal_organization.msp.id", false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					acctest.ExpectOnlyChanged("portal_organization.client", "enabled"),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("portal_organization.client", tfjsonpath.New("enabled"), knownvalue.Bool(false)),
				},
			},
		},
	})
}

func TestAccOrganization_disappears(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkOrgsDestroyed(t, s),
		Steps: []resource.TestStep{
			{Config: orgConfig(s, "Acme", "portal_organization.msp.id", true), Check: captureID("portal_organization.client", &id)},
			{
				PreConfig: func() { s.Admin(t, 204, "DELETE", "/v1/organizations/"+id, nil) },
				Config:    orgConfig(s, "Acme", "portal_organization.msp.id", true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_organization.client", plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

func TestAccOrganization_forceDestroyRemovesContents(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkOrgsDestroyed(t, s),
		Steps: []resource.TestStep{
			{
				Config: s.Config(`
resource "portal_organization" "msp" {
  name          = "Doomed MSP"
  kind          = "partner"
  parent_id     = %q
  force_destroy = true
}
`, s.RootID),
				Check: func(st *terraform.State) error {
					id = st.RootModule().Resources["portal_organization.msp"].Primary.ID
					// Contents created outside Terraform: a client with a user.
					child := s.Org(t, "Unmanaged Client", "client", id)
					s.Admin(
						t,
						201,
						"POST",
						"/v1/users",
						map[string]any{"email": "gone@example.com", "first_name": "G", "last_name": "O", "organization_id": child},
					)
					return nil
				},
			},
		},
	})
	if r := s.Do(t, acctest.BootstrapToken, "GET", "/v1/users?email=gone@example.com", nil); string(
		r.Body,
	) != `{"items":[],"next_page_token":""}`+"\n" {
		t.Fatalf("force destroy left a user behind: %s", r.Body)
	}
}

func TestAccOrganization_planTimeValidation(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	for _, c := range []struct{ hcl, want string }{
		{`kind = "customer"`, `value must be one of`},
		{`kind = "client"` + "\n  name2 = 1", `Unsupported argument`},
	} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.ProviderFactories,
			Steps: []resource.TestStep{{
				Config: s.Config(`
resource "portal_organization" "bad" {
  name      = "Bad"
  parent_id = "org_x"
  %s
}
`, c.hcl),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(c.want),
			}},
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: s.Config(`
resource "portal_organization" "bad" {
  name      = " padded "
  kind      = "client"
  parent_id = "org_x"
}
`),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`white space`),
		}},
	})
}

// Destroying a non-empty organization says how to do it in Terraform terms.
func TestAccOrganization_nonEmptyDestroySaysForceDestroy(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	config := func(force bool) string {
		return s.Config(`
resource "portal_organization" "msp" {
  name          = "Busy MSP"
  kind          = "partner"
  parent_id     = %q
  force_destroy = %t
}
`, s.RootID, force)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkOrgsDestroyed(t, s),
		Steps: []resource.TestStep{
			{
				Config: config(false),
				Check: func(st *terraform.State) error {
					s.Org(t, "Unmanaged Client", "client", st.RootModule().Resources["portal_organization.msp"].Primary.ID)
					return nil
				},
			},
			{
				Config:      config(false),
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)not empty.*1 child\s+organization.*force_destroy\s+=\s+true`),
			},
			{Config: config(true)},
		},
	})
}
