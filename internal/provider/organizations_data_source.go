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

var _ datasource.DataSourceWithConfigure = (*organizationsDataSource)(nil)

type organizationsDataSource struct{ dataSourceBase }

func newOrganizationsDataSource() datasource.DataSource { return &organizationsDataSource{} }

type organizationsModel struct {
	ParentID      types.String            `tfsdk:"parent_id"`
	Kind          types.String            `tfsdk:"kind"`
	Name          types.String            `tfsdk:"name"`
	Organizations []organizationDataModel `tfsdk:"organizations"`
}

func (d *organizationsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organizations"
}

func (d *organizationsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the organizations visible to the provider's token, optionally filtered. Every page of the API is read.",
		Attributes: map[string]schema.Attribute{
			"parent_id": schema.StringAttribute{Optional: true, MarkdownDescription: "Only the direct children of this organization."},
			"kind": schema.StringAttribute{Optional: true, MarkdownDescription: "Only `partner` or only `client` organizations.",
				Validators: []validator.String{stringvalidator.OneOf("partner", "client")}},
			"name": schema.StringAttribute{Optional: true, MarkdownDescription: "Only organizations with this name (ignoring case)."},
			"organizations": schema.ListNestedAttribute{
				Computed: true, MarkdownDescription: "The matching organizations, ordered by id.",
				NestedObject: schema.NestedAttributeObject{Attributes: organizationDataAttributes(false)},
			},
		},
	}
}

func (d *organizationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m organizationsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	orgs, err := d.client.ListOrganizations(
		ctx,
		wire.OrganizationQuery{ParentID: m.ParentID.ValueString(), Kind: wire.OrgKind(m.Kind.ValueString()), Name: m.Name.ValueString()},
	)
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "list", "portal organizations", "", "", err)
		return
	}
	m.Organizations = make([]organizationDataModel, 0, len(orgs))
	for _, o := range orgs {
		m.Organizations = append(m.Organizations, organizationData(o))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
