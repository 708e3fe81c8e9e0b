package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/mspportal/terraform-provider-portal/internal/client"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// referenceAPIToken is the administrator token of the API that the
// Terraform figures run against (bootstrap tokens take 32 characters or more).
const referenceAPIToken = "ptk_portal-bench-bootstrap-token-0123456789"

// startReferenceAPI runs bin (portal-api) on a fresh SQLite database in dir,
// at its default settings plus args, and waits until it listens.
func startReferenceAPI(ctx context.Context, bin, dir, name string, args ...string) (*server, error) {
	addrFile := filepath.Join(dir, name+".addr")
	return startServer(ctx, addrFile, []string{"PORTAL_BOOTSTRAP_TOKEN=" + referenceAPIToken}, bin,
		append([]string{"serve", "-addr", "127.0.0.1:0", "-addr-file", addrFile, "-db", filepath.Join(dir, name+".db")}, args...)...)
}

// clientOrganization creates a client organization under the root one, to
// home the users in.
func clientOrganization(ctx context.Context, api *server) (string, error) {
	c, err := client.New(client.Config{Endpoint: api.base, Token: referenceAPIToken, UserAgent: "portal-bench"})
	if err != nil {
		return "", err
	}
	me, err := c.Identity(ctx)
	if err != nil {
		return "", fmt.Errorf("read the root organization: %w", err)
	}
	org, err := c.CreateOrganization(ctx, wire.OrganizationCreate{Name: "Bench Client", Kind: "client", ParentID: me.OrganizationID})
	if err != nil {
		return "", fmt.Errorf("create an organization: %w", err)
	}
	return org.ID, nil
}
