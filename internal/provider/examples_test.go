package provider_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
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
				s.Admin(t, 201, "POST", "/v1/users", map[string]any{"email": "alice@example.com", "first_name": "Alice", "last_name": "L", "organization_id": s.RootID})
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps:                    []resource.TestStep{{Config: s.ProviderBlock() + string(hcl)}},
			})
		})
	}
}
