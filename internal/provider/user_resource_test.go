package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

type userCfg struct {
	email, first, org, phone string
	enabled                  bool
}

func userConfig(s *acctest.Server, orgA, orgB string, u userCfg) string {
	phone := ""
	if u.phone != "" {
		phone = fmt.Sprintf("phone = %q", u.phone)
	}
	return s.Config(`
locals {
  orgs = { a = %q, b = %q }
}

resource "portal_user" "alice" {
  email           = %q
  first_name      = %q
  last_name       = "Liddell"
  organization_id = local.orgs[%q]
  enabled         = %t
  %s
}
`, orgA, orgB, u.email, u.first, u.org, u.enabled, phone)
}

func checkUsersDestroyed(t *testing.T, s *acctest.Server) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		for _, rs := range st.RootModule().Resources {
			if rs.Type == "portal_user" {
				if r := s.Do(t, acctest.BootstrapToken, "GET", "/v1/users/"+rs.Primary.ID, nil); r.Status != 404 {
					return fmt.Errorf("user %s still exists (HTTP %d)", rs.Primary.ID, r.Status)
				}
			}
		}
		return nil
	}
}

func userField(t *testing.T, s *acctest.Server, id, field string) any {
	return s.Admin(t, 200, "GET", "/v1/users/"+id, nil).JSON(t)[field]
}

func TestAccUser_basicUpdateImport(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	a := s.Org(t, "Acme", "client", s.RootID)
	b := s.Org(t, "Beta", "client", s.RootID)
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t, s),
		Steps: []resource.TestStep{
			{
				Config: userConfig(s, a, b, userCfg{email: "alice@example.com", first: "Alice", org: "a", enabled: true, phone: "+14155550123"}),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("portal_user.alice", tfjsonpath.New("status"), knownvalue.StringExact("invited")),
					statecheck.ExpectKnownValue("portal_user.alice", tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("portal_user.alice", tfjsonpath.New("locked"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("portal_user.alice", tfjsonpath.New("phone"), knownvalue.StringExact("+14155550123")),
					statecheck.ExpectKnownValue("portal_user.alice", tfjsonpath.New("setup_expires_at"), knownvalue.NotNull()),
					statecheck.CompareValuePairs("portal_user.alice", tfjsonpath.New("setup_expires_at"),
						"portal_user.alice", tfjsonpath.New("invitation_expires_at"), compare.ValuesSame()),
					statecheck.ExpectKnownValue("portal_user.alice", tfjsonpath.New("organization_id"), knownvalue.StringExact(a)),
				},
				Check: resource.ComposeTestCheckFunc(captureID("portal_user.alice", &id), func(*terraform.State) error {
					if !strings.Contains(s.LinkToken(t, "alice@example.com"), "pset_") {
						return fmt.Errorf("no set-up e-mail sent")
					}
					return nil
				}),
			},
			{
				// New address, new name, other organization, phone removed: all in place.
				Config: userConfig(s, a, b, userCfg{email: "alice.liddell@example.com", first: "Alicia", org: "b", enabled: true}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_user.alice", plancheck.ResourceActionUpdate),
					// The new address gets a new set-up link; nothing else reported moves.
					acctest.ExpectOnlyChanged("portal_user.alice", "email", "first_name", "organization_id", "phone",
						"setup_expires_at(unknown)", "invitation_expires_at(unknown)"),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("portal_user.alice", tfjsonpath.New("organization_id"), knownvalue.StringExact(b)),
					statecheck.ExpectKnownValue("portal_user.alice", tfjsonpath.New("phone"), knownvalue.Null()),
				},
				Check: func(*terraform.State) error {
					// The invited user's set-up link follows the new address.
					if tok := s.LinkToken(t, "alice.liddell@example.com"); !strings.HasPrefix(tok, "pset_") {
						return fmt.Errorf("no set-up e-mail to the new address")
					}
					return nil
				},
			},
			{
				ResourceName:            "portal_user.alice",
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"send_setup_email", "send_invitation", "timeouts"},
			},
			{
				ResourceName: "portal_user.alice", ImportState: true, ImportStateVerify: true,
				ImportStateId:           "ALICE.LIDDELL@example.com",
				ImportStateVerifyIgnore: []string{"send_setup_email", "send_invitation", "timeouts"},
			},
		},
	})
}

func TestAccUser_enabledDriftBothWays(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	a := s.Org(t, "Acme", "client", s.RootID)
	var id string
	enabled := userConfig(s, a, a, userCfg{email: "bob@example.com", first: "Bob", org: "a", enabled: true})
	disabled := userConfig(s, a, a, userCfg{email: "bob@example.com", first: "Bob", org: "a", enabled: false})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t, s),
		Steps: []resource.TestStep{
			{Config: enabled, Check: captureID("portal_user.alice", &id)},
			{
				PreConfig: func() { s.Admin(t, 200, "PATCH", "/v1/users/"+id, map[string]any{"enabled": false}) },
				Config:    enabled,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_user.alice", plancheck.ResourceActionUpdate),
					// Whether the enabled user is invited, locked or active is the portal's to say.
					acctest.ExpectOnlyChanged("portal_user.alice", "enabled", "status(unknown)"),
					plancheck.ExpectKnownValue("portal_user.alice", tfjsonpath.New("enabled"), knownvalue.Bool(true)),
				}},
				Check: func(*terraform.State) error {
					if got := userField(t, s, id, "enabled"); got != true {
						return fmt.Errorf("apply did not re-enable: %v", got)
					}
					return nil
				},
			},
			{Config: disabled},
			{
				PreConfig: func() { s.Admin(t, 200, "PATCH", "/v1/users/"+id, map[string]any{"enabled": true}) },
				Config:    disabled,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_user.alice", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("portal_user.alice", tfjsonpath.New("enabled"), knownvalue.Bool(false)),
					// A disabled user is reported disabled, whatever else holds.
					acctest.ExpectOnlyChanged("portal_user.alice", "enabled", "status"),
					plancheck.ExpectKnownValue("portal_user.alice", tfjsonpath.New("status"), knownvalue.StringExact("disabled")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("portal_user.alice", tfjsonpath.New("status"), knownvalue.StringExact("disabled")),
				},
			},
		},
	})
}

// TestAccUser_systemStatesAreNotADiff: locking out, finishing set-up and an
// out-of-band change of e-mail case leave the plan empty; apply never unlocks.
func TestAccUser_systemStatesAreNotADiff(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	a := s.Org(t, "Acme", "client", s.RootID)
	var id string
	cfg := userConfig(s, a, a, userCfg{email: "carol@example.com", first: "Carol", org: "a", enabled: true})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t, s),
		Steps: []resource.TestStep{
			{Config: cfg, Check: captureID("portal_user.alice", &id)},
			{
				PreConfig: func() {
					s.Must(
						t,
						200,
						"",
						"POST",
						"/v1/account/setup",
						map[string]any{"token": s.LinkToken(t, "carol@example.com"), "password": "a long enough password"},
					)
					s.Lock(t, "carol@example.com")
					s.Admin(t, 200, "PATCH", "/v1/users/"+id, map[string]any{"email": "CAROL@Example.COM"})
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("portal_user.alice", tfjsonpath.New("status"), knownvalue.StringExact("locked")),
					statecheck.ExpectKnownValue("portal_user.alice", tfjsonpath.New("locked"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("portal_user.alice", tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("portal_user.alice", tfjsonpath.New("email"), knownvalue.StringExact("carol@example.com")),
				},
				Check: func(*terraform.State) error {
					if got := userField(t, s, id, "locked"); got != true {
						return fmt.Errorf("apply unlocked the user")
					}
					return nil
				},
			},
		},
	})
}

func TestAccUser_disappears(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	a := s.Org(t, "Acme", "client", s.RootID)
	var id string
	cfg := userConfig(s, a, a, userCfg{email: "dave@example.com", first: "Dave", org: "a", enabled: true})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkUsersDestroyed(t, s),
		Steps: []resource.TestStep{
			{Config: cfg, Check: captureID("portal_user.alice", &id)},
			{
				PreConfig: func() { s.Admin(t, 204, "DELETE", "/v1/users/"+id, nil) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_user.alice", plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

func TestAccUser_duplicateEmailNamesTheAddressAndSuggestsImport(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	a := s.Org(t, "Acme", "client", s.RootID)
	existing := s.Admin(
		t,
		201,
		"POST",
		"/v1/users",
		map[string]any{"email": "Erin@Example.com", "first_name": "E", "last_name": "R", "organization_id": a},
	).
		Str(t, "id")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: userConfig(s, a, a, userCfg{email: "erin@example.com", first: "Erin", org: "a", enabled: true}),
			// The advice names the object and where to import it, never a made-up address.
			ExpectError: regexp.MustCompile(`(?s)Unable to create portal user.*with portal_user\.alice.*Erin@Example.com already exists.*` +
				`existing portal_user has id ` + existing + `.*to = <that address>.*id = "` + existing + `"`),
		}},
	})
}

func TestAccUser_planTimeValidation(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	for _, c := range []struct{ u userCfg }{
		{userCfg{email: "not-an-address", first: "X", org: "a", enabled: true}},
		{userCfg{email: "x@example.com", first: "X", org: "a", enabled: true, phone: "415 555 0123"}},
	} {
		want := `(?s)Invalid e-mail address.*alice@example.com`
		if c.u.phone != "" {
			want = `(?s)Invalid phone number.*\+14155550123`
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.ProviderFactories,
			Steps: []resource.TestStep{
				{Config: userConfig(s, "org_x", "org_x", c.u), PlanOnly: true, ExpectError: regexp.MustCompile(want)},
			},
		})
	}
}

func TestAccUser_resendSetupTriggers(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	a := s.Org(t, "Acme", "client", s.RootID)
	cfg := func(round string) string {
		return s.Config(`
resource "portal_user" "alice" {
  email                 = "again@example.com"
  first_name            = "Again"
  last_name             = "Later"
  organization_id       = %q
  resend_setup_triggers = { round = %q }
}
`, a, round)
	}
	var first string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg("1"), Check: func(*terraform.State) error { first = s.LinkToken(t, "again@example.com"); return nil }},
			{
				Config: cfg("2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_user.alice", plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					second := s.LinkToken(t, "again@example.com")
					if second == first {
						return fmt.Errorf("no new set-up link")
					}
					if r := s.Do(t, "", "POST", "/v1/account/setup", map[string]any{"token": first, "password": "a long enough " +
						"password"}); r.Status != 410 {
						return fmt.Errorf("old link still works: %d", r.Status)
					}
					s.Must(t, 200, "", "POST", "/v1/account/setup", map[string]any{"token": second, "password": "a long enough password"})
					return nil
				},
			},
			{
				// Set-up finished: a further change only warns.
				Config: cfg("3"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("portal_user.alice", tfjsonpath.New("status"), knownvalue.StringExact("active")),
				},
			},
		},
	})
}
