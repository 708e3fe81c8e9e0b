package provider_test

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// ciConfig is the CI set-up of the README: a client, a service account with
// user_manager there only, and its token.
func ciConfig(s *acctest.Server, msp, rotation string) string {
	return s.Config(`
resource "portal_organization" "acme" {
  name          = "Acme"
  kind          = "client"
  parent_id     = %q
  force_destroy = true # the pipeline's users go with it
}

resource "portal_service_account" "ci" {
  organization_id = portal_organization.acme.id
  name            = "acme-ci"
  description     = "provisions Acme's users"
}

resource "portal_role_assignment" "ci" {
  user_id         = portal_service_account.ci.id
  organization_id = portal_organization.acme.id
  role_id         = "user_manager"
}

resource "portal_api_token" "ci" {
  service_account_id = portal_service_account.ci.id
  name               = "pipeline"
  expires_in         = "720h"
  rotation_triggers = {
    round = %q
  }
}
`, msp, rotation)
}

// attr reads one attribute of addr from state.
func attr(st *terraform.State, addr, name string) string {
	return st.RootModule().Resources[addr].Primary.Attributes[name]
}

func TestAccAPIToken_scopedToOneClientAndRotated(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	msp := s.Org(t, "MSP", "partner", s.RootID)
	globex := s.Org(t, "Globex", "client", msp)
	var first string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: func(st *terraform.State) error {
			for _, rs := range st.RootModule().Resources {
				if rs.Type == "portal_service_account" {
					if r := s.Do(t, acctest.BootstrapToken, "GET", "/v1/service-accounts/"+rs.Primary.ID, nil); r.Status != http.StatusNotFound {
						return fmt.Errorf("service account %s still exists (HTTP %d)", rs.Primary.ID, r.Status)
					}
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: ciConfig(s, msp, "1"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectSensitiveValue("portal_api_token.ci", tfjsonpath.New("token")),
					statecheck.ExpectKnownValue("portal_api_token.ci", tfjsonpath.New("expires_at"), knownvalue.NotNull()),
				},
				Check: func(st *terraform.State) error {
					first = attr(st, "portal_api_token.ci", "token")
					acme := attr(st, "portal_organization.acme", "id")
					// The pipeline's token acts in its client, and nowhere else.
					if r := s.Do(t, first, "GET", "/v1/organizations/"+acme, nil); r.Status != http.StatusOK {
						return fmt.Errorf("token on its client: %d %s", r.Status, r.Body)
					}
					if r := s.Do(
						t,
						first,
						"POST",
						"/v1/users",
						map[string]any{"email": "new@acme.example", "first_name": "N", "last_name": "U", "organization_id": acme},
					); r.Status != http.StatusCreated {
						return fmt.Errorf("token creating a user in its client: %d %s", r.Status, r.Body)
					}
					for _, other := range []string{globex, msp} {
						if r := s.Do(t, first, "GET", "/v1/organizations/"+other, nil); r.Status != http.StatusNotFound {
							return fmt.Errorf("token outside its client (%s): %d %s", other, r.Status, r.Body)
						}
					}
					return nil
				},
			},
			{
				Config: ciConfig(s, msp, "2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_api_token.ci", plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectResourceAction("portal_service_account.ci", plancheck.ResourceActionNoop),
				}},
				Check: func(st *terraform.State) error {
					second := attr(st, "portal_api_token.ci", "token")
					if second == "" || second == first {
						return fmt.Errorf("the token was not rotated")
					}
					if r := s.Do(t, first, "GET", "/v1/me", nil); r.Status != http.StatusUnauthorized {
						return fmt.Errorf("the rotated-out token still works: %d", r.Status)
					}
					if r := s.Do(t, second, "GET", "/v1/me", nil); r.Status != http.StatusOK {
						return fmt.Errorf("the new token does not work: %d %s", r.Status, r.Body)
					}
					return nil
				},
			},
			{ResourceName: "portal_service_account.ci", ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"timeouts"}},
			{ResourceName: "portal_api_token.ci", ImportState: true, ImportStateVerify: true,
				ImportStateIdFunc: func(st *terraform.State) (string, error) {
					return attr(st, "portal_service_account.ci", "id") + "/" + attr(st, "portal_api_token.ci", "id"), nil
				},
				// The API shows a secret once; the arguments live only in configuration.
				ImportStateVerifyIgnore: []string{"timeouts", "token", "expires_in", "rotation_triggers"}},
		},
	})
}

// Identity import of a service account and a token (Terraform 1.12 and later).
func TestAccAPIToken_identity(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	msp := s.Org(t, "MSP", "partner", s.RootID)
	config := ciConfig(s, msp, "1")
	plainToken := config + `
resource "portal_api_token" "plain" {
  service_account_id = portal_service_account.ci.id
  name               = "plain"
}
`
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: plainToken, ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectIdentityValueMatchesState("portal_service_account.ci", tfjsonpath.New("id")),
				statecheck.ExpectIdentityValueMatchesState("portal_api_token.ci", tfjsonpath.New("id")),
				statecheck.ExpectIdentityValueMatchesStateAtPath(
					"portal_api_token.ci",
					tfjsonpath.New("service_account_id"),
					tfjsonpath.New("service_account_id"),
				),
			}},
			{
				Config:          plainToken,
				ResourceName:    "portal_service_account.ci",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			// A token's expiry and rotation triggers live only in configuration, so
			// an import plans empty for a token configured without them.
			{
				Config:          plainToken,
				ResourceName:    "portal_api_token.plain",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}

// A token revoked outside Terraform is created anew by the next apply.
func TestAccAPIToken_revokedOutsideIsRecreated(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	msp := s.Org(t, "MSP", "partner", s.RootID)
	var sa, tok string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: ciConfig(s, msp, "1"),
				Check: func(st *terraform.State) error {
					sa, tok = attr(st, "portal_service_account.ci", "id"), attr(st, "portal_api_token.ci", "id")
					return nil
				},
			},
			{
				PreConfig: func() { s.Admin(t, 204, "DELETE", "/v1/service-accounts/"+sa+"/tokens/"+tok, nil) },
				Config:    ciConfig(s, msp, "1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_api_token.ci", plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

// TestAccAPIToken_ephemeral: a run-long token configures a provider alias
// that acts as the service account, and is revoked when the run ends.
func TestAccAPIToken_ephemeral(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	msp := s.Org(t, "MSP", "partner", s.RootID)
	acme := s.Org(t, "Acme", "client", msp)
	globex := s.Org(t, "Globex", "client", msp)
	sa := s.Admin(t, 201, "POST", "/v1/service-accounts", map[string]any{"organization_id": acme, "name": "acme-ci"}).Str(t, "id")
	s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": sa, "organization_id": acme, "role_id": "viewer"})
	config := func(org string) string {
		return s.Config(`
ephemeral "portal_api_token" "run" {
  service_account_id = %q
  expires_in         = "15m"
}

provider "portal" {
  alias    = "ci"
  endpoint = %q
  token    = ephemeral.portal_api_token.run.token
}

data "portal_organization" "seen" {
  provider = portal.ci
  id       = %q
}
`, sa, s.URL, org)
	}
	noTokensLeft := func(*terraform.State) error {
		var out struct{ Items []map[string]any }
		mustJSON(t, s.Admin(t, 200, "GET", "/v1/service-accounts/"+sa+"/tokens", nil).Body, &out)
		if len(out.Items) != 0 {
			return fmt.Errorf("%d ephemeral token(s) outlived the run: %v", len(out.Items), out.Items)
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(acme),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.portal_organization.seen", tfjsonpath.New("name"), knownvalue.StringExact("Acme")),
				},
				Check: noTokensLeft,
			},
			{Config: config(globex), ExpectError: regexp.MustCompile(`(?i)not found`)},
		},
	})
	// A run that fails may end without Terraform closing what it opened: the
	// token's own expiry bounds it then.
	var out struct {
		Items []struct {
			ExpiresAt *time.Time `json:"expires_at"`
		}
	}
	mustJSON(t, s.Admin(t, 200, "GET", "/v1/service-accounts/"+sa+"/tokens", nil).Body, &out)
	for _, k := range out.Items {
		if k.ExpiresAt == nil || time.Until(*k.ExpiresAt) > 15*time.Minute {
			t.Fatalf("a token left by a failed run lives past its 15 minutes: %v", k.ExpiresAt)
		}
	}
}
