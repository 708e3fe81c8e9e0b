package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

var _ datasource.DataSourceWithConfigure = (*usersDataSource)(nil)

type usersDataSource struct{ dataSourceBase }

func newUsersDataSource() datasource.DataSource { return &usersDataSource{} }

type usersModel struct {
	OrganizationID     types.String    `tfsdk:"organization_id"`
	IncludeDescendants types.Bool      `tfsdk:"include_descendants"`
	Status             types.String    `tfsdk:"status"`
	RoleID             types.String    `tfsdk:"role_id"`
	MFAEnrolled        types.Bool      `tfsdk:"mfa_enrolled"`
	Search             types.String    `tfsdk:"search"`
	Users              []userDataModel `tfsdk:"users"`
}

func (d *usersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_users"
}

func (d *usersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the portal users visible to the provider's token with the filters of the portal's user page. Every page of " +
			"the API is read.",
		Attributes: map[string]schema.Attribute{
			"organization_id": schema.StringAttribute{Optional: true, MarkdownDescription: "Only users homed in this organization."},
			"include_descendants": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "With `organization_id`: also users homed in organizations below it.",
			},
			"status": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only users with this status: `invited`, `active`, `disabled` or `locked`; or `expired`: invited users whose " +
					"set-up link has expired.",
				Validators: []validator.String{stringvalidator.OneOf("invited", "active", "disabled", "locked", "expired")},
			},
			"role_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only users holding this role (built-in name or custom role id) on some organization.",
			},
			"mfa_enrolled": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Only users who have (`true`) or have not (`false`) enrolled MFA.",
			},
			"search": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Free text matched against e-mail address and names, ignoring case.",
			},
			"users": schema.ListNestedAttribute{
				Computed: true, MarkdownDescription: "The matching users, ordered by id.",
				NestedObject: schema.NestedAttributeObject{Attributes: userDataAttributes(false)},
			},
		},
	}
}

func (d *usersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m usersModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	users, err := d.client.ListUsers(ctx, wire.UserQuery{
		OrganizationID: m.OrganizationID.ValueString(), IncludeDescendants: m.IncludeDescendants.ValueBool(),
		Status: wire.UserStatusFilter(
			m.Status.ValueString(),
		), RoleID: m.RoleID.ValueString(), MFAEnrolled: m.MFAEnrolled.ValueBoolPointer(), Q: m.Search.ValueString(),
	})
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "list", "portal users", "", "", err)
		return
	}
	m.Users = make([]userDataModel, 0, len(users))
	for _, u := range users {
		m.Users = append(m.Users, userData(u))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
