package provider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

const anyDataRead = `
data "portal_organizations" "all" {}
`

func TestAccProvider_configurationErrorsNameTheAttributeAndVariable(t *testing.T) {
	s := acctest.StartAPI(t)
	t.Setenv("PORTAL_ENDPOINT", "")
	t.Setenv("PORTAL_TOKEN", "")
	cases := []struct {
		name, provider, want string
	}{
		{"missing endpoint", `provider "portal" { token = "x" }`, `(?s)Missing portal API endpoint.*PORTAL_ENDPOINT`},
		{"missing token", `provider "portal" { endpoint = "` + s.URL + `" }`, `(?s)Missing portal API token.*PORTAL_TOKEN`},
		{"bad token", `provider "portal" {
  endpoint = "` + s.URL + `"
  token    = "ptk_wrong"
}`, `(?s)Invalid portal API token.*refused the token.*PORTAL_TOKEN`},
		{"unreachable endpoint", `provider "portal" {
  endpoint    = "http://127.0.0.1:1"
  token       = "ptk_x"
  max_retries = 0
}`, `(?s)Unable to reach the portal API.*PORTAL_ENDPOINT`},
		{"not a URL", `provider "portal" {
  endpoint = "portal.example.com"
  token    = "ptk_x"
}`, `(?s)Invalid portal API endpoint.*https://`},
		{"bad timeout", `provider "portal" {
  endpoint        = "` + s.URL + `"
  token           = "ptk_x"
  request_timeout = "soon"
}`, `(?s)Invalid Time Duration String Value.*"2h45m".*soon`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps:                    []resource.TestStep{{Config: c.provider + anyDataRead, ExpectError: regexp.MustCompile(c.want)}},
			})
		})
	}
}

func TestAccProvider_environmentFallback(t *testing.T) {
	s := acctest.StartAPI(t)
	t.Setenv("PORTAL_ENDPOINT", s.URL)
	t.Setenv("PORTAL_TOKEN", acctest.BootstrapToken)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: anyDataRead,
			Check:  resource.TestCheckResourceAttr("data.portal_organizations.all", "organizations.#", "1"),
		}},
	})
}
