package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/mspportal/terraform-provider-portal/internal/client"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// Import ids: besides an object's id, each resource accepts the natural key
// people know it by. Each resolver turns a key into exactly one id, or says
// what it found and how to import instead.

// keyParts splits a key made of n parts joined by "/"; ok is false for
// anything else, which is then taken as an object id.
func keyParts(key string, n int) ([]string, bool) {
	parts := strings.Split(key, "/")
	if len(parts) != n {
		return nil, false
	}
	for _, p := range parts {
		if p == "" {
			return nil, false
		}
	}
	return parts, true
}

// oneMatch picks the single id a natural key found.
func oneMatch(object, key, hint string, ids []string, err error) (string, diag.Diagnostics) {
	var diags diag.Diagnostics
	switch {
	case err != nil:
		diags.AddError("Unable to import "+object, fmt.Sprintf("Looking up %q failed: %s", key, reason(err)))
	case len(ids) == 0:
		diags.AddError(
			"Unable to import "+object,
			fmt.Sprintf("No %s matches %q among the objects the provider's token can see. %s", object, key, hint),
		)
	case len(ids) > 1:
		diags.AddError(
			"Unable to import "+object,
			fmt.Sprintf("%q matches %d objects (%s); import one of them by id.", key, len(ids), strings.Join(ids, ", ")),
		)
	default:
		return ids[0], nil
	}
	return "", diags
}

func ids[T interface{ ObjectID() string }](objs []T) []string {
	out := make([]string, 0, len(objs))
	for _, o := range objs {
		out = append(out, o.ObjectID())
	}
	return out
}

// organizationImportKey takes an id, "external_id=<key>" or "<parent id>/<name>".
func organizationImportKey(c *client.Client) func(context.Context, string) (string, diag.Diagnostics) {
	return func(ctx context.Context, key string) (string, diag.Diagnostics) {
		const hint = `Import by id, by "external_id=<key>", or by "<parent id>/<name>".`
		if ext, ok := strings.CutPrefix(key, "external_id="); ok {
			orgs, err := c.ListOrganizations(ctx, wire.OrganizationQuery{ExternalID: ext})
			return oneMatch("portal organization", key, hint, ids(orgs), err)
		}
		if p, ok := keyParts(key, 2); ok {
			orgs, err := c.ListOrganizations(ctx, wire.OrganizationQuery{ParentID: p[0], Name: p[1]})
			return oneMatch("portal organization", key, hint, ids(orgs), err)
		}
		return key, nil
	}
}

// userImportKey takes an id or an e-mail address (any case).
func userImportKey(c *client.Client) func(context.Context, string) (string, diag.Diagnostics) {
	return func(ctx context.Context, key string) (string, diag.Diagnostics) {
		if !strings.Contains(key, "@") {
			return key, nil
		}
		users, err := c.ListUsers(ctx, wire.UserQuery{Email: key})
		return oneMatch("portal user", key, "Check the address, or import by user id.", ids(users), err)
	}
}

// roleImportKey takes an id (built-in roles' ids are their names) or "<organization id>/<name>".
func roleImportKey(c *client.Client) func(context.Context, string) (string, diag.Diagnostics) {
	return func(ctx context.Context, key string) (string, diag.Diagnostics) {
		p, ok := keyParts(key, 2)
		if !ok {
			return key, nil
		}
		roles, err := c.ListRoles(ctx, wire.RoleQuery{OrganizationID: p[0], Name: p[1]})
		return oneMatch("portal role", key, `Import by id or by "<organization id>/<name>".`, ids(roles), err)
	}
}

// roleAssignmentImportKey takes an id or "<user id>/<organization id>/<role id>".
func roleAssignmentImportKey(c *client.Client) func(context.Context, string) (string, diag.Diagnostics) {
	return func(ctx context.Context, key string) (string, diag.Diagnostics) {
		p, ok := keyParts(key, 3)
		if !ok {
			return key, nil
		}
		as, err := c.ListRoleAssignments(ctx, wire.RoleAssignmentQuery{UserID: p[0], OrganizationID: p[1], RoleID: p[2]})
		return oneMatch("portal role assignment", key, `Import by id or by "<user id>/<organization id>/<role id>".`, ids(as), err)
	}
}

// invitationImportKey takes an id or "<e-mail>/<organization id>": the
// pending or expired invitation of that address, or else the accepted one.
func invitationImportKey(c *client.Client) func(context.Context, string) (string, diag.Diagnostics) {
	return func(ctx context.Context, key string) (string, diag.Diagnostics) {
		p, ok := keyParts(key, 2)
		if !ok || !strings.Contains(p[0], "@") {
			return key, nil
		}
		invs, err := c.ListInvitations(ctx, wire.InvitationQuery{OrganizationID: p[1], Email: p[0]})
		var open, accepted []string
		for _, inv := range invs {
			switch inv.Status {
			case "pending", "expired":
				open = append(open, inv.ID)
			case "accepted":
				accepted = append(accepted, inv.ID)
			}
		}
		if len(open) == 0 {
			open = accepted
		}
		return oneMatch("portal invitation", key, `Import by id or by "<e-mail>/<organization id>".`, open, err)
	}
}
