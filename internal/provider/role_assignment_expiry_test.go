package provider_test

import (
	"fmt"
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

func timeBoundGrantConfig(s *acctest.Server, user, org string, end time.Time) string {
	return s.Config(`
resource "portal_role_assignment" "tech" {
  user_id         = %q
  organization_id = %q
  role_id         = "technician"
  expires_at      = %q
}

data "portal_user_access" "tech" {
  user_id    = %[1]q
  depends_on = [portal_role_assignment.tech]
}
`, user, org, end.UTC().Format(time.RFC3339))
}

// A time-bound grant: created with its end, reported in the access review;
// once the end passes the grant shows as expired and the same configuration
// plans nothing (never a silent re-grant); a later end extends it in place;
// an end in the past is refused at plan time; import reads the end back.
func TestAccRoleAssignment_expiresAt(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	msp := s.Org(t, "Expiry MSP", "partner", s.RootID)
	client := s.Org(t, "Expiry Client", "client", msp)
	tech, _ := s.UserWithToken(t, msp, "", "tech@expiry.example")
	end := s.Service.Clock.Now().Add(2 * time.Hour).Truncate(time.Second)
	later := end.Add(48 * time.Hour)
	address := "portal_role_assignment.tech"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             assignmentsGone(t, s),
		Steps: []resource.TestStep{
			{
				Config: timeBoundGrantConfig(s, tech, client, end),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("expires_at"), knownvalue.StringExact(end.UTC().Format(time.RFC3339))),
					statecheck.ExpectKnownValue("data.portal_user_access.tech",
						tfjsonpath.New("access").AtSliceIndex(0).AtMapKey("via").AtSliceIndex(0).AtMapKey("expires_at"),
						knownvalue.StringExact(end.UTC().Format(time.RFC3339))),
				},
			},
			{ResourceName: address, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"timeouts"}},
			{
				// Expired: drift in status, and the configuration keeping the old end plans nothing.
				PreConfig: func() { s.Admin(t, 200, "POST", "/v1/dev/clock", map[string]any{"advance_seconds": 2*3600 + 1}) },
				Config:    timeBoundGrantConfig(s, tech, client, end),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionNoop)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("status"), knownvalue.StringExact("expired")),
					statecheck.ExpectKnownValue("data.portal_user_access.tech", tfjsonpath.New("access"), knownvalue.ListSizeExact(0)),
				},
			},
			{
				// A later end extends the same grant in place.
				Config: timeBoundGrantConfig(s, tech, client, later),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(address, tfjsonpath.New("status")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue("data.portal_user_access.tech", tfjsonpath.New("access"), knownvalue.ListSizeExact(1)),
				},
			},
			{
				Config:           timeBoundGrantConfig(s, tech, client, later),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// An end that has passed is refused at plan time, saying what to do.
				Config:      timeBoundGrantConfig(s, tech, client, time.Now().Add(-time.Hour)),
				ExpectError: regexp.MustCompile(`(?s)expires_at.*has already passed`),
			},
		},
	})
}

// A client bounds its partner's grants with max_grant_duration: a grant
// beyond it is refused with the limit named; within it, it is made.
func TestAccOrganization_maxGrantDuration(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	msp := s.Org(t, "Limit MSP", "partner", s.RootID)
	tech, _ := s.UserWithToken(t, msp, "", "tech@limit.example")
	cfg := func(days int) string {
		return s.Config(`
resource "portal_organization" "client" {
  name               = "Limited Client"
  kind               = "client"
  parent_id          = %q
  max_grant_duration = "168h"
}

resource "portal_role_assignment" "tech" {
  user_id         = %q
  organization_id = portal_organization.client.id
  role_id         = "technician"
  expires_at      = %q
}
`, msp, tech, s.Service.Clock.Now().Add(time.Duration(days)*24*time.Hour).UTC().Format(time.RFC3339))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg(10), ExpectError: regexp.MustCompile(`at\s+most\s+7\s+days\s+\(max_grant_duration\s+168h0m0s\)`)},
			{
				Config: cfg(5),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("portal_organization.client", tfjsonpath.New("max_grant_duration"), knownvalue.StringExact("168h")),
					statecheck.ExpectKnownValue("portal_role_assignment.tech", tfjsonpath.New("status"), knownvalue.StringExact("active")),
				},
			},
			{Config: cfg(5), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

// portal_role_members leaves a time-bound grant alone: not a member, never
// removed, never a difference, and reported with its end.
func TestAccRoleMembers_leavesTimeBoundGrantsAlone(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	client := s.Org(t, "Members Client", "client", s.RootID)
	member, _ := s.UserWithToken(t, client, "", "member@members.example")
	partner, _ := s.UserWithToken(t, s.RootID, "", "partner.tech@members.example")
	end := s.Service.Clock.Now().Add(30 * 24 * time.Hour).Truncate(time.Second)
	grant := s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": partner, "organization_id": client,
		"role_id": "viewer", "expires_at": end.UTC().Format(time.RFC3339)}).Str(t, "id")
	cfg := s.Config(`
resource "portal_role_members" "viewers" {
  organization_id = %q
  role_id         = "viewer"
  user_ids        = [%q]
}
`, client, member)
	address := "portal_role_members.viewers"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("user_ids"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact(member)})),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("time_bound_grants"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"assignment_id": knownvalue.StringExact(grant), "user_id": knownvalue.StringExact(partner),
							"expires_at": knownvalue.StringExact(end.UTC().Format(time.RFC3339)), "status": knownvalue.StringExact("active"),
						}),
					})),
				},
				Check: func(*terraform.State) error {
					if r := s.Do(t, acctest.BootstrapToken, "GET", "/v1/role-assignments/"+grant, nil); r.Status != 200 {
						return fmt.Errorf("the time-bound grant was removed: %d", r.Status)
					}
					return nil
				},
			},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
		CheckDestroy: func(*terraform.State) error {
			if r := s.Do(t, acctest.BootstrapToken, "GET", "/v1/role-assignments/"+grant, nil); r.Status != 200 {
				return fmt.Errorf("destroying the membership removed the time-bound grant: %d", r.Status)
			}
			return nil
		},
	})
}

// The published example grants 30 days through a terraform_data anchor: the
// next plan, with a later plantimestamp(), must keep the end and plan nothing.
func TestAccRoleAssignment_exampleEndStaysStable(t *testing.T) {
	t.Parallel()
	hcl, err := os.ReadFile("../../examples/resources/portal_role_assignment/resource.tf")
	if err != nil {
		t.Fatal(err)
	}
	s := acctest.StartAPI(t)
	cfg := s.ProviderBlock() + string(hcl)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("portal_role_assignment.terry_acme_admin", tfjsonpath.New("status"), knownvalue.StringExact("active")),
				},
			},
			{
				PreConfig:        func() { time.Sleep(1100 * time.Millisecond) }, // plantimestamp() has moved on
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}
