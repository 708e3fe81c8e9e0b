package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// TestAccOrganization_destroyFalseKeepsIt is the guidance for a client
// organization that must outlive the state that created it (as in
// examples/modules/client-onboarding): with lifecycle { destroy = false },
// destroy deletes the people and grants of the configuration and only
// forgets the organization, which stays in the portal, enabled, with its
// external_id, ready to be imported again.
func TestAccOrganization_destroyFalseKeepsIt(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	var orgID, userID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		// lifecycle { destroy = false } is new in Terraform 1.16: older cores refuse the argument.
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(version.Must(version.NewVersion("1.16.0")))},
		Steps: []resource.TestStep{{
			Config: s.Config(`
resource "portal_organization" "client" {
  name        = "Outlives Its State"
  kind        = "client"
  parent_id   = %q
  external_id = "crm-2001"

  lifecycle {
    destroy = false
  }
}

resource "portal_user" "alice" {
  email            = "alice@outlives.example"
  first_name       = "Alice"
  last_name        = "Liddell"
  organization_id  = portal_organization.client.id
  send_setup_email = false
}
`, s.RootID),
			Check: resource.ComposeTestCheckFunc(
				captureID("portal_organization.client", &orgID),
				captureID("portal_user.alice", &userID),
			),
		}},
		CheckDestroy: func(*terraform.State) error {
			if r := s.Do(t, acctest.BootstrapToken, "GET", "/v1/users/"+userID, nil); r.Status != 404 {
				return fmt.Errorf("user %s was not destroyed (HTTP %d)", userID, r.Status)
			}
			r := s.Do(t, acctest.BootstrapToken, "GET", "/v1/organizations/"+orgID, nil)
			if r.Status != 200 {
				return fmt.Errorf("organization %s was deleted (HTTP %d): destroy = false must only forget it", orgID, r.Status)
			}
			if org := r.JSON(t); org["enabled"] != true || org["external_id"] != "crm-2001" {
				return fmt.Errorf("organization %s changed on destroy: %v", orgID, org)
			}
			return nil
		},
	})
}
