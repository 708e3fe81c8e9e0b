package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// TestAccUserResource_initialPassword: a write-only initial password makes
// the account usable at once (the first session must change it) and is in
// neither the plan nor the state; a new version sets a new one in place;
// the password policy's refusal names the attribute.
func TestAccUserResource_initialPassword(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	cfg := func(password string, version int) string {
		return s.Config(`
resource "portal_user" "ann" {
  email                       = "ann@example.com"
  first_name                  = "Ann"
  last_name                   = "Lee"
  organization_id             = %q
  initial_password_wo         = %q
  initial_password_wo_version = %d
}
`, org, password, version)
	}
	stateDir := t.TempDir()
	noSecretInState := func(secret string) resource.TestCheckFunc {
		return func(st *terraform.State) error {
			if strings.Contains(fmt.Sprint(st.RootModule().Resources["portal_user.ann"].Primary.Attributes), secret) {
				return fmt.Errorf("the state holds the initial password")
			}
			return nil
		}
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)}, // write-only attributes
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		WorkingDir:               stateDir,
		CheckDestroy:             checkUsersDestroyed(t, s),
		Steps: []resource.TestStep{
			{
				Config: cfg("a first chosen password", 1),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("portal_user.ann", tfjsonpath.New("initial_password_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue("portal_user.ann", tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue("portal_user.ann", tfjsonpath.New("password_change_required"), knownvalue.Bool(true)),
				},
				Check: resource.ComposeTestCheckFunc(noSecretInState("a first chosen password"), func(*terraform.State) error {
					if n := s.MailCount(t, "ann@example.com"); n != 0 {
						return fmt.Errorf("%d set-up e-mails to an account given a password", n)
					}
					session := s.Session(t, "ann@example.com", "a first chosen password", "")
					if r := s.Do(t, session, "GET", "/v1/users", nil); r.Status != 403 {
						return fmt.Errorf("the first session acts before changing the password: %d", r.Status)
					}
					return nil
				}),
			},
			{
				Config: cfg("a second chosen password", 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_user.ann", plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeTestCheckFunc(noSecretInState("a second chosen password"), func(*terraform.State) error {
					if r := s.SignIn(t, "ann@example.com", "a first chosen password", ""); r.Status != 401 {
						return fmt.Errorf("the first password still signs in: %d", r.Status)
					}
					s.Session(t, "ann@example.com", "a second chosen password", "")
					return nil
				}),
			},
			{Config: cfg("a second chosen password", 2), PlanOnly: true},
			{Config: cfg("password1234", 3), ExpectError: regexp.MustCompile(`(?s)Initial password refused.*commonly used`)},
		},
	})
	// No state file Terraform wrote holds the passwords either.
	_ = filepath.WalkDir(stateDir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.Contains(d.Name(), "tfstate") {
			if b, _ := os.ReadFile(p); strings.Contains(string(b), "chosen password") {
				t.Errorf("%s holds an initial password", p)
			}
		}
		return nil
	})
}
