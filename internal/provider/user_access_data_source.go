package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*userAccessDataSource)(nil)

type userAccessDataSource struct{ dataSourceBase }

func newUserAccessDataSource() datasource.DataSource { return &userAccessDataSource{} }

type userAccessModel struct {
	UserID types.String       `tfsdk:"user_id"`
	Access []accessEntryModel `tfsdk:"access"`
}

func (d *userAccessDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user_access"
}

func (d *userAccessDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An access review in one read: every organization a user reaches, the effective permissions there, and the " +
			"assignments they come from, with inherited access marked as such. Limited to the organizations the provider's token can see.",
		Attributes: map[string]schema.Attribute{
			"user_id": schema.StringAttribute{Required: true, MarkdownDescription: "The user to review."},
			"access":  accessAttribute("Every organization the user reaches."),
		},
	}
}

func (d *userAccessDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m userAccessModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ua, err := d.client.UserAccess(ctx, m.UserID.ValueString())
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "read", "access of portal user", m.UserID.ValueString(), "", err)
		return
	}
	m.Access = accessEntries(ua.Access)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
