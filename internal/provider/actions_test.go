package provider_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// Actions need Terraform 1.14 or later.

// dayTwo is a portal with one user in each state a day-2 operation needs.
type dayTwo struct {
	org, locked, mfa, active, invited, invitation string
	setupLink, invitationLink                     string
}

func seedDayTwo(t *testing.T, s *acctest.Server) dayTwo {
	t.Helper()
	d := dayTwo{org: s.Org(t, "Day Two", "client", s.RootID)}
	user := func(email string) string {
		return s.Admin(
			t,
			201,
			"POST",
			"/v1/users",
			map[string]any{"email": email, "first_name": "Day", "last_name": "Two", "organization_id": d.org},
		).
			Str(t, "id")
	}
	d.locked, d.mfa, d.active, d.invited = user(
		"locked@example.com",
	), user(
		"mfa@example.com",
	), user(
		"active@example.com",
	), user(
		"invited@example.com",
	)
	for _, email := range []string{"locked@example.com", "mfa@example.com", "active@example.com"} {
		s.FinishSetup(t, email)
	}
	s.Lock(t, "locked@example.com")
	s.EnrollTOTP(t, s.Session(t, "mfa@example.com", acctest.Password, ""))
	d.setupLink = s.LinkToken(t, "invited@example.com")
	d.invitation = s.Admin(
		t,
		201,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "guest@example.com", "organization_id": d.org, "role_ids": []string{"viewer"}},
	).
		Str(t, "id")
	d.invitationLink = s.LinkToken(t, "guest@example.com")
	return d
}

// checkDayTwoDone asks the API that every operation took effect.
func checkDayTwoDone(t *testing.T, s *acctest.Server, d dayTwo) error {
	user := func(id string) map[string]any { return s.Admin(t, 200, "GET", "/v1/users/"+id, nil).JSON(t) }
	if u := user(d.locked); u["locked"] != false || u["status"] != "active" {
		return fmt.Errorf("locked user after unlock: %v", u)
	}
	if u := user(d.mfa); u["mfa_enrolled"] != false {
		return fmt.Errorf("user after MFA reset: %v", u)
	}
	if u := user(d.active); u["password_change_required"] != true {
		return fmt.Errorf("user after forced password change: %v", u)
	}
	// Each action took effect where a person feels it: when signing in.
	if r := s.SignIn(t, "locked@example.com", acctest.Password, ""); r.Status != http.StatusCreated {
		return fmt.Errorf("the unlocked user cannot sign in: %d %s", r.Status, r.Body)
	}
	if r := s.SignIn(t, "mfa@example.com", acctest.Password, ""); r.Status != http.StatusCreated {
		return fmt.Errorf("after the MFA reset, signing in still asks for a code: %d %s", r.Status, r.Body)
	}
	session := s.Session(t, "active@example.com", acctest.Password, "")
	if r := s.Do(t, session, "GET", "/v1/users", nil); r.Status != http.StatusForbidden || r.Str(t, "code") != "password_change_required" {
		return fmt.Errorf("after a forced password change, a session acts before changing it: %d %s", r.Status, r.Body)
	}
	if link := s.LinkToken(t, "active@example.com"); !strings.HasPrefix(link, "prst_") {
		return fmt.Errorf("no password-reset link was mailed after the forced change: %q", link)
	}
	if r := s.Do(t, "", "POST", "/v1/account/setup", map[string]any{"token": d.setupLink, "password": "a long enough " +
		"password"}); r.Status != http.StatusGone {
		return fmt.Errorf("the old set-up link still works: %d %s", r.Status, r.Body)
	}
	if s.LinkToken(t, "invited@example.com") == d.setupLink {
		return fmt.Errorf("no new set-up link was mailed")
	}
	if r := s.Do(
		t,
		"",
		"POST",
		"/v1/invitations/accept",
		map[string]any{"token": d.invitationLink, "first_name": "G", "last_name": "U", "password": "a long enough password"},
	); r.Status != http.StatusGone {
		return fmt.Errorf("the old invitation link still works: %d %s", r.Status, r.Body)
	}
	if s.LinkToken(t, "guest@example.com") == d.invitationLink {
		return fmt.Errorf("no new invitation link was mailed")
	}
	return nil
}

func dayTwoActions(d dayTwo) string {
	return fmt.Sprintf(`
action "portal_user_unlock" "locked" {
  config {
    user_id = %q
  }
}

action "portal_user_reset_mfa" "mfa" {
  config {
    user_id = %q
  }
}

action "portal_user_force_password_change" "active" {
  config {
    user_id = %q
  }
}

action "portal_user_resend_setup" "invited" {
  config {
    user_id = %q
  }
}

action "portal_invitation_resend" "guest" {
  config {
    invitation_id = %q
  }
}
`, d.locked, d.mfa, d.active, d.invited, d.invitation)
}

func TestAccActions_actionTrigger(t *testing.T) {
	t.Parallel()
	skipOnOpenTofu(t, "actions (Terraform 1.14 and later)")
	s := acctest.StartAPI(t)
	d := seedDayTwo(t, s)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: s.ProviderBlock() + dayTwoActions(d) + `
resource "terraform_data" "runbook" {
  input = "day two"

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [
        action.portal_user_unlock.locked,
        action.portal_user_reset_mfa.mfa,
        action.portal_user_force_password_change.active,
        action.portal_user_resend_setup.invited,
        action.portal_invitation_resend.guest,
      ]
    }
  }
}
`,
			Check: func(*terraform.State) error { return checkDayTwoDone(t, s, d) },
		}},
	})
}

// TestAccActions_invoke runs each action with terraform apply -invoke, and
// an action with nothing to do warns instead of failing.
func TestAccActions_invoke(t *testing.T) {
	t.Parallel()
	skipOnOpenTofu(t, "actions (Terraform 1.14 and later)")
	if !terraformAtLeast(t, "1.14.0") {
		t.Skip("actions need Terraform 1.14 or later: set TF_ACC_TERRAFORM_PATH (make test does, from ../shared/tools)")
	}
	s := acctest.StartAPI(t)
	d := seedDayTwo(t, s)
	cli := newTerraformCLI(t, requirePortal+s.ProviderBlock()+dayTwoActions(d)+fmt.Sprintf(`
action "portal_user_unlock" "everyone" {
  for_each = toset([%q, %q])
  config {
    user_id = each.value
  }
}
`, d.active, d.mfa))
	cli.run("init")
	for _, a := range []string{"portal_user_unlock.locked", "portal_user_reset_mfa.mfa", "portal_user_force_password_change.active",
		"portal_user_resend_setup.invited", "portal_invitation_resend.guest"} {
		cli.run("apply", "-auto-approve", "-invoke=action."+a)
	}
	if err := checkDayTwoDone(t, s, d); err != nil {
		t.Fatal(err)
	}
	// Unlocking users who are not locked, many at once: warnings, exit 0.
	cli.out.Reset()
	cli.run("apply", "-auto-approve", `-invoke=action.portal_user_unlock.everyone["`+d.active+`"]`)
	if out := cli.output(); !strings.Contains(out, "Nothing to do for portal user") || !strings.Contains(out, "not locked") {
		t.Fatalf("unlocking a user who is not locked did not warn:\n%s", out)
	}
	// Unlocking again the user just unlocked: a warning too.
	cli.out.Reset()
	cli.run("apply", "-auto-approve", "-invoke=action.portal_user_unlock.locked")
	if !strings.Contains(cli.output(), "not locked") {
		t.Fatalf("second unlock did not warn:\n%s", cli.output())
	}
}
