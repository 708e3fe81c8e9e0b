package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*currentIdentityDataSource)(nil)

type currentIdentityDataSource struct{ dataSourceBase }

func newCurrentIdentityDataSource() datasource.DataSource { return &currentIdentityDataSource{} }

type currentIdentityModel struct {
	UserID         types.String       `tfsdk:"user_id"`
	Email          types.String       `tfsdk:"email"`
	OrganizationID types.String       `tfsdk:"organization_id"`
	Access         []accessEntryModel `tfsdk:"access"`
}

func (d *currentIdentityDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_current_identity"
}

func (d *currentIdentityDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Who the provider's token belongs to and what it may do: the user, their home organization, and their effective " +
			"access.",
		Attributes: map[string]schema.Attribute{
			"user_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Identifier of the token's user; null when the token is a service account's.",
			},
			"email": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "E-mail address of the token's user; null when the token is a service account's.",
			},
			"organization_id": schema.StringAttribute{Computed: true, MarkdownDescription: "Home organization of the token's user."},
			"access":          accessAttribute("Every organization the token reaches, with its permissions and the assignments they come from."),
		},
	}
}

func (d *currentIdentityDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	me, err := d.client.Me(ctx)
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "read", "current identity", "", "", err)
		return
	}
	m := currentIdentityModel{
		UserID: types.StringNull(), Email: types.StringNull(),
		OrganizationID: types.StringValue(me.OrganizationID), Access: accessEntries(me.Access),
	}
	if me.User != nil { // a service account's token has no user
		m.UserID, m.Email = types.StringValue(me.User.ID), types.StringValue(me.User.Email)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
