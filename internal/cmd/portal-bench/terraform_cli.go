package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// tfDir is a Terraform working directory with its configuration and the
// environment its runs see.
type tfDir struct {
	terraform string
	dir       string
	env       []string
}

// newTFDir writes config to dir/main.tf. The runs see none of the caller's
// TF_* or PORTAL_* variables (no TF_LOG, no TF_CLI_ARGS): only rc as the
// CLI configuration, TF_IN_AUTOMATION, CHECKPOINT_DISABLE and extra.
func newTFDir(terraform, dir, rc, config string, extra ...string) (*tfDir, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		return nil, err
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_") && !strings.HasPrefix(kv, "PORTAL_") && !strings.HasPrefix(kv, "CHECKPOINT_") {
			env = append(env, kv)
		}
	}
	env = append(env, "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	return &tfDir{terraform: terraform, dir: dir, env: append(env, extra...)}, nil
}

// tfRun is one finished terraform command.
type tfRun struct {
	output string        // stdout and stderr
	took   time.Duration // wall time from start to exit
	rss    int64         // highest peak RSS of a plugin named as asked, in bytes
}

// run runs terraform with args and -no-color, failing unless it exits 0.
// With plugin set it also watches the peak RSS of the plugins of that
// executable name.
func (d *tfDir) run(ctx context.Context, plugin string, args ...string) (tfRun, error) {
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, d.terraform, append(append([]string{"-chdir=" + d.dir}, args...), "-no-color")...)
	cmd.Env = d.env
	cmd.Stdout, cmd.Stderr = &out, &out
	// Interrupted, Terraform stops its plugins and writes its state.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = time.Minute
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return tfRun{}, err
	}
	stopWatch := func() int64 { return 0 }
	if plugin != "" {
		stopWatch = watchPluginRSS(cmd.Process.Pid, plugin)
	}
	err := cmd.Wait()
	r := tfRun{took: time.Since(start), rss: stopWatch(), output: out.String()}
	if err != nil {
		return r, fmt.Errorf("terraform %s in %s: %w\n%s", args[0], d.dir, err, tail(r.output, 40))
	}
	return r, nil
}

// expect runs terraform like run and fails unless the output holds want.
func (d *tfDir) expect(ctx context.Context, want, plugin string, args ...string) (tfRun, error) {
	r, err := d.run(ctx, plugin, args...)
	if err == nil && !strings.Contains(r.output, want) {
		err = fmt.Errorf("terraform %s in %s did not say %q:\n%s", args[0], d.dir, want, tail(r.output, 40))
	}
	return r, err
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
