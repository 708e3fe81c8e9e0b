package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

var _ list.ListResourceWithConfigure = (*roleAssignmentListResource)(nil)

type roleAssignmentListResource struct{ resourceBase }

func newRoleAssignmentListResource() list.ListResource { return &roleAssignmentListResource{} }

type roleAssignmentListFilters struct {
	UserID         types.String `tfsdk:"user_id"`
	OrganizationID types.String `tfsdk:"organization_id"`
	RoleID         types.String `tfsdk:"role_id"`
}

func (r *roleAssignmentListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_role_assignment"
}

func (r *roleAssignmentListResource) ListResourceConfigSchema(
	_ context.Context,
	_ list.ListResourceSchemaRequest,
	resp *list.ListResourceSchemaResponse,
) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the role assignments visible to the provider's token, to adopt them with `terraform query`.",
		Attributes: map[string]schema.Attribute{
			"user_id":         schema.StringAttribute{Optional: true, MarkdownDescription: "Only assignments of this user."},
			"organization_id": schema.StringAttribute{Optional: true, MarkdownDescription: "Only assignments on this organization."},
			"role_id":         schema.StringAttribute{Optional: true, MarkdownDescription: "Only assignments of this role."},
		},
	}
}

func (r *roleAssignmentListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listObjects(ctx, req, stream, "portal role assignment",
		func(ctx context.Context, f roleAssignmentListFilters) ([]wire.RoleAssignment, error) {
			return r.client.ListRoleAssignments(ctx, wire.RoleAssignmentQuery{
				UserID: f.UserID.ValueString(), OrganizationID: f.OrganizationID.ValueString(), RoleID: f.RoleID.ValueString()})
		},
		func(a wire.RoleAssignment) string { return a.RoleID + " for " + a.UserID + " on " + a.OrganizationID },
		func(a wire.RoleAssignment) any {
			m := roleAssignmentModel{Timeouts: nullTimeouts()}
			m.fill(&a)
			return m
		})
}
