package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*permissionsDataSource)(nil)

type permissionsDataSource struct{ dataSourceBase }

func newPermissionsDataSource() datasource.DataSource { return &permissionsDataSource{} }

type permissionModel struct {
	Name        types.String `tfsdk:"name"`
	Description types.String `tfsdk:"description"`
}

type permissionsModel struct {
	Permissions []permissionModel `tfsdk:"permissions"`
}

func (d *permissionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_permissions"
}

func (d *permissionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The permission catalog: every permission a custom role can hold, with what it allows.",
		Attributes: map[string]schema.Attribute{
			"permissions": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The catalog.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":        schema.StringAttribute{Computed: true, MarkdownDescription: "Permission name, e.g. `users:write`."},
					"description": schema.StringAttribute{Computed: true, MarkdownDescription: "What it allows."},
				}}},
		},
	}
}

func (d *permissionsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	perms, err := d.client.ListPermissions(ctx)
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "list", "portal permissions", "", "", err)
		return
	}
	var m permissionsModel
	for _, p := range perms {
		m.Permissions = append(m.Permissions, permissionModel{Name: types.StringValue(p.Name), Description: types.StringValue(p.Description)})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
