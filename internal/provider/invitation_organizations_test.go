package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/client"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

func multiInvitationConfig(s *acctest.Server, home string, orgs ...string) string {
	return s.Config(`
resource "portal_invitation" "tech" {
  email            = "tech@harbor.example"
  organization_id  = %q
  organization_ids = [%s]
  role_ids         = ["technician"]
}
`, home, quoteAll(orgs))
}

func quoteAll(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(quoted, ", ")
}

// TestAccInvitation_severalOrganizations: an MSP invites a technician homed
// at the MSP to three clients with one e-mail; accepting the link grants the
// role in each; changing organization_ids in place moves the grants.
func TestAccInvitation_severalOrganizations(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	api, err := client.New(client.Config{Endpoint: s.URL, Token: acctest.BootstrapToken, UserAgent: "test"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	msp := s.Org(t, "Harbor MSP", "partner", s.RootID)
	var clients []string
	for _, name := range []string{"Alder Community", "Birch Community", "Cedar Community", "Dogwood Community"} {
		clients = append(clients, s.Org(t, name, "client", msp))
	}
	var id string
	grants := func(want ...string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			list, err := api.ListRoleAssignments(ctx, wire.RoleAssignmentQuery{InvitationID: id, RoleID: "technician"})
			if err != nil {
				return err
			}
			var got []string
			for _, a := range list {
				got = append(got, a.OrganizationID)
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				return fmt.Errorf("the invitation grants technician in %v, want %v", got, want)
			}
			return nil
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: multiInvitationConfig(s, msp, clients[:3]...),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("portal_invitation.tech", tfjsonpath.New("organization_ids"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact(clients[0]), knownvalue.StringExact(clients[1]), knownvalue.StringExact(clients[2])})),
				},
				Check: resource.ComposeTestCheckFunc(captureID("portal_invitation.tech", &id), func(*terraform.State) error {
					mail, err := api.Outbox(ctx, "tech@harbor.example")
					if err != nil {
						return err
					}
					if len(mail) != 1 {
						return fmt.Errorf("%d e-mails for one invitation to three organizations, want 1", len(mail))
					}
					if !strings.Contains(mail[0].Body, "Alder Community, Birch Community and Cedar Community") {
						return fmt.Errorf("the e-mail does not name the three organizations:\n%s", mail[0].Body)
					}
					link := strings.TrimSpace(mail[0].Body)
					res, err := api.AcceptInvitation(ctx, wire.InvitationAccept{Token: acctest.TokenInLink(link),
						FirstName: "Terry", LastName: "Tech", Password: "a long enough password"})
					if err != nil {
						return err
					}
					if res.OrganizationID != msp || len(res.OrganizationIDs) != 3 {
						return fmt.Errorf("accept answered %+v", res)
					}
					return nil
				}, grants(clients[:3]...)),
			},
			{
				// Accepted: the next plan is empty, and the status is reported.
				Config:           multiInvitationConfig(s, msp, clients[:3]...),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("portal_invitation.tech", tfjsonpath.New("status"), knownvalue.StringExact("accepted")),
				},
			},
			{
				Config: multiInvitationConfig(s, msp, clients[0], clients[3]),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_invitation.tech", plancheck.ResourceActionUpdate),
				}},
				Check: grants(clients[0], clients[3]),
			},
			{
				// Without organization_ids the roles return to the home organization.
				Config: s.Config(`
resource "portal_invitation" "tech" {
  email           = "tech@harbor.example"
  organization_id = %q
  role_ids        = ["technician"]
}
`, msp),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("portal_invitation.tech", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("portal_invitation.tech", tfjsonpath.New("organization_ids"),
						knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(msp)})),
				}},
				Check: grants(msp),
			},
		},
	})
}

// TestAccInvitation_organizationIDsValidation: an empty set and an empty id
// are refused at plan time, naming the attribute.
func TestAccInvitation_organizationIDsValidation(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      multiInvitationConfig(s, "org_x"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)organization_ids.*at\s+least\s+1\s+elements`),
			},
			{
				Config:      multiInvitationConfig(s, "org_x", ""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)organization_ids.*length\s+must\s+be\s+at\s+least\s+1`),
			},
		},
	})
}
