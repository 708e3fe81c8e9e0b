package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// Resource identity and import blocks need Terraform 1.12 or later; every
// import step below also proves that an imported object plans empty (the
// test framework fails an import block whose plan is not a no-op).

// identityConfig is one of every resource, with a user whose configured
// e-mail differs in case from the portal's spelling after import.
func identityConfig(s *acctest.Server) string {
	return s.Config(`
resource "portal_organization" "msp" {
  name        = "Identity MSP"
  kind        = "partner"
  parent_id   = %q
  external_id = "crm-identity"
}

resource "portal_organization" "client" {
  name      = "Identity Client"
  kind      = "client"
  parent_id = portal_organization.msp.id
}

resource "portal_user" "pat" {
  email           = "Pat.Identity@Example.com"
  first_name      = "Pat"
  last_name       = "Identity"
  organization_id = portal_organization.client.id
}

resource "portal_role" "helpdesk" {
  organization_id = portal_organization.msp.id
  name            = "Identity Helpdesk"
  permissions     = ["users:read", "organizations:read"]
}

resource "portal_role_assignment" "pat" {
  user_id         = portal_user.pat.id
  organization_id = portal_organization.client.id
  role_id         = portal_role.helpdesk.id
}

resource "portal_invitation" "guest" {
  email           = "guest.identity@example.com"
  organization_id = portal_organization.client.id
  role_ids        = ["viewer"]
}
`, s.RootID)
}

var identityResources = []string{"portal_organization.msp", "portal_organization.client", "portal_user.pat",
	"portal_role.helpdesk", "portal_role_assignment.pat", "portal_invitation.guest"}

// stateAttr reads an attribute of addr from state, for natural-key import ids.
func stateAttr(addr string, attrs ...string) resource.ImportStateIdFunc {
	return func(st *terraform.State) (string, error) {
		rs, ok := st.RootModule().Resources[addr]
		if !ok {
			return "", fmt.Errorf("%s not in state", addr)
		}
		out := ""
		for i, a := range attrs {
			if i > 0 {
				out += "/"
			}
			if a[0] == '=' { // a literal part
				out += a[1:]
				continue
			}
			out += rs.Primary.Attributes[a]
		}
		return out, nil
	}
}

func TestAccIdentity_everyResource(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	config := identityConfig(s)
	var checks []statecheck.StateCheck
	for _, addr := range identityResources {
		checks = append(checks,
			statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{"id": knownvalue.NotNull()}),
			statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("id")))
	}
	steps := []resource.TestStep{{Config: config, ConfigStateChecks: checks}}
	for _, addr := range identityResources {
		steps = append(steps,
			resource.TestStep{Config: config, ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			resource.TestStep{Config: config, ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithID})
	}
	// Natural keys, each through an import block that must plan empty.
	for addr, key := range map[string]resource.ImportStateIdFunc{
		"portal_organization.msp":    func(*terraform.State) (string, error) { return "external_id=crm-identity", nil },
		"portal_organization.client": stateAttr("portal_organization.client", "parent_id", "name"),
		"portal_user.pat":            func(*terraform.State) (string, error) { return "pat.identity@example.com", nil },
		"portal_role.helpdesk":       stateAttr("portal_role.helpdesk", "organization_id", "name"),
		"portal_role_assignment.pat": stateAttr("portal_role_assignment.pat", "user_id", "organization_id", "role_id"),
		"portal_invitation.guest":    stateAttr("portal_invitation.guest", "=guest.identity@example.com", "organization_id"),
	} {
		steps = append(steps, resource.TestStep{Config: config, ResourceName: addr, ImportState: true,
			ImportStateKind: resource.ImportBlockWithID, ImportStateIdFunc: key})
	}
	// plan -generate-config-out: configuration generated for each imported
	// object plans empty.
	for _, addr := range identityResources {
		steps = append(steps, resource.TestStep{Config: s.ProviderBlock(), ResourceName: addr, ImportState: true,
			ImportStateKind: resource.ImportBlockWithResourceIdentity, GenerateConfig: true})
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps:                    steps,
	})
}

// A natural key that matches nothing says what to do instead.
func TestAccIdentity_importByUnknownKey(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: s.Config(`
import {
  to = portal_organization.gone
  id = "external_id=no-such-key"
}

resource "portal_organization" "gone" {
  name      = "Gone"
  kind      = "client"
  parent_id = %q
}
`, s.RootID),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)No portal organization\s+matches.*no-such-key`),
		}},
	})
}
