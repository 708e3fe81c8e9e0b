package provider_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// interloper changes an organization just before the provider's first PATCH
// reaches the API: another administrator wins the race between refresh and apply.
func interloper() func(http.Handler) http.Handler {
	var once sync.Once
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPatch && strings.HasPrefix(r.URL.Path, "/v1/organizations/") &&
				r.Header.Get(acctest.BypassFaultsHeader) == "" {
				once.Do(func() {
					other := httptest.NewRequest(http.MethodPatch, r.URL.Path, strings.NewReader(`{"external_id":"set-by-someone-else"}`))
					other.Header.Set("Authorization", "Bearer "+acctest.BootstrapToken)
					other.Header.Set("Content-Type", "application/json")
					next.ServeHTTP(httptest.NewRecorder(), other)
				})
			}
			next.ServeHTTP(w, r)
		})
	}
}

// TestAccOrganization_concurrentChangeIsReportedNotOverwritten: the provider
// sends If-Match, so a change made after the refresh fails with advice to
// refresh instead of silently overwriting it; the next run converges.
func TestAccOrganization_concurrentChangeIsReportedNotOverwritten(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t, acctest.Options{Wrap: interloper()})
	cfg := func(name string) string {
		return s.Config(`
resource "portal_organization" "acme" {
  name      = %q
  kind      = "client"
  parent_id = %q
}
`, name, s.RootID)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg("Acme")},
			{
				Config: cfg("Acme Corp"),
				ExpectError: regexp.MustCompile(
					`(?s)Unable to update portal organization.*changed by someone else.*changed\s+outside\s+Terraform.*refresh`,
				),
			},
			{Config: cfg("Acme Corp")},
		},
	})
}

// TestAccConcurrentAppliesOnDifferentClients runs two Terraform applies at
// once against the same API, each managing its own client organization.
func TestAccConcurrentAppliesOnDifferentClients(t *testing.T) {
	t.Parallel()
	s := acctest.StartAPI(t)
	for _, name := range []string{"Acme", "Globex"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{Config: s.Config(`
resource "portal_organization" "client" {
  name      = %q
  kind      = "client"
  parent_id = %q
}

resource "portal_user" "users" {
  count           = 10
  email           = "user${count.index}@%s.example"
  first_name      = "User"
  last_name       = "${count.index}"
  organization_id = portal_organization.client.id
}

resource "portal_role_assignment" "viewers" {
  count           = 10
  user_id         = portal_user.users[count.index].id
  organization_id = portal_organization.client.id
  role_id         = "viewer"
}
`, name, s.RootID, strings.ToLower(name))}},
			})
		})
	}
}
