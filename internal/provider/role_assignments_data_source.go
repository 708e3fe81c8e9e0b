package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

var _ datasource.DataSourceWithConfigure = (*roleAssignmentsDataSource)(nil)

type roleAssignmentsDataSource struct{ dataSourceBase }

func newRoleAssignmentsDataSource() datasource.DataSource { return &roleAssignmentsDataSource{} }

type assignmentDataModel struct {
	ID             types.String      `tfsdk:"id"`
	UserID         types.String      `tfsdk:"user_id"`
	OrganizationID types.String      `tfsdk:"organization_id"`
	RoleID         types.String      `tfsdk:"role_id"`
	InvitationID   types.String      `tfsdk:"invitation_id"`
	ExpiresAt      timetypes.RFC3339 `tfsdk:"expires_at"`
	Status         types.String      `tfsdk:"status"`
	CreatedAt      timetypes.RFC3339 `tfsdk:"created_at"`
}

type roleAssignmentsModel struct {
	UserID         types.String          `tfsdk:"user_id"`
	OrganizationID types.String          `tfsdk:"organization_id"`
	RoleID         types.String          `tfsdk:"role_id"`
	Status         types.String          `tfsdk:"status"`
	Assignments    []assignmentDataModel `tfsdk:"role_assignments"`
}

func (d *roleAssignmentsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_role_assignments"
}

func (d *roleAssignmentsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists role assignments visible to the provider's token, filtered by user, organization or role. Every page of " +
			"the API is read.",
		Attributes: map[string]schema.Attribute{
			"user_id": schema.StringAttribute{Optional: true, MarkdownDescription: "Only the assignments of this user."},
			"organization_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only the assignments made directly on this organization.",
			},
			"role_id": schema.StringAttribute{Optional: true, MarkdownDescription: "Only the assignments of this role."},
			"status": schema.StringAttribute{Optional: true, MarkdownDescription: "Only grants in force (`active`) or past their end " +
				"(`expired`).", Validators: []validator.String{stringvalidator.OneOf(wire.AssignmentStatus("").Values()...)}},
			"role_assignments": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The matching assignments, ordered by id.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":              computedDataString("Identifier of the assignment."),
					"user_id":         computedDataString("The user holding the role."),
					"organization_id": computedDataString("Where the role applies (and below)."),
					"role_id":         computedDataString("The role granted."),
					"invitation_id":   computedDataString("The invitation that created the assignment, if any."),
					"expires_at":      timestampDataAttribute("When the grant ends (RFC 3339); null when it never ends."),
					"status":          computedDataString("`active`, or `expired` once `expires_at` has passed."),
					"created_at":      timestampDataAttribute("When the grant was made (RFC 3339)."),
				}}},
		},
	}
}

func (d *roleAssignmentsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m roleAssignmentsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	list, err := d.client.ListRoleAssignments(ctx, wire.RoleAssignmentQuery{
		UserID: m.UserID.ValueString(), OrganizationID: m.OrganizationID.ValueString(), RoleID: m.RoleID.ValueString(),
		Status: wire.AssignmentStatus(m.Status.ValueString())})
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "list", "portal role assignments", "", "", err)
		return
	}
	m.Assignments = make([]assignmentDataModel, 0, len(list))
	for _, a := range list {
		m.Assignments = append(m.Assignments, assignmentDataModel{ID: types.StringValue(a.ID), UserID: types.StringValue(a.UserID),
			OrganizationID: types.StringValue(a.OrganizationID), RoleID: types.StringValue(a.RoleID),
			InvitationID: types.StringPointerValue(a.InvitationID), ExpiresAt: timetypes.NewRFC3339TimePointerValue(a.ExpiresAt),
			Status: types.StringValue(string(a.Status)), CreatedAt: timetypes.NewRFC3339TimeValue(a.CreatedAt)})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
