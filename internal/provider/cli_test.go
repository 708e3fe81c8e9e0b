package provider_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// requirePortal points a configuration run by terraformCLI at this provider.
const requirePortal = `
terraform {
  required_providers {
    portal = { source = "mspportal/portal" }
  }
}
`

// terraformCLI runs the terraform binary in a working directory against the
// provider binary built from this module.
type terraformCLI struct {
	t   testing.TB
	dir string
	env []string
	out bytes.Buffer
}

func newTerraformCLI(t testing.TB, config string) *terraformCLI {
	t.Helper()
	bin, dir := t.TempDir(), t.TempDir()
	build := exec.Command(
		"go",
		"build",
		"-o",
		filepath.Join(bin, "terraform-provider-portal"),
		"github.com/mspportal/terraform-provider-portal",
	)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build the provider: %v\n%s", err, out)
	}
	rc := filepath.Join(bin, "terraformrc")
	override := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"mspportal/portal\" = %q\n  }\n  direct {}\n}\n", bin)
	if err := os.WriteFile(rc, []byte(override), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	return &terraformCLI{t: t, dir: dir, env: env}
}

// command prepares terraform with args in its own process group, like a
// command started from a shell.
func (c *terraformCLI) command(args ...string) *exec.Cmd {
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		path = "terraform"
	}
	cmd := exec.Command(path, append([]string{"-chdir=" + c.dir}, append(args, "-no-color")...)...)
	cmd.Env = c.env
	cmd.Stdout, cmd.Stderr = &c.out, &c.out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	return cmd
}

func (c *terraformCLI) exitCode(args ...string) int {
	c.t.Helper()
	err := c.command(args...).Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return exit.ExitCode()
	default:
		c.t.Fatalf("terraform %s: %v", args[0], err)
		return -1
	}
}

func (c *terraformCLI) run(args ...string) {
	c.t.Helper()
	if code := c.exitCode(args...); code != 0 {
		c.t.Fatalf("terraform %s failed (exit %d):\n%s", args[0], code, c.output())
	}
}

func (c *terraformCLI) output() string { return c.out.String() }

// stateIDs returns the ids of the managed portal objects in the state.
func (c *terraformCLI) stateIDs() []string {
	c.t.Helper()
	cmd := c.command("show", "-json")
	var buf bytes.Buffer
	cmd.Stdout = &buf
	if err := cmd.Run(); err != nil {
		c.t.Fatalf("terraform show: %v\n%s", err, c.output())
	}
	var st struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Type   string         `json:"type"`
					Values map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal(buf.Bytes(), &st); err != nil {
		c.t.Fatalf("decode terraform show: %v\n%s", err, buf.String())
	}
	var ids []string
	for _, r := range st.Values.RootModule.Resources {
		if strings.HasPrefix(r.Type, "portal_") {
			ids = append(ids, r.Values["id"].(string))
		}
	}
	return ids
}
