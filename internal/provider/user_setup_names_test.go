package provider_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
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

// setupNamesConfig writes a user with the set-up settings under the given
// attribute names (the current ones or the former ones).
func setupNamesConfig(s *acctest.Server, org, sendName, triggersName string) string {
	return s.Config(`
resource "portal_user" "frank" {
  email           = "frank@example.com"
  first_name      = "Frank"
  last_name       = "Former"
  organization_id = %q

  %s = false
  %s = { round = "1" }
}
`, org, sendName, triggersName)
}

// TestAccUser_formerSetupNames: configurations written with send_invitation
// and resend_invitation_triggers keep working, and moving the same values to
// the new names is an update that sends nothing.
func TestAccUser_formerSetupNames(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	a := s.Org(t, "Acme", "client", s.RootID)
	noMail := func(*terraform.State) error {
		if n := s.MailCount(t, "frank@example.com"); n != 0 {
			return fmt.Errorf("%d e-mails sent to a user created with the set-up e-mail off", n)
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t, s),
		Steps: []resource.TestStep{
			{ // one name or the other, not both
				Config: s.Config(`
resource "portal_user" "frank" {
  email            = "frank@example.com"
  first_name       = "Frank"
  last_name        = "Former"
  organization_id  = %q
  send_setup_email = false
  send_invitation  = false
}
`, a),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination.*send_invitation`),
			},
			{
				Config: setupNamesConfig(s, a, "send_invitation", "resend_invitation_triggers"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("portal_user.frank", tfjsonpath.New("send_setup_email"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("portal_user.frank", tfjsonpath.New("send_invitation"), knownvalue.Bool(false)),
				},
				Check: noMail,
			},
			{
				Config: setupNamesConfig(s, a, "send_setup_email", "resend_setup_triggers"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					acctest.ExpectOnlyChanged("portal_user.frank", "resend_invitation_triggers", "resend_setup_triggers"),
				}},
				Check: noMail,
			},
		},
	})
}

// TestAccUser_updatePlansOnlyTheChange: renaming an active user shows the
// name changing and nothing else, not six "(known after apply)" lines.
func TestAccUser_updatePlansOnlyTheChange(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	a := s.Org(t, "Acme", "client", s.RootID)
	cfg := func(first string) string {
		return userConfig(s, a, a, userCfg{email: "gina@example.com", first: first, org: "a", enabled: true, phone: "+14155550123"})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t, s),
		Steps: []resource.TestStep{
			{Config: cfg("Gina")},
			{
				PreConfig: func() { s.FinishSetup(t, "gina@example.com") },
				Config:    cfg("Georgina"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_user.alice", plancheck.ResourceActionUpdate),
					acctest.ExpectOnlyChanged("portal_user.alice", "first_name"),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("portal_user.alice", tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue("portal_user.alice", tfjsonpath.New("setup_expires_at"), knownvalue.Null()),
				},
			},
		},
	})
}

// TestAccUser_stateBeforeTheRenamePlansEmpty: a state written by a provider
// that knew only the former names (schema version 0) is upgraded by real
// Terraform, and the unchanged configuration plans nothing.
func TestAccUser_stateBeforeTheRenamePlansEmpty(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	t.Parallel()
	s := acctest.StartAPI(t)
	a := s.Org(t, "Acme", "client", s.RootID)
	cli := newTerraformCLI(t, requirePortal+setupNamesConfig(s, a, "send_invitation", "resend_invitation_triggers"))
	cli.run("apply", "-auto-approve")

	statePath := filepath.Join(cli.dir, "terraform.tfstate")
	raw, err := os.ReadFile(statePath)
	if err != nil {
		t.Fatal(err)
	}
	// Write the state back as the former provider would have: version 0,
	// without the new names. Everything else in the file is kept.
	var state map[string]json.RawMessage
	mustJSON(t, raw, &state)
	var resources []struct {
		Mode      string           `json:"mode"`
		Type      string           `json:"type"`
		Name      string           `json:"name"`
		Provider  string           `json:"provider"`
		Instances []map[string]any `json:"instances"`
	}
	mustJSON(t, state["resources"], &resources)
	for _, r := range resources {
		for _, inst := range r.Instances {
			inst["schema_version"] = 0
			if attrs, ok := inst["attributes"].(map[string]any); ok {
				for _, added := range []string{"send_setup_email", "resend_setup_triggers", "setup_expires_at"} {
					delete(attrs, added)
				}
			}
		}
	}
	if state["resources"], err = json.Marshal(resources); err != nil {
		t.Fatal(err)
	}
	if raw, err = json.Marshal(state); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(statePath, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if code := cli.exitCode("plan", "-detailed-exitcode"); code != 0 {
		t.Fatalf("plan after the state upgrade is not empty (exit %d):\n%s", code, cli.output())
	}
}
