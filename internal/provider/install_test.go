package provider_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// TestMakeInstall_terraformInitFindsProviderInImplicitLocalMirror runs `make
// install` with HOME in a temporary directory, then a plain `terraform init`
// there: with no CLI configuration and no dev_overrides, Terraform must
// install mspportal/portal from its implicit local mirror
// (~/.terraform.d/plugins), at the version the Makefile installs, which is
// the one CHANGELOG.md is preparing.
func TestMakeInstall_terraformInitFindsProviderInImplicitLocalMirror(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: builds the provider and runs terraform init")
	}
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		var err error
		if tf, err = exec.LookPath("terraform"); err != nil {
			t.Skip("terraform is not on PATH (nor TF_ACC_TERRAFORM_PATH set): the make install check needs it")
		}
	}
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not on PATH: the make install check needs it")
	}
	version := changelogVersion(t)

	home := t.TempDir()
	env := installEnv(t, home)
	install := exec.CommandContext(t.Context(), "make", "--no-print-directory", "install")
	install.Dir = repoRoot // the Makefile's directory
	install.Env = env
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("make install: %v\n%s", err, out)
	}

	mirror := filepath.Join(home, ".terraform.d", "plugins", "registry.terraform.io", "mspportal", "portal")
	versions, err := os.ReadDir(mirror)
	if err != nil {
		t.Fatalf("make install put nothing in Terraform's implicit local mirror %s: %v", mirror, err)
	}
	if len(versions) != 1 || versions[0].Name() != version {
		t.Fatalf("make install should install exactly version %s, the one CHANGELOG.md prepares, into %s; found %v "+
			"(keep VERSION in GNUmakefile in step with CHANGELOG.md's first section)", version, mirror, names(versions))
	}
	platform := goEnv(t, "GOOS") + "_" + goEnv(t, "GOARCH")
	binary := filepath.Join(mirror, version, platform, "terraform-provider-portal_v"+version)
	if fi, err := os.Stat(binary); err != nil || fi.Mode()&0o111 == 0 {
		t.Fatalf("make install should leave an executable %s: %v", binary, err)
	}
	if _, err := os.Stat(filepath.Join(home, "bin", "portal-api")); err != nil {
		t.Errorf("make install should install portal-api into GOBIN: %v", err)
	}

	dir := filepath.Join(home, "project")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// OpenTofu reads "mspportal/portal" as registry.opentofu.org/mspportal/portal;
	// it searches the same implicit mirror, and finds what make install put
	// there when the configuration names the registry.terraform.io address.
	source := "mspportal/portal"
	if _, ok := acctest.OpenTofu(); ok {
		source = "registry.terraform.io/mspportal/portal"
	}
	config := `terraform {
  required_providers {
    portal = {
      source  = "` + source + `"
      version = "` + version + `"
    }
  }
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	terraform := func(args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), tf, append([]string{"-chdir=" + dir}, append(args, "-no-color")...)...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}

	initOut := terraform("init", "-input=false")
	if !strings.Contains(initOut, "Installed "+source+" v"+version) {
		t.Errorf("terraform init should install %s v%s from the local mirror; it said:\n%s", source, version, initOut)
	}
	if strings.Contains(initOut, "dev_overrides") || strings.Contains(initOut, "development overrides") {
		t.Errorf("terraform init should not need dev_overrides; it said:\n%s", initOut)
	}
	// Terraform links a provider from an unpacked local mirror instead of copying it.
	installed := filepath.Join(dir, ".terraform", "providers", "registry.terraform.io", "mspportal", "portal", version, platform)
	if target, err := filepath.EvalSymlinks(installed); err != nil || target != filepath.Dir(mustEvalSymlinks(t, binary)) {
		t.Errorf("terraform init should take the provider from %s; %s resolves to %q (%v)", filepath.Dir(binary), installed, target, err)
	}
	if providers := terraform("providers"); !strings.Contains(providers, "provider[registry.terraform.io/mspportal/portal] "+version) {
		t.Errorf("terraform providers should list mspportal/portal %s; it said:\n%s", version, providers)
	}
	// validate starts the provider and reads its schema: the binary runs.
	terraform("validate")
}

// changelogVersion is the version of CHANGELOG.md's first section: the one
// being prepared, which make install builds by default.
// repoRoot is the repository's top, seen from this package.
const repoRoot = "../.."

func changelogVersion(t *testing.T) string {
	t.Helper()
	changelog, err := os.ReadFile(filepath.Join(repoRoot, "CHANGELOG.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^## (\d+\.\d+\.\d+)`).FindSubmatch(changelog)
	if m == nil {
		t.Fatal(`CHANGELOG.md has no "## X.Y.Z" section`)
	}
	return string(m[1])
}

// installEnv runs make and terraform as if HOME were home, with no CLI
// configuration and no inherited make or Terraform settings, while Go keeps
// the real build cache, module cache and settings (so nothing is rebuilt or
// downloaded) and installs commands into home/bin.
func installEnv(t *testing.T, home string) []string {
	t.Helper()
	pinned := map[string]string{}
	for _, k := range []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOENV"} {
		pinned[k] = goEnv(t, k)
	}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case k == "HOME", k == "GOBIN", k == "VERSION", k == "TF_PLUGINS_DIR", k == "XDG_DATA_HOME",
			k == "MAKEFLAGS", k == "MFLAGS", k == "MAKELEVEL", strings.HasPrefix(k, "TF_"), pinned[k] != "":
		default:
			env = append(env, kv)
		}
	}
	env = append(env, "HOME="+home, "GOBIN="+filepath.Join(home, "bin"), "CHECKPOINT_DISABLE=1")
	for k, v := range pinned {
		env = append(env, k+"="+v)
	}
	return env
}

func goEnv(t *testing.T, key string) string {
	t.Helper()
	out, err := exec.CommandContext(t.Context(), "go", "env", key).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", key, err)
	}
	return string(bytes.TrimSpace(out))
}

func mustEvalSymlinks(t *testing.T, path string) string {
	t.Helper()
	p, err := filepath.EvalSymlinks(path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func names(entries []os.DirEntry) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.Name()
	}
	return out
}
