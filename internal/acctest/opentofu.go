package acctest

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// OpenTofuProviderHost is OpenTofu's default provider registry: OpenTofu reads
// an unqualified source ("portal", "mspportal/portal") as an address there.
const OpenTofuProviderHost = "registry.opentofu.org"

// CLIPath is the CLI the acceptance tests drive, as terraform-plugin-testing
// chooses it: TF_ACC_TERRAFORM_PATH, else terraform on PATH.
func CLIPath() string {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	return "terraform"
}

var cliFlavour struct {
	once     sync.Once
	version  string // "OpenTofu v1.12.6"
	openTofu bool
}

// OpenTofu reports whether the CLI the tests drive is OpenTofu, with the line
// of its version output that names it ("OpenTofu v1.12.6"). A CLI that cannot
// be run is not OpenTofu: the tests that need it skip or fail on their own.
func OpenTofu() (string, bool) {
	cliFlavour.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, CLIPath(), "version")
		cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
		out, err := cmd.Output()
		if err != nil {
			return
		}
		// OpenTofu may print warnings about its CLI configuration first.
		for line := range strings.Lines(string(out)) {
			if line = strings.TrimSpace(line); strings.HasPrefix(line, "OpenTofu v") {
				cliFlavour.version, cliFlavour.openTofu = line, true
				return
			}
		}
	})
	return cliFlavour.version, cliFlavour.openTofu
}

// prepareForOpenTofu sets up the environment for the CLI the tests drive when
// it is OpenTofu.
//
// terraform-plugin-testing serves the provider in-process and hands the CLI its
// address in TF_REATTACH_PROVIDERS: registry.terraform.io/hashicorp/portal
// unless TF_ACC_PROVIDER_HOST says otherwise. OpenTofu reads the
// configurations' `provider "portal"` as registry.opentofu.org/hashicorp/portal,
// would not match the reattached provider and would try to download one, so
// the host becomes OpenTofu's (an explicit TF_ACC_PROVIDER_HOST wins).
//
// A TF_CLI_CONFIG_FILE that names no file is dropped: Terraform ignores it,
// OpenTofu prints a warning on standard output, before the JSON that the test
// framework reads from it.
func prepareForOpenTofu() {
	if os.Getenv("TF_ACC") == "" {
		return
	}
	if _, ok := OpenTofu(); !ok {
		return
	}
	if os.Getenv("TF_ACC_PROVIDER_HOST") == "" {
		_ = os.Setenv("TF_ACC_PROVIDER_HOST", OpenTofuProviderHost)
	}
	if rc := os.Getenv("TF_CLI_CONFIG_FILE"); rc != "" {
		if _, err := os.Stat(rc); err != nil {
			_ = os.Unsetenv("TF_CLI_CONFIG_FILE")
		}
	}
}
