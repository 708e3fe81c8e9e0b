package provider_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// TestAccPeopleDataSource: users and pending invitations in one list, more
// than one API page of them, and the invitations alone with their expiry.
func TestAccPeopleDataSource(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	org := s.Org(t, "People Client", "client", s.RootID)
	for i := range 195 {
		s.Admin(
			t,
			201,
			"POST",
			"/v1/users",
			map[string]any{"email": fmt.Sprintf("person%03d@example.com", i), "first_name": "Per", "last_name": fmt.Sprint(i),
				"organization_id": org, "send_invitation": false},
		)
	}
	var invs []string
	for i := range 10 {
		invs = append(invs, s.Admin(t, 201, "POST", "/v1/invitations", map[string]any{"email": fmt.Sprintf("invitee%02d@example.com", i),
			"organization_id": org, "role_ids": []string{"viewer"}}).Str(t, "id"))
	}
	inv := s.Admin(t, 200, "GET", "/v1/invitations/"+invs[0], nil).JSON(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: s.Config(`
data "portal_people" "all" {
  organization_id = %q
}

data "portal_people" "invitations" {
  organization_id = %q
  kind            = "invitation"
}

data "portal_people" "one" {
  email = "INVITEE00@example.com"
}
`, org, org),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.portal_people.all", tfjsonpath.New("people"), knownvalue.ListSizeExact(205)),
				statecheck.ExpectKnownValue("data.portal_people.invitations", tfjsonpath.New("people"), knownvalue.ListSizeExact(10)),
				statecheck.ExpectKnownValue("data.portal_people.one", tfjsonpath.New("people"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"kind":            knownvalue.StringExact("invitation"),
						"id":              knownvalue.StringExact(invs[0]),
						"email":           knownvalue.StringExact("invitee00@example.com"),
						"first_name":      knownvalue.Null(),
						"last_name":       knownvalue.Null(),
						"organization_id": knownvalue.StringExact(org),
						"status":          knownvalue.StringExact("pending"),
						"expires_at":      knownvalue.StringExact(rfc3339(t, inv["expires_at"])),
						"created_at":      knownvalue.NotNull(),
					}),
				})),
			},
		}},
	})
}

// rfc3339 renders a timestamp of an API answer as the provider stores it.
func rfc3339(t *testing.T, v any) string {
	t.Helper()
	s, _ := v.(string)
	at, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("timestamp %v: %v", v, err)
	}
	return at.Format(time.RFC3339)
}
