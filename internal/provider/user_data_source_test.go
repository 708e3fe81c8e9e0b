package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

func TestAccUserDataSources(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	msp := s.Org(t, "MSP", "partner", s.RootID)
	client := s.Org(t, "Client", "client", msp)
	// More users than one API page holds, so the data source must follow next_page_token.
	for i := range 205 {
		s.Admin(
			t,
			201,
			"POST",
			"/v1/users",
			map[string]any{
				"email":           fmt.Sprintf("bulk%03d@example.com", i),
				"first_name":      "Bulk",
				"last_name":       fmt.Sprint(i),
				"organization_id": client,
				"send_invitation": false,
			},
		)
	}
	tech, _ := s.UserWithToken(t, msp, "technician", "tech@example.com")
	s.Admin(t, 200, "PATCH", "/v1/users/"+tech, map[string]any{"initial_password": "set by an administrator"})
	session := s.Session(t, "tech@example.com", "set by an administrator", "")
	s.Must(t, 200, session, "POST", "/v1/me/password", map[string]any{"current_password": "set by an administrator",
		"new_password": acctest.Password})
	s.EnrollTOTP(t, session)
	locked := s.Admin(t, 201, "POST", "/v1/users", map[string]any{"email": "locked@example.com", "first_name": "Lock", "last_name": "Ed",
		"organization_id": client, "initial_password": "set by an administrator"}).Str(t, "id")
	s.Lock(t, "locked@example.com")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: s.Config(`
data "portal_user" "by_email" {
  email = "TECH@example.com"
}

data "portal_user" "by_id" {
  id = %q
}

data "portal_users" "msp_tree" {
  organization_id     = %q
  include_descendants = true
}

data "portal_users" "msp_only" {
  organization_id = %q
}

data "portal_users" "locked" {
  status = "locked"
}

data "portal_users" "technicians" {
  role_id = "technician"
}

data "portal_users" "mfa" {
  mfa_enrolled = true
}

data "portal_users" "search" {
  search = "bulk00"
}
`, locked, msp, msp),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.portal_user.by_email", tfjsonpath.New("id"), knownvalue.StringExact(tech)),
				statecheck.ExpectKnownValue("data.portal_user.by_email", tfjsonpath.New("mfa_enrolled"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("data.portal_user.by_id", tfjsonpath.New("status"), knownvalue.StringExact("locked")),
				statecheck.ExpectKnownValue("data.portal_users.msp_tree", tfjsonpath.New("users"), knownvalue.ListSizeExact(207)),
				statecheck.ExpectKnownValue("data.portal_users.msp_only", tfjsonpath.New("users"), knownvalue.ListSizeExact(1)),
				statecheck.ExpectKnownValue("data.portal_users.locked", tfjsonpath.New("users"), knownvalue.ListSizeExact(1)),
				statecheck.ExpectKnownValue("data.portal_users.technicians", tfjsonpath.New("users"), knownvalue.ListSizeExact(1)),
				statecheck.ExpectKnownValue("data.portal_users.mfa", tfjsonpath.New("users"), knownvalue.ListSizeExact(1)),
				statecheck.ExpectKnownValue("data.portal_users.search", tfjsonpath.New("users"), knownvalue.ListSizeExact(10)),
			},
		}},
	})
}

// TestAccUsersDataSource_expired: status = "expired" lists the invited users
// whose set-up link has run out, and only them: not an invited user whose
// link is still valid, nor one who was never sent a link, nor one who
// finished set-up. Their status stays "invited".
func TestAccUsersDataSource_expired(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	org := s.Org(t, "Expiry Client", "client", s.RootID)
	user := func(email string, send bool) string {
		return s.Admin(t, 201, "POST", "/v1/users", map[string]any{"email": email, "first_name": "Exp", "last_name": "Iry",
			"organization_id": org, "send_invitation": send}).Str(t, "id")
	}
	late := user("late@example.com", true)
	user("unsent@example.com", false)
	user("done@example.com", true)
	s.FinishSetup(t, "done@example.com")
	config := s.Config(`
data "portal_users" "expired" {
  organization_id = %q
  status          = "expired"
}

data "portal_users" "invited" {
  organization_id = %q
  status          = "invited"
}
`, org, org)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.portal_users.expired", tfjsonpath.New("users"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue("data.portal_users.invited", tfjsonpath.New("users"), knownvalue.ListSizeExact(2)),
				},
			},
			{
				// A week and a second later the set-up link of late@ has expired.
				PreConfig: func() { s.Admin(t, 200, "POST", "/v1/dev/clock", map[string]any{"advance_seconds": 7*24*3600 + 1}) },
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.portal_users.expired", tfjsonpath.New("users"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"id":     knownvalue.StringExact(late),
							"status": knownvalue.StringExact("invited"),
						}),
					})),
					statecheck.ExpectKnownValue("data.portal_users.invited", tfjsonpath.New("users"), knownvalue.ListSizeExact(2)),
				},
			},
		},
	})
}
