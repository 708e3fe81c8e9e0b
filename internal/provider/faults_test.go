package provider_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

const faultConfig = `
resource "portal_organization" "msp" {
  name      = "Fault MSP"
  kind      = "partner"
  parent_id = %q
}

resource "portal_organization" "client" {
  count     = 19
  name      = "Client ${count.index}"
  kind      = "client"
  parent_id = portal_organization.msp.id
}

resource "portal_user" "u" {
  count           = 100
  email           = "user${count.index}@fault.example"
  first_name      = "User"
  last_name       = "Number ${count.index}"
  organization_id = portal_organization.client[count.index %% 19].id
}

resource "portal_role_assignment" "a" {
  count           = 60
  user_id         = portal_user.u[count.index].id
  organization_id = portal_organization.client[count.index %% 19].id
  role_id         = "viewer"
}

resource "portal_invitation" "i" {
  count           = 21
  email           = "invitee${count.index}@fault.example"
  organization_id = portal_organization.client[count.index %% 19].id
  role_ids        = ["viewer"]
}
`

// count lists path (every page, bypassing faults) and returns the number of items.
func count(t *testing.T, s *acctest.Server, path string) int {
	n, token := 0, ""
	for {
		var out struct {
			Items []json.RawMessage `json:"items"`
			Next  string            `json:"next_page_token"`
		}
		if err := json.Unmarshal(s.Admin(t, 200, "GET", path+"&limit=200&page_token="+token, nil).Body, &out); err != nil {
			t.Fatal(err)
		}
		n += len(out.Items)
		if out.Next == "" {
			return n
		}
		token = out.Next
	}
}

// TestAccFaults_convergesUnderInjectedFailures applies 201 resources through
// an API that fails 20% of requests with 500, 20% with 429, resets 5% of
// connections after the change committed and stalls 5%. The API must end up
// with exactly the configured objects (no duplicate, no orphan), the next
// plan must be empty, and destroy must leave nothing behind.
func TestAccFaults_convergesUnderInjectedFailures(t *testing.T) {
	if testing.Short() {
		t.Skip("fault-injection run skipped in -short mode")
	}
	// Most of this run is waiting out retries and stalls: in parallel, the
	// other tests use that time.
	t.Parallel()
	var stats acctest.FaultStats
	s := acctest.StartAPI(t, acctest.Options{Wrap: acctest.Faults(7, acctest.FaultRates{
		ServerError: 0.20, RateLimit: 0.20, ResetAfterCommit: 0.05, Stall: 0.05, StallFor: 2 * time.Second,
	}, &stats)})
	var msp string
	start := time.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if n := count(t, s, "/v1/users?q=fault.example"); n != 0 {
				return fmt.Errorf("destroy left %d users", n)
			}
			if n := count(t, s, "/v1/invitations?email="); n != 0 {
				return fmt.Errorf("destroy left %d invitations", n)
			}
			if n := count(t, s, "/v1/organizations?kind=client"); n != 0 {
				return fmt.Errorf("destroy left %d client organizations", n)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: s.ProviderBlockWithRetries(15) + fmt.Sprintf(faultConfig, s.RootID),
			Check: resource.ComposeTestCheckFunc(captureID("portal_organization.msp", &msp), func(*terraform.State) error {
				for path, want := range map[string]int{
					"/v1/organizations?parent_id=" + msp:                                       19,
					"/v1/users?include_descendants=true&organization_id=" + msp:                100,
					"/v1/role-assignments?role_id=viewer":                                      60,
					"/v1/invitations?status=pending":                                           21,
					"/v1/organizations?name=Fault%20MSP":                                       1,
					"/v1/users?include_descendants=true&status=invited&organization_id=" + msp: 100,
				} {
					if got := count(t, s, path); got != want {
						return fmt.Errorf("%s: %d objects, want exactly %d", path, got, want)
					}
				}
				return nil
			}),
		}},
	})
	t.Logf(
		"fault run: %d API requests, %d answered 500, %d answered 429, %d reset after commit, %d stalled; %s",
		stats.Requests.Load(),
		stats.ServerErrors.Load(),
		stats.RateLimited.Load(),
		stats.Resets.Load(),
		stats.Stalls.Load(),
		time.Since(start).Round(time.Second),
	)
}
