package provider_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// List resources and terraform query need Terraform 1.14 or later.

// pageOverflow is more objects of each kind than one API page (50) holds.
const pageOverflow = 53

// seededPartner is a partner tree made through the API, as an existing
// portal to adopt: pageOverflow clients, users, custom roles, role
// assignments and pending invitations.
type seededPartner struct {
	partner, client, roleID, userID string
}

func seedPartner(t *testing.T, s *acctest.Server) seededPartner {
	t.Helper()
	p := seededPartner{partner: s.Org(t, "Adopted MSP", "partner", s.RootID)}
	for i := range pageOverflow {
		c := s.Org(t, fmt.Sprintf("Adopted Client %02d", i), "client", p.partner)
		if i == 0 {
			p.client = c
		}
	}
	for i := range pageOverflow {
		role := s.Admin(t, 201, "POST", "/v1/roles", map[string]any{"organization_id": p.partner, "name": fmt.Sprintf("Adopted Role %02d", i),
			"permissions": []string{"users:read"}}).Str(t, "id")
		user := s.Admin(t, 201, "POST", "/v1/users", map[string]any{"email": fmt.Sprintf("adopted%02d@example.com", i), "first_name": "Adopted",
			"last_name": fmt.Sprintf("User %02d", i), "organization_id": p.client, "send_invitation": false}).Str(t, "id")
		s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": user, "organization_id": p.client, "role_id": role})
		s.Admin(t, 201, "POST", "/v1/invitations", map[string]any{"email": fmt.Sprintf("invitee%02d@example.com", i), "organization_id": p.client,
			"role_ids": []string{"viewer"}})
		if i == 0 {
			p.roleID, p.userID = role, user
		}
	}
	return p
}

func TestAccListResources_queryEveryKind(t *testing.T) {
	t.Parallel()
	skipOnOpenTofu(t, "list resources or query command (Terraform 1.14 and later)")
	s := acctest.StartAPI(t)
	p := seedPartner(t, s)
	byEmail := queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(p.userID)})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: s.Config(`# nothing managed yet`)},
			{
				Query: true,
				// The provider block stays in the configuration of the step before.
				Config: fmt.Sprintf(`
list "portal_organization" "clients" {
  provider = portal
  config {
    parent_id = %[1]q
    kind      = "client"
  }
}

list "portal_user" "users" {
  provider         = portal
  include_resource = true
  config {
    organization_id     = %[1]q
    include_descendants = true
  }
}

list "portal_role" "roles" {
  provider = portal
  config {
    organization_id = %[1]q
  }
}

list "portal_role_assignment" "grants" {
  provider = portal
  config {
    organization_id = %[2]q
  }
}

list "portal_invitation" "pending" {
  provider = portal
  config {
    organization_id = %[2]q
    status          = "pending"
  }
}
`, p.partner, p.client),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("portal_organization.clients", pageOverflow),
					querycheck.ExpectLength("portal_user.users", pageOverflow),
					querycheck.ExpectLength("portal_role.roles", pageOverflow),
					querycheck.ExpectLength("portal_role_assignment.grants", pageOverflow),
					querycheck.ExpectLength("portal_invitation.pending", pageOverflow),
					querycheck.ExpectIdentity("portal_role.roles", map[string]knownvalue.Check{"id": knownvalue.StringExact(p.roleID)}),
					querycheck.ExpectResourceDisplayName("portal_user.users", byEmail, knownvalue.StringExact("adopted00@example.com")),
					querycheck.ExpectResourceKnownValues("portal_user.users", byEmail, []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("email"), KnownValue: knownvalue.StringExact("adopted00@example.com")},
						{Path: tfjsonpath.New("organization_id"), KnownValue: knownvalue.StringExact(p.client)},
						{Path: tfjsonpath.New("send_invitation"), KnownValue: knownvalue.Bool(true)},
					}),
				},
			},
		},
	})
}

// TestAccListResources_generateConfigAdoptsAPortal is the adoption guide end
// to end with the real CLI: terraform query -generate-config-out over a whole
// partner tree, then apply imports everything and changes nothing, and the
// next plan is empty.
func TestAccListResources_generateConfigAdoptsAPortal(t *testing.T) {
	t.Parallel()
	skipOnOpenTofu(t, "list resources or query command (Terraform 1.14 and later)")
	if !terraformAtLeast(t, "1.14.0") {
		t.Skip("terraform query needs Terraform 1.14 or later: set TF_ACC_TERRAFORM_PATH (make test does, from ../shared/tools)")
	}
	s := acctest.StartAPI(t)
	p := seedPartner(t, s)
	cli := newTerraformCLI(t, requirePortal+s.ProviderBlock())
	query := fmt.Sprintf(`
list "portal_organization" "partner" {
  provider         = portal
  include_resource = true
  config {
    parent_id = %[3]q
    name      = "Adopted MSP"
  }
}

list "portal_organization" "clients" {
  provider         = portal
  include_resource = true
  config {
    parent_id = %[1]q
  }
}

list "portal_user" "all" {
  provider         = portal
  include_resource = true
  config {
    organization_id     = %[1]q
    include_descendants = true
  }
}

list "portal_role" "all" {
  provider         = portal
  include_resource = true
  config {
    organization_id = %[1]q
  }
}

list "portal_role_assignment" "all" {
  provider         = portal
  include_resource = true
  config {
    organization_id = %[2]q
  }
}

list "portal_invitation" "all" {
  provider         = portal
  include_resource = true
  config {
    organization_id = %[2]q
  }
}
`, p.partner, p.client, s.RootID)
	if err := os.WriteFile(filepath.Join(cli.dir, "adopt.tfquery.hcl"), []byte(query), 0o600); err != nil {
		t.Fatal(err)
	}
	cli.run("query", "-generate-config-out=generated.tf")
	generated, err := os.ReadFile(filepath.Join(cli.dir, "generated.tf"))
	if err != nil {
		t.Fatalf("no generated configuration: %v\n%s", err, cli.output())
	}
	if !strings.Contains(string(generated), "import {") {
		t.Fatalf("generated configuration has no import blocks:\n%s", tail(string(generated), 2000))
	}
	want := 1 + pageOverflow + 4*pageOverflow // partner and clients, users, roles, grants, invitations
	cli.run("apply", "-auto-approve")
	if out := cli.output(); !strings.Contains(out, fmt.Sprintf("%d imported, 0 added, 0 changed, 0 destroyed", want)) {
		t.Fatalf("apply of the generated configuration did not only import %d objects:\n%s", want, tail(out, 3000))
	}
	if code := cli.exitCode("plan", "-detailed-exitcode"); code != 0 {
		t.Fatalf("plan after adoption is not empty (exit %d):\n%s", code, tail(cli.output(), 3000))
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// terraformAtLeast reports whether the Terraform the acceptance tests run is min or newer.
func terraformAtLeast(t *testing.T, minimum string) bool {
	t.Helper()
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		path = "terraform"
	}
	out, err := exec.Command(path, "version", "-json").Output()
	if err != nil {
		t.Fatalf("terraform version: %v", err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("terraform version: %v", err)
	}
	return version.Must(version.NewVersion(v.Version)).GreaterThanOrEqual(version.Must(version.NewVersion(minimum)))
}
