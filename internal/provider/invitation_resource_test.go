package provider_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

func invitationConfig(s *acctest.Server, org, email, roles, extra string) string {
	return s.Config(`
resource "portal_invitation" "inv" {
  email           = %q
  organization_id = %q
  role_ids        = [%s]
  message         = "Welcome to Acme"
  %s
}
`, email, org, roles, extra)
}

func assignmentsOf(t *testing.T, s *acctest.Server, query string) []map[string]any {
	var out struct{ Items []map[string]any }
	if err := json.Unmarshal(s.Admin(t, 200, "GET", "/v1/role-assignments?"+query, nil).Body, &out); err != nil {
		t.Fatal(err)
	}
	return out.Items
}

func accept(t *testing.T, s *acctest.Server, token string) acctest.Response {
	return s.Do(
		t,
		"",
		"POST",
		"/v1/invitations/accept",
		map[string]any{"token": token, "first_name": "Ivy", "last_name": "Invitee", "password": "a long enough password"},
	)
}

// TestAccInvitation_endToEnd follows one invitation from the e-mail to the
// account, through a role change, to the removal of the access it granted.
func TestAccInvitation_endToEnd(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	var id, userID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if s.Do(t, acctest.BootstrapToken, "GET", "/v1/invitations/"+id, nil).Status != 404 {
				return fmt.Errorf("invitation %s still exists", id)
			}
			if n := len(assignmentsOf(t, s, "user_id="+userID)); n != 0 {
				return fmt.Errorf("destroy left %d assignments", n)
			}
			s.Admin(t, 200, "GET", "/v1/users/"+userID, nil) // the account stays
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: invitationConfig(s, org, "ivy@example.com", `"viewer", "user_manager"`, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("portal_invitation.inv", tfjsonpath.New("status"), knownvalue.StringExact("pending")),
					statecheck.ExpectKnownValue("portal_invitation.inv", tfjsonpath.New("user_id"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(captureID("portal_invitation.inv", &id), func(*terraform.State) error {
					r := accept(t, s, s.LinkToken(t, "ivy@example.com"))
					if r.Status != http.StatusOK {
						return fmt.Errorf("accept: %d %s", r.Status, r.Body)
					}
					userID = r.Str(t, "user_id")
					return nil
				}),
			},
			{
				// Acceptance is reported on refresh and is not a diff.
				Config:           invitationConfig(s, org, "ivy@example.com", `"viewer", "user_manager"`, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("portal_invitation.inv", tfjsonpath.New("status"), knownvalue.StringExact("accepted")),
					statecheck.ExpectKnownValue("portal_invitation.inv", tfjsonpath.New("user_id"), knownvalue.NotNull()),
				},
			},
			{
				// Changing the roles of an accepted invitation changes the access it granted.
				Config: invitationConfig(s, org, "ivy@example.com", `"technician"`, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_invitation.inv", plancheck.ResourceActionUpdate),
					// The roles change; the plan does not read as if acceptance were reset.
					acctest.ExpectOnlyChanged("portal_invitation.inv", "role_ids"),
					plancheck.ExpectKnownValue("portal_invitation.inv", tfjsonpath.New("status"), knownvalue.StringExact("accepted")),
				}},
				Check: func(*terraform.State) error {
					got := assignmentsOf(t, s, "invitation_id="+id)
					if len(got) != 1 || got[0]["role_id"] != "technician" {
						return fmt.Errorf("assignments after role change: %v", got)
					}
					return nil
				},
			},
			{ResourceName: "portal_invitation.inv", ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"timeouts"}},
		},
	})
}

func TestAccInvitation_existingAccountIsAcceptedAtOnce(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	other := s.Org(t, "Beta", "client", s.RootID)
	user := s.Admin(
		t,
		201,
		"POST",
		"/v1/users",
		map[string]any{"email": "pat@example.com", "first_name": "P", "last_name": "T", "organization_id": other},
	).
		Str(t, "id")
	s.FinishSetup(t, "pat@example.com") // only a verified account is granted at once
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: invitationConfig(s, org, "PAT@example.com", `"technician"`, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("portal_invitation.inv", tfjsonpath.New("status"), knownvalue.StringExact("accepted")),
				statecheck.ExpectKnownValue("portal_invitation.inv", tfjsonpath.New("user_id"), knownvalue.StringExact(user)),
			},
			Check: func(*terraform.State) error {
				if n := len(assignmentsOf(t, s, "user_id="+user+"&organization_id="+org)); n != 1 {
					return fmt.Errorf("%d assignments, want 1", n)
				}
				return nil
			},
		}},
	})
}

func TestAccInvitation_resendTriggerInvalidatesOldLink(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	var first string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: invitationConfig(s, org, "late@example.com", `"viewer"`, `resend_triggers = { round = "1" }`),
				Check:  func(*terraform.State) error { first = s.LinkToken(t, "late@example.com"); return nil },
			},
			{
				Config: invitationConfig(s, org, "late@example.com", `"viewer"`, `resend_triggers = { round = "2" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_invitation.inv", plancheck.ResourceActionUpdate),
					acctest.ExpectOnlyChanged("portal_invitation.inv", "resend_triggers", "expires_at(unknown)"),
				}},
				Check: func(*terraform.State) error {
					second := s.LinkToken(t, "late@example.com")
					if second == first {
						return fmt.Errorf("no new link was sent")
					}
					if r := accept(t, s, first); r.Status != http.StatusGone {
						return fmt.Errorf("old link still works: %d", r.Status)
					}
					if r := accept(t, s, second); r.Status != http.StatusOK {
						return fmt.Errorf("new link: %d %s", r.Status, r.Body)
					}
					return nil
				},
			},
		},
	})
}

func TestAccInvitation_expiry(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	keep := invitationConfig(s, org, "slow@example.com", `"viewer"`, `expires_in = "1h"`)
	renew := invitationConfig(s, org, "slow@example.com", `"viewer"`, "expires_in = \"1h\"\n  renew_when_expired = true")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: keep},
			{
				// Expired without renew_when_expired: reported, not a diff, never re-invited.
				PreConfig:        func() { s.Admin(t, 200, "POST", "/v1/dev/clock", map[string]any{"advance_seconds": 3601}) },
				Config:           keep,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("portal_invitation.inv", tfjsonpath.New("status"), knownvalue.StringExact("expired")),
				},
			},
			{
				// With renew_when_expired the plan shows an update that resends it.
				Config: renew,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_invitation.inv", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("portal_invitation.inv", tfjsonpath.New("status"), knownvalue.StringExact("pending")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("portal_invitation.inv", tfjsonpath.New("status"), knownvalue.StringExact("pending")),
				},
			},
		},
	})
}

func TestAccInvitation_revokedOutsideIsRecreated(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	var id string
	cfg := invitationConfig(s, org, "gone@example.com", `"viewer"`, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, Check: captureID("portal_invitation.inv", &id)},
			{
				PreConfig: func() { s.Admin(t, 200, "POST", "/v1/invitations/"+id+"/revoke", nil) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_invitation.inv", plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}
