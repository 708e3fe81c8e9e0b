package provider_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// BenchmarkApplyAtScale times terraform apply of 200 portal users against
// the reference API, and of 200 terraform_data resources, which costs
// Terraform alone: the difference is what the provider and the API add.
// Destroys between iterations are not timed. Run with make bench.
func BenchmarkApplyAtScale(b *testing.B) {
	if os.Getenv("TF_ACC") == "" {
		b.Skip("drives the terraform CLI: set TF_ACC=1")
	}
	s := acctest.StartAPI(b)
	org := s.Org(b, "Bench Client", "client", s.RootID)
	for _, c := range []struct{ name, config string }{
		{"portal_user", requirePortal + s.ProviderBlock() + fmt.Sprintf(`
resource "portal_user" "u" {
  count           = 200
  email           = "user${count.index}@bench.example"
  first_name      = "Bench"
  last_name       = "User ${count.index}"
  organization_id = %q
}
`, org)},
		{"terraform_data", `
resource "terraform_data" "u" {
  count = 200
  input = "user${count.index}@bench.example"
}
`},
	} {
		b.Run(c.name+"-200", func(b *testing.B) {
			tf := newTerraformCLI(b, c.config)
			for b.Loop() {
				tf.run("apply", "-auto-approve", "-input=false")
				b.StopTimer()
				tf.run("destroy", "-auto-approve", "-input=false")
				b.StartTimer()
			}
		})
	}
}
