package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// accessEntryModel is the effective access at one organization; shared by
// the data sources that review access.
type accessEntryModel struct {
	OrganizationID types.String        `tfsdk:"organization_id"`
	Permissions    []types.String      `tfsdk:"permissions"`
	Via            []accessSourceModel `tfsdk:"via"`
}

type accessSourceModel struct {
	AssignmentID   types.String      `tfsdk:"assignment_id"`
	RoleID         types.String      `tfsdk:"role_id"`
	OrganizationID types.String      `tfsdk:"organization_id"`
	Inherited      types.Bool        `tfsdk:"inherited"`
	ExpiresAt      timetypes.RFC3339 `tfsdk:"expires_at"`
}

func accessEntries(in []wire.AccessEntry) []accessEntryModel {
	out := make([]accessEntryModel, 0, len(in))
	for _, e := range in {
		m := accessEntryModel{OrganizationID: types.StringValue(e.OrganizationID)}
		for _, p := range e.Permissions {
			m.Permissions = append(m.Permissions, types.StringValue(p))
		}
		for _, v := range e.Via {
			m.Via = append(m.Via, accessSourceModel{
				AssignmentID: types.StringValue(v.AssignmentID), RoleID: types.StringValue(v.RoleID),
				OrganizationID: types.StringValue(v.OrganizationID), Inherited: types.BoolValue(v.Inherited),
				ExpiresAt: timetypes.NewRFC3339TimePointerValue(v.ExpiresAt),
			})
		}
		out = append(out, m)
	}
	return out
}

func accessAttribute(description string) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed: true, MarkdownDescription: description,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"organization_id": schema.StringAttribute{Computed: true, MarkdownDescription: "An organization reached."},
			"permissions": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "Effective permissions there: the union of every assignment on it or above it."},
			"via": schema.ListNestedAttribute{
				Computed: true, MarkdownDescription: "The role assignments that grant access there.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"assignment_id":   schema.StringAttribute{Computed: true, MarkdownDescription: "Identifier of the role assignment."},
					"role_id":         schema.StringAttribute{Computed: true, MarkdownDescription: "Role granted by the assignment."},
					"organization_id": schema.StringAttribute{Computed: true, MarkdownDescription: "Organization the assignment is on."},
					"inherited": schema.BoolAttribute{Computed: true,
						MarkdownDescription: "`true` when the assignment is on an organization above this one and reaches it by inheritance."},
					"expires_at": timestampDataAttribute("When the assignment ends (RFC 3339); null when it never ends. An ended " +
						"assignment gives nothing and is not listed."),
				}},
			},
		}},
	}
}
