package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

const (
	modulePath = "github.com/mspportal/terraform-provider-portal"
	// providerBinary is the executable name Terraform looks for in a
	// dev_overrides directory of mspportal/portal.
	providerBinary = "terraform-provider-portal"
	// floorSchemaEnv names the schema file of portal-floor-provider (its
	// schemaEnv).
	floorSchemaEnv = "PORTAL_FLOOR_SCHEMA"
	// measuredResource is the resource type measured, and served by the floor.
	measuredResource = "portal_user"
)

// tfSetup is what the Terraform figures run with: CLI configuration files
// that resolve mspportal/portal to the provider, to the floor or to nothing,
// the floor's schema file, the API binary and the Terraform version.
type tfSetup struct {
	realRC, floorRC, plainRC string
	floorSchema, apiBin      string
	version                  string
}

// setUpTerraform builds the provider, the floor and the API into c.work,
// and hands the floor the provider's schema.
func setUpTerraform(ctx context.Context, c config) (tfSetup, error) {
	var s tfSetup
	realBin, floorBin := filepath.Join(c.work, "real"), filepath.Join(c.work, "floor")
	s.apiBin = filepath.Join(c.work, "portal-api")
	fmt.Fprintln(os.Stderr, "portal-bench: building the provider, the floor provider and the API")
	for _, b := range []struct {
		out, pkg string
		release  bool
	}{
		{filepath.Join(realBin, providerBinary), modulePath, true},
		{filepath.Join(floorBin, providerBinary), modulePath + "/internal/cmd/portal-floor-provider", true},
		{s.apiBin, modulePath + "/internal/cmd/portal-api", false},
	} {
		if err := goBuild(ctx, b.out, b.pkg, b.release); err != nil {
			return s, err
		}
	}
	s.realRC, s.floorRC, s.plainRC = filepath.Join(
		realBin,
		"terraformrc",
	), filepath.Join(
		floorBin,
		"terraformrc",
	), filepath.Join(
		c.work,
		"terraformrc",
	)
	for rc, dir := range map[string]string{s.realRC: realBin, s.floorRC: floorBin, s.plainRC: ""} {
		if err := writeCLIConfig(rc, dir); err != nil {
			return s, err
		}
	}
	var err error
	if s.version, err = terraformVersion(ctx, c.terraform, s.plainRC); err != nil {
		return s, err
	}
	s.floorSchema = filepath.Join(floorBin, "schema.json")
	return s, writeFloorSchema(ctx, c.terraform, filepath.Join(c.work, "tf-schema"), s.realRC, s.floorSchema)
}

// goBuild builds pkg into out. release builds as goreleaser does the
// published provider: no cgo, -trimpath, stripped.
func goBuild(ctx context.Context, out, pkg string, release bool) error {
	args := []string{"build", "-o", out}
	if release {
		args = append(args, "-trimpath", "-ldflags=-s -w")
	}
	cmd := exec.CommandContext(ctx, "go", append(args, pkg)...)
	if release {
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	}
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %w\n%s", pkg, err, msg)
	}
	return nil
}

// writeCLIConfig writes a CLI configuration file to path that makes
// mspportal/portal resolve to dir's terraform-provider-portal; with dir "",
// one that sets nothing.
func writeCLIConfig(path, dir string) error {
	rc := ""
	if dir != "" {
		rc = fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"mspportal/portal\" = %q\n  }\n  direct {}\n}\n", dir)
	}
	return os.WriteFile(path, []byte(rc), 0o600)
}

// terraformVersion reports the CLI's version, e.g. "1.15.9".
func terraformVersion(ctx context.Context, terraform, rc string) (string, error) {
	cmd := exec.CommandContext(ctx, terraform, "version", "-json")
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s version: %w", terraform, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil || v.Version == "" {
		return "", fmt.Errorf("%s version -json: unexpected output %q", terraform, out)
	}
	return v.Version, nil
}

// writeFloorSchema asks Terraform for the real provider's schema, in a
// directory whose CLI configuration rc points at it, and writes to out what
// portal-floor-provider serves: that provider's entry with the provider
// block and measuredResource's schema and identity (Terraform 1.12 and later
// report identities), exactly as Terraform reported them.
func writeFloorSchema(ctx context.Context, terraform, dir, rc, out string) error {
	d, err := newTFDir(terraform, dir, rc, requirePortal)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, terraform, "-chdir="+d.dir, "providers", "schema", "-json")
	cmd.Env = d.env
	raw, err := cmd.Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return fmt.Errorf("terraform providers schema: %w\n%s", err, exit.Stderr)
	}
	if err != nil {
		return fmt.Errorf("terraform providers schema: %w", err)
	}
	var all struct {
		Providers map[string]struct {
			Provider   json.RawMessage            `json:"provider"`
			Resources  map[string]json.RawMessage `json:"resource_schemas"`
			Identities map[string]json.RawMessage `json:"resource_identity_schemas"`
		} `json:"provider_schemas"`
	}
	if err := json.Unmarshal(raw, &all); err != nil {
		return fmt.Errorf("terraform providers schema: %w", err)
	}
	for addr, p := range all.Providers {
		if !strings.HasSuffix(addr, "/mspportal/portal") {
			continue
		}
		res, ok := p.Resources[measuredResource]
		if !ok {
			return fmt.Errorf("the provider's schema has no %s", measuredResource)
		}
		floor := map[string]any{
			"provider":         p.Provider,
			"resource_schemas": map[string]json.RawMessage{measuredResource: res},
		}
		if ident, ok := p.Identities[measuredResource]; ok {
			floor["resource_identity_schemas"] = map[string]json.RawMessage{measuredResource: ident}
		}
		b, err := json.Marshal(floor)
		if err != nil {
			return err
		}
		return os.WriteFile(out, b, 0o600)
	}
	return fmt.Errorf("terraform providers schema reported no mspportal/portal provider")
}

// requirePortal points a configuration at mspportal/portal.
const requirePortal = `terraform {
  required_providers {
    portal = { source = "mspportal/portal" }
  }
}
`

// usersConfig is the measured configuration: n portal users with the
// provider configured for endpoint and token.
func usersConfig(n int, endpoint, token, org string) string {
	return requirePortal + fmt.Sprintf(`
provider "portal" {
  endpoint = %q
  token    = %q
}

resource "portal_user" "u" {
  count           = %d
  email           = "user${count.index}@bench.example"
  first_name      = "Bench"
  last_name       = "User ${count.index}"
  organization_id = %q
  send_invitation = false
}
`, endpoint, token, n, org)
}

// dataConfig is n terraform_data resources: what Terraform alone costs.
func dataConfig(n int) string {
	return fmt.Sprintf(`resource "terraform_data" "u" {
  count = %d
  input = "user${count.index}@bench.example"
}
`, n)
}
