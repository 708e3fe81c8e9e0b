package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// TestAccExamples applies every resource and data source example, as
// published in the docs, against a fresh API, and destroys it again.
func TestAccExamples(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("../../examples/resources/*/resource.tf")
	ds, _ := filepath.Glob("../../examples/data-sources/*/data-source.tf")
	files = append(files, ds...)
	if len(files) == 0 {
		t.Fatal("no examples found")
	}
	for _, f := range files {
		t.Run(filepath.Base(filepath.Dir(f)), func(t *testing.T) {
			hcl, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			s := acctest.StartAPI(t)
			if strings.Contains(f, "data-sources") {
				// Fixtures the data source examples look up by name.
				s.Org(t, "Acme Corporation", "client", s.RootID)
				s.Admin(
					t,
					201,
					"POST",
					"/v1/users",
					map[string]any{"email": "alice@example.com", "first_name": "Alice", "last_name": "L", "organization_id": s.RootID},
				)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps:                    []resource.TestStep{{Config: s.ProviderBlock() + string(hcl)}},
			})
		})
	}
}

// TestAccReadmeExample applies the README's example, the first thing a
// newcomer reads, and checks that what it declares exists.
func TestAccReadmeExample(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "```terraform\n")
	example, _, closed := strings.Cut(rest, "```")
	if !ok || !closed {
		t.Fatal("README.md has no ```terraform block")
	}
	example = strings.Replace(example, `provider "portal" {} # PORTAL_ENDPOINT and PORTAL_TOKEN`, "", 1)
	s := acctest.StartAPI(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: s.ProviderBlock() + example,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("portal_invitation.it_lead", tfjsonpath.New("status"), knownvalue.StringExact("pending")),
				statecheck.ExpectKnownValue("portal_user.alice", tfjsonpath.New("status"), knownvalue.StringExact("invited")),
			},
		}},
		CheckDestroy: func(*terraform.State) error {
			if n := len(s.Admin(t, 200, "GET", "/v1/organizations?name=Northwind%20MSP", nil).JSON(t)["items"].([]any)); n != 0 {
				return fmt.Errorf("%d organizations named Northwind MSP remain", n)
			}
			return nil
		},
	})
}

// TestFrontDoorIsShortAndItsLinksResolve keeps the README a page a newcomer
// reads in two minutes and the design page short, and every relative link
// of the front-door pages pointing at a file that exists.
func TestFrontDoorIsShortAndItsLinksResolve(t *testing.T) {
	link := regexp.MustCompile(`\]\(([^)#]+)(#[^)]*)?\)`)
	for page, most := range map[string]int{"README.md": 150, ".github/DESIGN.md": 200, ".github/CONTRIBUTING.md": 0,
		".github/PERFORMANCE.md": 0, "CHANGELOG.md": 0} {
		b, err := os.ReadFile(filepath.Join("../..", page))
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(b), "\n"); most > 0 && n > most {
			t.Errorf("%s has %d lines; keep it to %d", page, n, most)
		}
		for _, m := range link.FindAllStringSubmatch(string(b), -1) {
			target := m[1]
			if strings.Contains(target, "://") {
				continue
			}
			if _, err := os.Stat(filepath.Join("../..", filepath.Dir(page), target)); err != nil {
				t.Errorf("%s links to %s, which does not exist", page, target)
			}
		}
	}
}
