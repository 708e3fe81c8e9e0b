package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// An authoritative membership leaves time-bound grants alone: they are made
// and ended elsewhere (a portal_role_assignment with expires_at, an
// invitation's access_expires_at, a partner's own pipeline), and removing
// them on every apply is what users of other providers' bindings ask to
// avoid. They are reported, never members.

var timeBoundGrantType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"assignment_id": types.StringType, "user_id": types.StringType, "expires_at": timetypes.RFC3339Type{}, "status": types.StringType,
}}

func timeBoundGrantsAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed:      true,
		PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
		MarkdownDescription: "The time-bound grants of the role made directly on the organization, ordered by user: left alone by " +
			"this resource (never members, never removed, never a difference). Refreshed when Terraform reads the resource.",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"assignment_id": schema.StringAttribute{Computed: true, MarkdownDescription: "Identifier of the role assignment."},
			"user_id":       schema.StringAttribute{Computed: true, MarkdownDescription: "The user or service account holding it."},
			"expires_at":    timestampResourceAttribute("When the grant ends (RFC 3339)."),
			"status":        schema.StringAttribute{Computed: true, MarkdownDescription: "`active`, or `expired` once it has ended."},
		}},
	}
}

// splitTimeBound separates the grants that never end (the members, by user)
// from the time-bound ones, ordered by user.
func splitTimeBound(grants map[string]wire.RoleAssignment) (map[string]wire.RoleAssignment, []wire.RoleAssignment) {
	members := make(map[string]wire.RoleAssignment, len(grants))
	var timeBound []wire.RoleAssignment
	for _, u := range sortedKeys(grants) {
		if g := grants[u]; g.ExpiresAt != nil {
			timeBound = append(timeBound, g)
		} else {
			members[u] = g
		}
	}
	return members, timeBound
}

func timeBoundGrants(grants []wire.RoleAssignment) types.List {
	elems := make([]attr.Value, 0, len(grants))
	for _, g := range grants {
		elems = append(elems, types.ObjectValueMust(timeBoundGrantType.AttrTypes, map[string]attr.Value{
			"assignment_id": types.StringValue(g.ID), "user_id": types.StringValue(g.UserID),
			"expires_at": timetypes.NewRFC3339TimePointerValue(g.ExpiresAt), "status": types.StringValue(string(g.Status)),
		}))
	}
	return types.ListValueMust(timeBoundGrantType, elems)
}

// refuseTimeBound reports the users of want who hold the role through a
// time-bound grant: the one grant a user may hold there cannot be both
// left alone and made a membership.
func refuseTimeBound(diags *diag.Diagnostics, op, org, role string, want []string, timeBound []wire.RoleAssignment) bool {
	var clash []string
	for _, g := range timeBound {
		for _, u := range want {
			if u == g.UserID {
				clash = append(clash, fmt.Sprintf("%s (assignment %s, ends %s)", u, g.ID, g.ExpiresAt.UTC().Format("2006-01-02T15:04:05Z")))
			}
		}
	}
	if len(clash) == 0 {
		return false
	}
	diags.AddAttributeError(path.Root("user_ids"), "Unable to "+op+" "+roleMembersObject, fmt.Sprintf(
		"Role %s on organization %s is held through a time-bound grant by %s, which %s leaves alone. Remove them from user_ids "+
			"while the grant lasts, or remove its expires_at (on its portal_role_assignment, or with a PATCH) to make it a membership.",
		role, org, strings.Join(clash, ", "), roleMembersType))
	return true
}
