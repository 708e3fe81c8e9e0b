package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

var _ datasource.DataSourceWithConfigure = (*rolesDataSource)(nil)

type rolesDataSource struct{ dataSourceBase }

func newRolesDataSource() datasource.DataSource { return &rolesDataSource{} }

type rolesModel struct {
	OrganizationID types.String    `tfsdk:"organization_id"`
	Roles          []roleDataModel `tfsdk:"roles"`
}

func (d *rolesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_roles"
}

func (d *rolesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the built-in roles and the custom roles visible to the provider's token. Every page of the API is read.",
		Attributes: map[string]schema.Attribute{
			"organization_id": schema.StringAttribute{Optional: true, MarkdownDescription: "Only the custom roles defined in this organization."},
			"roles": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The roles, ordered by id.",
				NestedObject: schema.NestedAttributeObject{Attributes: roleDataAttributes(false)}},
		},
	}
}

func (d *rolesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m rolesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	roles, err := d.client.ListRoles(ctx, wire.RoleQuery{OrganizationID: m.OrganizationID.ValueString()})
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "list", "portal roles", "", "", err)
		return
	}
	m.Roles = make([]roleDataModel, 0, len(roles))
	for _, r := range roles {
		m.Roles = append(m.Roles, roleData(r))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
