package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/client"
)

// referenceAPIToken is the administrator token of the API that the
// Terraform figures run against (bootstrap tokens take 32 characters or more).
const referenceAPIToken = "ptk_portal-bench-bootstrap-token-0123456789"

// referenceAPI is a portal-api process on loopback, at its default settings.
type referenceAPI struct {
	url    string
	cmd    *exec.Cmd
	exited chan struct{}
	err    error // how the process ended, once exited is closed
}

// startReferenceAPI runs bin (portal-api) on a fresh SQLite database in dir,
// logging to dir/api.log, and waits until it listens.
func startReferenceAPI(ctx context.Context, bin, dir string) (*referenceAPI, error) {
	logFile, err := os.Create(filepath.Join(dir, "api.log"))
	if err != nil {
		return nil, err
	}
	defer func() { _ = logFile.Close() }() // the child has its own copy
	addrFile := filepath.Join(dir, "api.addr")
	cmd := exec.CommandContext(ctx, bin, "serve", "-addr", "127.0.0.1:0", "-addr-file", addrFile, "-db", filepath.Join(dir, "tf.db"))
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.Env = append(os.Environ(), "PORTAL_BOOTSTRAP_TOKEN="+referenceAPIToken)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	a := &referenceAPI{cmd: cmd, exited: make(chan struct{})}
	go func() {
		a.err = cmd.Wait()
		close(a.exited)
	}()
	deadline := time.Now().Add(time.Minute)
	for {
		if addr, err := os.ReadFile(addrFile); err == nil && len(addr) > 0 {
			a.url = "http://" + strings.TrimSpace(string(addr))
			return a, nil
		}
		select {
		case <-a.exited:
			return nil, fmt.Errorf("portal-api exited before it listened: %w; see %s", cmp.Or(a.err, errors.New("exit status 0")), logFile.Name())
		case <-ctx.Done():
			_ = a.stop()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			_ = a.stop()
			return nil, fmt.Errorf("portal-api did not listen within a minute; see %s", logFile.Name())
		}
	}
}

// clientOrganization creates a client organization under the root one, to
// home the users in.
func (a *referenceAPI) clientOrganization(ctx context.Context) (string, error) {
	c, err := client.New(client.Config{Endpoint: a.url, Token: referenceAPIToken, UserAgent: "portal-bench"})
	if err != nil {
		return "", err
	}
	me, err := c.Identity(ctx)
	if err != nil {
		return "", fmt.Errorf("read the root organization: %w", err)
	}
	org, err := c.CreateOrganization(ctx, client.OrganizationCreate{Name: "Bench Client", Kind: "client", ParentID: me.OrganizationID})
	if err != nil {
		return "", fmt.Errorf("create an organization: %w", err)
	}
	return org.ID, nil
}

// stop ends the process gracefully, or kills it after ten seconds.
func (a *referenceAPI) stop() error {
	_ = a.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-a.exited:
	case <-time.After(10 * time.Second):
		_ = a.cmd.Process.Kill()
		<-a.exited
	}
	var exit *exec.ExitError
	if errors.As(a.err, &exit) && !exit.Exited() { // killed by a signal
		return nil
	}
	return a.err
}
