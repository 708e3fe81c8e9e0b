package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// TestAccSecretsStayOutOfLogsAndState runs with TRACE logging and checks that
// neither the provider's token, an invitation link nor a write-only initial password appears in the logs or
// in the state.
func TestAccSecretsStayOutOfLogsAndState(t *testing.T) {
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	// As in CI pipelines, the token comes from the environment: the test
	// harness logs the configuration text itself, which is not the provider's doing.
	t.Setenv("PORTAL_TOKEN", acctest.BootstrapToken)
	const password = "an initial password nobody logs"
	t.Setenv("TF_VAR_initial_password", password)
	var link string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "portal" {
  endpoint = %q
}

resource "portal_invitation" "i" {
  email           = "secret@example.com"
  organization_id = %q
  role_ids        = ["viewer"]
}

variable "initial_password" {
  type      = string
  sensitive = true
}

resource "portal_user" "u" {
  email                       = "wo@example.com"
  first_name                  = "Write"
  last_name                   = "Only"
  organization_id             = %q
  initial_password_wo         = var.initial_password
  initial_password_wo_version = 1
}
`, s.URL, org, org),
			Check: func(st *terraform.State) error {
				link = s.LinkToken(t, "secret@example.com")
				s.Session(t, "wo@example.com", password, "") // the password was sent, and works
				if strings.Contains(st.String(), link) || strings.Contains(st.String(), acctest.BootstrapToken) ||
					strings.Contains(st.String(), password) {
					t.Error("a secret is in the state")
				}
				return nil
			},
		}},
	})
	raw, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatalf("no trace log: %v", err)
	}
	logs := string(raw)
	if !strings.Contains(logs, "portal_http") {
		t.Fatalf("the trace log has no provider HTTP lines; the check would prove nothing (%d bytes)", len(raw))
	}
	for name, secret := range map[string]string{"API token": acctest.BootstrapToken, "invitation link": link, "initial password": password} {
		if strings.Contains(logs, secret) {
			i := strings.Index(logs, secret)
			t.Errorf("the %s appears in the TRACE log: ...%s...", name, logs[max(0, i-300):i])
		}
	}
}
