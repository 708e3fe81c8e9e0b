package provider_test

import (
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// onboardingModule is the module that TestModuleClientOnboarding tests, and
// onboardingApplyFile its one test file that needs a real API.
const (
	onboardingModule    = "../../examples/modules/client-onboarding"
	onboardingApplyFile = "tests/apply.tftest.hcl"
)

// TestModuleClientOnboarding runs terraform test in a copy of the
// client-onboarding module, as its users do: the files with a mock provider
// first, with no API and no credentials in the environment, then
// tests/apply.tftest.hcl against an API started here. terraform test
// destroys what the runs made; the API must then hold the client
// organization, which lifecycle { destroy = false } only forgets, and nothing
// else the module made.
//
// It needs Terraform 1.16 or later, for the module uses destroy = false, and
// skips on older cores: make test runs it once, in the suite's run on the
// newest core (bin/terraform-1.16), not in every run of the suite.
func TestModuleClientOnboarding(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	requireTerraform116(t)
	t.Parallel()
	cli := newTerraformCLI(t, "")
	copyTree(t, onboardingModule, cli.dir) // the module's main.tf replaces the empty one
	cli.env = slices.DeleteFunc(cli.env, func(kv string) bool {
		return strings.HasPrefix(kv, "PORTAL_") || strings.HasPrefix(kv, "TF_VAR_")
	})
	// init installs tests/pipeline, the module the apply file signs in with;
	// the provider comes from the dev override.
	cli.run("init", "-input=false")

	mocks, err := filepath.Glob(filepath.Join(cli.dir, "tests", "*.tftest.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	var filters []string
	for _, f := range mocks {
		if rel, _ := filepath.Rel(cli.dir, f); rel != onboardingApplyFile {
			filters = append(filters, "-filter="+rel)
		}
	}
	if len(filters) == 0 {
		t.Fatal("the module has no test files with a mock provider")
	}
	cli.run(append([]string{"test"}, filters...)...)
	expectTestsPassed(t, cli.output(), "the mock test files")

	s := acctest.StartAPI(t)
	partner := s.Org(t, "Northwind MSP", "partner", s.RootID)
	technician, _ := s.UserWithToken(t, partner, "", "terry@northwind.example")
	cli.out.Reset()
	cli.env = append(cli.env, "PORTAL_ENDPOINT="+s.URL, "PORTAL_TOKEN="+acctest.BootstrapToken,
		"TF_VAR_partner_id="+partner, "TF_VAR_technician_id="+technician)
	cli.run("test", "-filter="+onboardingApplyFile)
	expectTestsPassed(t, cli.output(), onboardingApplyFile)

	// After terraform test's destroy: the organization stays, with nothing
	// of what the module made in it, and the technician's grant is gone.
	q := url.Values{"parent_id": {partner}, "name": {"Onboarding Test Client"}}
	orgs := listItems(t, s, "/v1/organizations?"+q.Encode())
	if len(orgs) != 1 {
		t.Fatalf("the client organization must outlive the state (lifecycle destroy = false): found %d", len(orgs))
	}
	org := orgs[0]["id"].(string)
	for _, path := range []string{
		"/v1/users?organization_id=" + org,
		"/v1/service-accounts?organization_id=" + org,
		"/v1/roles?builtin=false&organization_id=" + org,
		"/v1/invitations?status=pending&organization_id=" + org,
		"/v1/role-assignments?organization_id=" + org,
		"/v1/role-assignments?user_id=" + technician,
	} {
		if left := listItems(t, s, path); len(left) != 0 {
			t.Errorf("after destroy, GET %s still lists %d objects the module made: %v", path, len(left), left)
		}
	}
}

// requireTerraform116 skips, saying why, unless the CLI the tests drive is
// Terraform 1.16 or later.
func requireTerraform116(t *testing.T) {
	t.Helper()
	cmd := exec.Command(acctest.CLIPath(), "version", "-json")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("no Terraform to run (%s: %v): the module's terraform test needs Terraform 1.16 or later; "+
			"set TF_ACC_TERRAFORM_PATH (make test does, from ../shared/tools)", acctest.CLIPath(), err)
	}
	if v, ok := acctest.OpenTofu(); ok {
		t.Skipf("skipped on %s: the module requires Terraform 1.16 or later", v)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("terraform version -json: %v\n%s", err, out)
	}
	got, err := version.NewVersion(v.Version)
	if err != nil {
		t.Fatalf("terraform version -json: %v", err)
	}
	if got.LessThan(version.Must(version.NewVersion("1.16.0"))) {
		t.Skipf("Terraform %s: the module needs 1.16 or later (lifecycle destroy = false); "+
			"make test runs it on bin/terraform-1.16 from ../shared/tools", got)
	}
}

// expectTestsPassed fails unless terraform test's summary reports passes and
// no failure.
func expectTestsPassed(t *testing.T, out, what string) {
	t.Helper()
	if !strings.Contains(out, "Success!") || !strings.Contains(out, " passed, 0 failed") {
		t.Fatalf("terraform test of %s did not pass:\n%s", what, out)
	}
	if strings.Contains(out, "skipped") {
		t.Fatalf("terraform test of %s skipped runs:\n%s", what, out)
	}
	for line := range strings.Lines(out) {
		if strings.HasPrefix(line, "Success!") {
			t.Logf("terraform test of %s: %s", what, strings.TrimSpace(line))
		}
	}
}

// listItems lists the objects of an API list as its administrator.
func listItems(t *testing.T, s *acctest.Server, path string) []map[string]any {
	t.Helper()
	var page struct {
		Items []map[string]any `json:"items"`
	}
	mustJSON(t, s.Admin(t, 200, "GET", path, nil).Body, &page)
	return page.Items
}

// copyTree copies the files under src into dst, leaving out what terraform
// init or a local run left there.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			if d.Name() == ".terraform" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if d.Name() == ".terraform.lock.hcl" || strings.HasPrefix(d.Name(), "terraform.tfstate") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o600)
	})
	if err != nil {
		t.Fatalf("copy %s: %v", src, err)
	}
}
