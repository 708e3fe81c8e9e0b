package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

var _ list.ListResourceWithConfigure = (*roleListResource)(nil)

type roleListResource struct{ resourceBase }

func newRoleListResource() list.ListResource { return &roleListResource{} }

type roleListFilters struct {
	OrganizationID types.String `tfsdk:"organization_id"`
	Name           types.String `tfsdk:"name"`
}

func (r *roleListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_role"
}

func (r *roleListResource) ListResourceConfigSchema(
	_ context.Context,
	_ list.ListResourceSchemaRequest,
	resp *list.ListResourceSchemaResponse,
) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the custom roles visible to the provider's token, to adopt them with `terraform query`. Built-in roles " +
			"exist in every portal and are never listed.",
		Attributes: map[string]schema.Attribute{
			"organization_id": schema.StringAttribute{Optional: true, MarkdownDescription: "Only custom roles defined in this organization."},
			"name":            schema.StringAttribute{Optional: true, MarkdownDescription: "Only the role with this name (ignoring case)."},
		},
	}
}

func (r *roleListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listObjects(ctx, req, stream, "portal role",
		func(ctx context.Context, f roleListFilters) ([]wire.Role, error) {
			roles, err := r.client.ListRoles(ctx, wire.RoleQuery{OrganizationID: f.OrganizationID.ValueString(), Name: f.Name.ValueString()})
			custom := roles[:0]
			for _, role := range roles {
				if !role.Builtin {
					custom = append(custom, role)
				}
			}
			return custom, err
		},
		func(role wire.Role) string { return role.Name },
		func(role wire.Role) any {
			m := roleModel{Timeouts: nullTimeouts()}
			m.fill(&role)
			return m
		})
}
