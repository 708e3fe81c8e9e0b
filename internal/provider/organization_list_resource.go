package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

var _ list.ListResourceWithConfigure = (*organizationListResource)(nil)

type organizationListResource struct{ resourceBase }

func newOrganizationListResource() list.ListResource { return &organizationListResource{} }

type organizationListFilters struct {
	ParentID   types.String `tfsdk:"parent_id"`
	Kind       types.String `tfsdk:"kind"`
	Name       types.String `tfsdk:"name"`
	ExternalID types.String `tfsdk:"external_id"`
}

func (r *organizationListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization"
}

func (r *organizationListResource) ListResourceConfigSchema(
	_ context.Context,
	_ list.ListResourceSchemaRequest,
	resp *list.ListResourceSchemaResponse,
) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the organizations visible to the provider's token, to adopt them with `terraform query`. Without filters: " +
			"every organization the token reaches.",
		Attributes: map[string]schema.Attribute{
			"parent_id": schema.StringAttribute{Optional: true, MarkdownDescription: "Only the direct children of this organization."},
			"kind": schema.StringAttribute{Optional: true, MarkdownDescription: "Only `partner` or only `client` organizations.",
				Validators: []validator.String{stringvalidator.OneOf("partner", "client")}},
			"name":        schema.StringAttribute{Optional: true, MarkdownDescription: "Only organizations with this name (ignoring case)."},
			"external_id": schema.StringAttribute{Optional: true, MarkdownDescription: "Only the organization with this external id."},
		},
	}
}

func (r *organizationListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listObjects(ctx, req, stream, "portal organization",
		func(ctx context.Context, f organizationListFilters) ([]wire.Organization, error) {
			return r.client.ListOrganizations(
				ctx,
				wire.OrganizationQuery{ParentID: f.ParentID.ValueString(), Kind: wire.OrgKind(f.Kind.ValueString()),
					Name: f.Name.ValueString(), ExternalID: f.ExternalID.ValueString()},
			)
		},
		func(o wire.Organization) string { return o.Name },
		func(o wire.Organization) any {
			m := organizationModel{Timeouts: nullTimeouts()}
			m.fill(&o)
			m.adopt()
			return m
		})
}
